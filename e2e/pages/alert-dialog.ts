import { expect, type Locator, type Page } from "@playwright/test";

/**
 * One of an alert's dialogs (components/alerts/action-dialog.tsx): Assign, Add note, Resolve or
 * Reopen, opened from a triage queue row or from the alert on the patient's record: by the alert's
 * one button (Resolve of an acknowledged alert, Reopen of a resolved one), or from its "More" menu.
 */
export class AlertDialog {
  readonly root: Locator;
  readonly cancel: Locator;
  /**
   * The control that opened it, where the focus comes back: the action's own button where the
   * alert offers it as one, otherwise the "More" menu's button. Known once `open` has run.
   */
  opener: Locator;

  constructor(
    readonly page: Page,
    /** The alert's queue row, or the alert on the patient's record. */
    readonly scope: Locator,
    /** The action's name, e.g. /^Assign…/: a button of the alert, or an item of its "More" menu. */
    readonly action: RegExp,
    /** The dialog's title, e.g. "Assign the alert for Elspeth Muir". */
    title: string,
    /** Its first field, where focus moves when it opens. */
    readonly firstField: Locator,
  ) {
    this.root = page.getByRole("dialog", { name: title, exact: true });
    this.cancel = this.root.getByRole("button", { name: "Cancel", exact: true });
    this.opener = scope.getByRole("button", { name: action });
  }

  /**
   * Presses the action (its button, or its item of the "More" menu) and checks the dialog as a
   * keyboard or screen-reader user meets it: shown, focus on its first field, in the middle of the
   * window; then that it is still open after those checks, so a dialog that shuts itself just
   * after opening fails here.
   */
  async open() {
    const button = this.scope.getByRole("button", { name: this.action });
    if ((await button.count()) > 0) {
      this.opener = button;
      await button.click();
    } else {
      this.opener = this.scope.getByRole("button", { name: /^More actions/ });
      await this.opener.click();
      await this.page.getByRole("menu").getByRole("menuitem", { name: this.action }).click();
      await expect(this.page.getByRole("menu")).toBeHidden();
    }
    await expect(this.root).toBeVisible();
    await expectFocusOn(this.firstField);
    await this.expectCentred();
    await expect(this.root).toBeVisible();
    await expectFocusOn(this.firstField);
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
    await expectFocusOn(this.opener);
  }
}

/**
 * `element` is the page's focused element (document.activeElement): where the keyboard acts. Unlike
 * toBeFocused(), this does not also ask whether the browser's window has the focus, which the
 * test's other windows (a patient's, axe's blank page) can take whatever the page does.
 */
async function expectFocusOn(element: Locator) {
  await expect.poll(() => element.evaluate((el) => el === document.activeElement)).toBe(true);
}

/** The dialogs of one alert, opened from `scope` (its queue row, or the alert on the record). */
export function alertDialogs(page: Page, scope: Locator, patientName: string) {
  const dialog = (action: RegExp, title: string, firstField: (root: Locator) => Locator) => {
    const root = page.getByRole("dialog", { name: title, exact: true });
    return new AlertDialog(page, scope, action, title, firstField(root));
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
