import { expect, type Locator, type Page } from "@playwright/test";

/**
 * One of an alert's dialogs (components/alerts/action-dialog.tsx): Assign, Add note, Resolve or
 * Reopen, opened by a button of a triage queue row or of the alert on the patient's record.
 */
export class AlertDialog {
  readonly root: Locator;
  readonly cancel: Locator;

  constructor(
    readonly page: Page,
    /** The button that opens it, e.g. a row's "Assign…". */
    readonly opener: Locator,
    /** The dialog's title, e.g. "Assign the alert for Elspeth Muir". */
    title: string,
    /** Its first field, where focus moves when it opens. */
    readonly firstField: Locator,
  ) {
    this.root = page.getByRole("dialog", { name: title, exact: true });
    this.cancel = this.root.getByRole("button", { name: "Cancel", exact: true });
  }

  /**
   * Presses the opener and checks the dialog as a keyboard or screen-reader user meets it: shown,
   * focus on its first field, in the middle of the window; then that it is still open after those
   * checks, so a dialog that shuts itself just after opening fails here.
   */
  async open() {
    await this.opener.click();
    await expect(this.root).toBeVisible();
    await expect(this.firstField).toBeFocused();
    await this.expectCentred();
    await expect(this.root).toBeVisible();
    await expect(this.firstField).toBeFocused();
  }

  /** Its centre is the window's, give or take a pixel of rounding, and none of it is off-screen. */
  async expectCentred() {
    const box = await this.root.boundingBox();
    const viewport = this.page.viewportSize();
    if (!box || !viewport) throw new Error("The dialog or the window has no size");
    const where = `dialog at ${JSON.stringify(box)} in a ${viewport.width}×${viewport.height} window`;
    expect(Math.abs(box.x + box.width / 2 - viewport.width / 2), where).toBeLessThanOrEqual(1);
    expect(Math.abs(box.y + box.height / 2 - viewport.height / 2), where).toBeLessThanOrEqual(1);
    expect(box.x, where).toBeGreaterThan(0);
    expect(box.y, where).toBeGreaterThan(0);
  }

  button(name: string): Locator {
    return this.root.getByRole("button", { name, exact: true });
  }

  /** Closed, with focus back on the button that opened it. */
  async expectClosedWithFocusOnOpener() {
    await expect(this.root).toBeHidden();
    await expect(this.opener).toBeFocused();
  }
}

/** The dialogs of one alert, opened from `scope` (its queue row, or the alert on the record). */
export function alertDialogs(page: Page, scope: Locator, patientName: string) {
  const dialog = (opener: RegExp, title: string, firstField: (root: Locator) => Locator) => {
    const root = page.getByRole("dialog", { name: title, exact: true });
    return new AlertDialog(page, scope.getByRole("button", { name: opener }), title, firstField(root));
  };
  return {
    assign: dialog(/^Assign…/, `Assign the alert for ${patientName}`, (d) =>
      d.getByRole("combobox", { name: "Assign to" }),
    ),
    note: dialog(/^Add note…/, `Add a note to the alert for ${patientName}`, (d) =>
      d.getByRole("textbox", { name: "Note", exact: true }),
    ),
    resolve: dialog(/^Resolve…/, `Resolve the alert for ${patientName}`, (d) => d.getByRole("checkbox").first()),
    reopen: dialog(/^Reopen…/, `Reopen the alert for ${patientName}`, (d) =>
      d.getByRole("textbox", { name: "Why are you reopening it? (optional)" }),
    ),
  };
}
