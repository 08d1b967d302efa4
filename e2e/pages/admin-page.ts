import type { Locator, Page } from "@playwright/test";
import { ShellPage } from "./shell-page";

/** The admin home (/admin): the staff accounts of the admin's organisation. */
export class AdminPage extends ShellPage {
  readonly staffTable: Locator;
  readonly staffRows: Locator;

  constructor(page: Page) {
    super(page, "Staff", /\/admin$/);
    this.staffTable = page.getByRole("table", { name: "Staff accounts" });
    this.staffRows = this.staffTable.getByRole("row").filter({ has: page.getByRole("cell") });
  }
}
