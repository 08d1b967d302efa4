import type { Locator, Page } from "@playwright/test";
import { ShellPage } from "./shell-page";

/** The patient's own home (/me). */
export class MyRecordPage extends ShellPage {
  readonly whoCanSee: Locator;

  constructor(page: Page) {
    super(page, "My record", /\/me$/);
    this.whoCanSee = page.getByRole("region", { name: "Who can see my record" });
  }
}
