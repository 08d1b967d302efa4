/**
 * The alert dialogs (Assign, Add note, Resolve, Reopen) on the triage queue and the patient's
 * record: each stays open until used, takes focus, sits in the middle of the window, closes on
 * Escape or Cancel and gives focus back to its button. The specs arrange nothing in the database,
 * so they also run on `npm run dev` (scripts/test-all.sh), whose development checks mount every
 * component twice.
 */
import { expect, test } from "@playwright/test";
import { alertDialogs } from "./pages/alert-dialog";
import { keepScreenshot, seriousViolations } from "./support/artefacts";
import { breastPatientAccount, staff } from "./support/demo";
import { allowing } from "./support/server";
import { redAlertOnQueue } from "./support/triage";

// Each test raises a new alert of its own patient: a second report of one patient would join the first's.
const FIRST = breastPatientAccount(12);
const SECOND = breastPatientAccount(16);

test.describe("the alert dialogs", () => {
  test("an oncologist acknowledges, assigns, notes and resolves an alert on the queue, then reopens it on the patient's record", async ({
    page,
    browser,
  }, testInfo) => {
    const oncologist = staff("oncologist1");
    const nurse = staff("nurse1");
    const { reason, queue, row } = await redAlertOnQueue(page, browser, oncologist, "39.6", FIRST);
    const dialogs = alertDialogs(page, row, FIRST.name);

    await queue.acknowledge(row);
    await expect(queue.rowMessage(row)).toHaveText("Alert acknowledged: it is now assigned to you.");

    // Handed to the team's nurse with a note for her.
    await dialogs.assign.open();
    await keepScreenshot(page, testInfo, "1-assign-dialog");
    await dialogs.assign.firstField.selectOption({ label: `${nurse.name} — nurse` });
    await dialogs.assign.root
      .getByRole("textbox", { name: "Note for them (optional)" })
      .fill("Please phone her this morning.");
    await dialogs.assign.button("Assign").click();
    await dialogs.assign.expectClosedWithFocusOnOpener();
    await expect(queue.rowMessage(row)).toHaveText("Alert assigned.");
    await expect(await queue.cell(row, "Assigned to")).toHaveText(nurse.name);

    // An empty note is refused in the dialog, which stays open to put it right.
    await dialogs.note.open();
    await dialogs.note.button("Add note").click();
    await expect(dialogs.note.root.getByRole("alert")).toBeVisible();
    await dialogs.note.firstField.fill("Spoke to her: she is on her way to acute oncology.");
    await dialogs.note.button("Add note").click();
    await dialogs.note.expectClosedWithFocusOnOpener();
    await expect(queue.rowMessage(row)).toHaveText("Note added.");

    await dialogs.resolve.open();
    await dialogs.resolve.root.getByRole("checkbox", { name: "Acute oncology referral", exact: true }).check();
    await dialogs.resolve.button("Resolve alert").click();
    await expect(dialogs.resolve.root).toBeHidden();
    await expect(queue.rowMessage(row)).toHaveText("Alert resolved.");
    await expect(row).toContainText("Resolved");

    // Reopened from the patient's record, whose history of the alert then holds every step.
    await row.getByRole("link", { name: FIRST.name, exact: true }).click();
    // The record reads and charts weeks of reports: on a busy machine it can stream for a while.
    await expect(page.getByRole("heading", { level: 1, name: FIRST.name, exact: true })).toBeVisible({
      timeout: allowing(30_000),
    });
    const alert = page.getByRole("region", { name: "Alerts" }).getByRole("article").filter({ hasText: reason });
    await expect(alert).toHaveCount(1);
    const onRecord = alertDialogs(page, alert, FIRST.name);
    await onRecord.reopen.open();
    await keepScreenshot(page, testInfo, "2-reopen-dialog-on-record");
    await onRecord.reopen.firstField.fill("Still feverish on the evening call.");
    await onRecord.reopen.button("Reopen alert").click();
    await expect(onRecord.reopen.root).toBeHidden();
    await expect(alert.getByRole("status")).toHaveText("Alert reopened: it is now assigned to you.");
    await expect(alert.getByText("History (5)")).toBeVisible();
    await alert.getByText("History (5)").click();
    await expect(alert).toContainText(
      new RegExp(
        [
          `Acknowledged by ${oncologist.name}`,
          `Assigned by ${oncologist.name}.*Please phone her this morning\\.`,
          `Note added by ${oncologist.name}.*Spoke to her`,
          `Resolved by ${oncologist.name}.*Referred to acute oncology`,
          `Reopened by ${oncologist.name}.*Still feverish on the evening call\\.`,
        ].join(".*"),
        "s",
      ),
    );
    await keepScreenshot(page, testInfo, "3-reopened-on-record");
  });

  test("each dialog takes focus, sits in the middle of the window, closes on Escape or Cancel and gives focus back, and has no serious accessibility violations", async ({
    page,
    browser,
  }, testInfo) => {
    const { queue, row } = await redAlertOnQueue(page, browser, staff("nurse1"), "39.7", SECOND);
    const dialogs = alertDialogs(page, row, SECOND.name);

    for (const dialog of [dialogs.assign, dialogs.note, dialogs.resolve]) {
      await dialog.open();
      await page.keyboard.press("Escape");
      await dialog.expectClosedWithFocusOnOpener();
    }

    await dialogs.note.open();
    expect(await seriousViolations(page)).toEqual([]);
    await keepScreenshot(page, testInfo, "note-dialog");
    await dialogs.note.cancel.click();
    await dialogs.note.expectClosedWithFocusOnOpener();
    // Nothing was changed by opening and closing them.
    await expect(row).toContainText("Open");
    await expect(queue.rowMessage(row)).toHaveCount(0);

    // On a phone-sized window it fits, with a margin, in the middle.
    await page.setViewportSize({ width: 390, height: 844 });
    await dialogs.resolve.open();
    await keepScreenshot(page, testInfo, "resolve-dialog-on-phone");
    await dialogs.resolve.cancel.click();
    await dialogs.resolve.expectClosedWithFocusOnOpener();
  });
});
