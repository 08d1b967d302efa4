import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./app-shell";

export class MyRecordPage {
  readonly shell: AppShell;
  readonly heading: Locator;
  readonly whoCanSee: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.heading = page.getByRole("heading", { level: 1, name: "My record" });
    this.whoCanSee = page.getByRole("region", { name: "Who can see my record" });
  }

  async expectShown() {
    await expect(this.page).toHaveURL(/\/me$/);
    await expect(this.heading).toBeVisible();
  }
}
