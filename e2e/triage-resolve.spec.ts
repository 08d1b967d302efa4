import { expect, test } from "@playwright/test";
import { axeViolations, keepScreenshot } from "./support/artefacts";
import { breastPatientAccount, staff } from "./support/demo";
import { openQueue, redAlertOnQueue } from "./support/triage";

// A patient of its own, with no active alert: the fever raises a new alert rather than joining one.
const PATIENT = breastPatientAccount(26);

test.describe("triaging a red alert", () => {
  test("an oncologist takes a red alert from the queue to resolution with outcome codes", async ({
    page,
    browser,
  }, testInfo) => {
    const { reason, queue, row } = await redAlertOnQueue(page, browser, staff("oncologist1"), "39.1", PATIENT);
    await expect(row).toContainText(PATIENT.name);
    await expect(row).toContainText("Red");
    await expect(row).toContainText("Open");
    await expect(row).toContainText(/\d+ min left/);
    // Red first: no amber alert is listed above it.
    const severities = await queue.severities();
    const index = await row.evaluate((r) => Array.from(r.parentElement?.children ?? []).indexOf(r));
    expect(severities.slice(0, index).every((s) => s === "Red")).toBe(true);
    await expect(queue.overdueCount).toHaveText(/^\d+$/);
    await keepScreenshot(page, testInfo, "1-queue-with-red-alert");

    await queue.acknowledge(row);
    await expect(queue.rowMessage(row)).toHaveText("Alert acknowledged: it is now assigned to you.");
    await expect(row).toContainText("Acknowledged");
    await expect(await queue.cell(row, "Assigned to")).toHaveText("You");
    await expect(row).toContainText("Responded");
    await keepScreenshot(page, testInfo, "2-acknowledged");

    // Acknowledged, the row's one button is Resolve.
    await row.getByRole("button", { name: /^Resolve…/ }).click();
    const dialog = page.getByRole("dialog", { name: `Resolve the alert for ${PATIENT.name}` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("checkbox")).toHaveCount(7);
    // Nothing ticked: the dialog says so and stays open.
    await dialog.getByRole("button", { name: "Resolve alert" }).click();
    await expect(dialog.getByRole("alert")).toContainText("Choose at least one outcome.");
    await keepScreenshot(page, testInfo, "3-resolve-dialog");
    await dialog.getByRole("checkbox", { name: "Acute oncology referral", exact: true }).check();
    await dialog.getByRole("checkbox", { name: "Self-care advice given", exact: true }).check();
    await dialog
      .getByRole("textbox", { name: "Note (optional)" })
      .fill("Phoned: paracetamol advice, attending acute oncology now.");
    await dialog.getByRole("button", { name: "Resolve alert" }).click();
    await expect(dialog).toBeHidden();
    await expect(queue.rowMessage(row)).toHaveText("Alert resolved.");
    await expect(row).toContainText("Resolved");
    await expect(row.getByRole("list", { name: "Outcomes" })).toHaveText(
      /Self-care advice given\s*Acute oncology referral/,
    );
    await expect(row.getByRole("button", { name: /^Reopen…/ })).toBeVisible();
    await keepScreenshot(page, testInfo, "4-resolved");

    // The default view no longer holds it; the resolved view, reached by URL, does.
    await page.reload();
    await expect(queue.row(reason)).toHaveCount(0);
    await queue.goto("?status=resolved");
    await expect(page.getByLabel("Status")).toHaveValue("resolved");
    const resolved = queue.row(reason);
    await expect(resolved).toHaveCount(1);
    await expect(resolved).toContainText("by you");
    await expect(resolved.getByRole("list", { name: "Outcomes" })).toContainText("Acute oncology referral");
    await keepScreenshot(page, testInfo, "5-resolved-view");
  });

  test("the triage queue has no accessibility violations on the WCAG 2.2 AA rules, with and without a dialog open", async ({
    page,
  }, testInfo) => {
    const queue = await openQueue(page, staff("nurse1"));
    await expect(queue.summary).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);

    // The table, when it has rows, is keyboard usable: sort links carry aria-sort on their headers.
    if ((await queue.rows.count()) > 0) {
      await expect(queue.table.getByRole("columnheader", { name: /Severity/ })).toHaveAttribute(
        "aria-sort",
        "descending",
      );
      await queue.chooseAction(queue.rows.first(), /^Add note…/);
      await expect(page.getByRole("dialog")).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press("Escape");
      await expect(page.getByRole("dialog")).toBeHidden();
    }
    await queue.goto("?status=resolved&sort=timeLeft&dir=asc");
    expect(await axeViolations(page)).toEqual([]);
    await keepScreenshot(page, testInfo, "accessibility-checked");
  });
});
