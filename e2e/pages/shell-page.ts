import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./app-shell";

/**
 * A signed-in page: the shared header, and a level-one heading at its own address. A page is
 * shown when the browser is at that address and the heading is visible.
 */
export class ShellPage {
  readonly shell: AppShell;
  readonly heading: Locator;

  constructor(
    readonly page: Page,
    title: string,
    private readonly address: RegExp,
  ) {
    this.shell = new AppShell(page);
    this.heading = page.getByRole("heading", { level: 1, name: title });
  }

  async expectShown() {
    await expect(this.page).toHaveURL(this.address);
    await expect(this.heading).toBeVisible();
  }
}
