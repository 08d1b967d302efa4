import { expect, type Locator, type Page } from "@playwright/test";

/** One staff member's account page: roles, access and history. */
export class AdminStaffMemberPage {
  readonly status: Locator;
  readonly history: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByRole("main").getByRole("status");
    this.history = page.getByRole("table", { name: "History" });
  }

  /** Presses an action's button and, when it asks, confirms. */
  async act(label: string, confirmLabel?: string) {
    await this.page.getByRole("button", { name: label, exact: true }).click();
    if (confirmLabel) {
      const confirm = this.page.getByRole("button", { name: confirmLabel, exact: true });
      await expect(confirm).toBeFocused();
      await confirm.click();
    }
  }

  async expectDone(text: string | RegExp) {
    await expect(this.page.getByRole("main").getByRole("status").filter({ hasText: text })).toBeVisible();
  }
}
