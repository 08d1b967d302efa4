import type { Locator, Page } from "@playwright/test";
import { ShellPage } from "./shell-page";

/** "Who has looked at my record" (/me/access): the patient's access log. */
export class AccessLogPage extends ShellPage {
  readonly table: Locator;
  readonly entries: Locator;
  readonly pages: Locator;

  constructor(page: Page) {
    super(page, "Who has looked at my record", /\/me\/access(\?.*)?$/);
    this.table = page.getByRole("table", { name: "Accesses to your record, newest first" });
    this.entries = this.table.getByRole("row").filter({ has: page.getByRole("cell") });
    this.pages = page.getByRole("navigation", { name: "Pages of the access log" });
  }

  async goto() {
    await this.page.goto("/me/access");
    await this.expectShown();
  }

  /** The entries naming `who`. */
  by(who: string): Locator {
    return this.entries.filter({ hasText: who });
  }
}
