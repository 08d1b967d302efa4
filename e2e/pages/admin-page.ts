import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./app-shell";

export class AdminPage {
  readonly shell: AppShell;
  readonly heading: Locator;
  readonly staffTable: Locator;
  readonly staffRows: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.heading = page.getByRole("heading", { level: 1, name: "Staff" });
    this.staffTable = page.getByRole("table", { name: "Staff accounts" });
    this.staffRows = this.staffTable.getByRole("row").filter({ has: page.getByRole("cell") });
  }

  async expectShown() {
    await expect(this.page).toHaveURL(/\/admin$/);
    await expect(this.heading).toBeVisible();
  }
}
