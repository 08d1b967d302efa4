import { expect, type Locator, type Page } from "@playwright/test";
import { ShellPage } from "./shell-page";

/** The organisation's settings (/admin/settings) and their change log. */
export class AdminSettingsPage extends ShellPage {
  readonly save: Locator;
  readonly changes: Locator;

  constructor(page: Page) {
    super(page, "Organisation settings", /\/admin\/settings$/);
    this.save = page.getByRole("button", { name: "Save settings" });
    this.changes = page.getByRole("table", { name: "Recent changes" });
  }

  async goto() {
    await this.page.goto("/admin/settings");
    await this.expectShown();
  }

  /** Sets one field, by its label, saves, and waits for the form to say it saved. */
  async change(label: string, value: string) {
    await this.page.getByLabel(label, { exact: true }).fill(value);
    await this.save.click();
    await expect(this.page.getByText(/^Saved: /)).toBeVisible();
  }

  /** The newest entry of the change log. */
  newestChange(): Locator {
    return this.changes
      .getByRole("row")
      .filter({ has: this.page.getByRole("cell") })
      .first();
  }
}
