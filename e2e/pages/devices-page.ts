import { expect, type Locator, type Page } from "@playwright/test";
import { ShellPage } from "./shell-page";

/** The patient's device tokens (/me/devices). */
export class DevicesPage extends ShellPage {
  readonly name: Locator;
  readonly create: Locator;
  /** The new token, shown once. */
  readonly token: Locator;
  readonly copy: Locator;

  constructor(page: Page) {
    super(page, "My devices", /\/me\/devices$/);
    this.name = page.getByLabel("Device name");
    this.create = page.getByRole("button", { name: "Create a token" });
    this.token = page.getByRole("status").filter({ hasText: "Copy it now" }).getByRole("code");
    this.copy = page.getByRole("button", { name: "Copy the token" });
  }

  async goto() {
    await this.page.goto("/me/devices");
    await this.expectShown();
  }

  async createToken(name: string): Promise<string> {
    await this.name.fill(name);
    await this.create.click();
    await expect(this.token).toBeVisible();
    return ((await this.token.textContent()) ?? "").trim();
  }

  /** The listed device named `name`. */
  device(name: string): Locator {
    return this.page.getByRole("listitem").filter({ hasText: name });
  }

  revoke(name: string): Locator {
    return this.page.getByRole("button", { name: `Revoke ${name}`, exact: true });
  }
}
