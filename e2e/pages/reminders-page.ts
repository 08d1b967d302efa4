import type { Locator, Page } from "@playwright/test";
import { ShellPage } from "./shell-page";

/** The patient's reminders to report (/me/reminders). */
export class RemindersPage extends ShellPage {
  readonly summary: Locator;
  readonly remindMe: Locator;
  readonly noReminders: Locator;
  readonly byEmail: Locator;
  readonly byPush: Locator;
  readonly browsers: Locator;
  readonly remindAt: Locator;
  readonly keepQuietHours: Locator;
  readonly quietFrom: Locator;
  readonly quietUntil: Locator;
  readonly save: Locator;
  readonly saved: Locator;

  constructor(page: Page) {
    super(page, "Reminders to report", /\/me\/reminders$/);
    this.summary = page.getByRole("status").filter({ hasText: /^Reminders are/ });
    this.remindMe = page.getByRole("radio", { name: "Yes, remind me" });
    this.noReminders = page.getByRole("radio", { name: "No reminders" });
    this.byEmail = page.getByRole("checkbox", { name: "By email" });
    this.byPush = page.getByRole("checkbox", { name: /^On my phone or browser/ });
    this.browsers = page.getByRole("region", { name: "Phones and browsers that show reminders" });
    this.remindAt = page.getByLabel("Remind me at");
    this.keepQuietHours = page.getByRole("radio", { name: "Keep quiet hours" });
    this.quietFrom = page.getByLabel("Quiet from");
    this.quietUntil = page.getByLabel("Quiet until");
    this.save = page.getByRole("button", { name: "Save my reminders" });
    this.saved = page.getByRole("status").filter({ hasText: /^Saved\./ });
  }

  async goto() {
    await this.page.goto("/me/reminders");
    await this.expectShown();
  }
}
