import type { Locator, Page } from "@playwright/test";
import { ShellPage } from "./shell-page";

/** The patient's sharing page (/me/sharing): who may see which part of their record. */
export class SharingPage extends ShellPage {
  /** What each part of the record shows, as a description list. */
  readonly whatEachPartShows: Locator;

  constructor(page: Page) {
    super(page, "Who can see my record", /\/me\/sharing$/);
    this.whatEachPartShows = page.getByRole("region", { name: "What each part shows" });
  }

  async goto() {
    await this.page.goto("/me/sharing");
    await this.expectShown();
  }
}
