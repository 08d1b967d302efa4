/**
 * The triage queue scans as a busy oncology unit needs it. Each test arranges a unit of its own in
 * PostgreSQL (e2e/support/queue-db.ts), so it can count rows and red alerts exactly:
 *
 * - at 1920×1080 the queue uses the width: one line an alert, at least 12 alerts fully in the
 *   window, one button an alert for what it waits for and a "More" menu for the rest, each
 *   symptom's reasons in one phrase, what the patient said, and the latest clinician's note;
 * - the "More" menu is a menu button that works by keyboard;
 * - the tab's title counts the open red alerts, and keeps counting as the queue polls;
 * - a clinician's note is the row's latest note at once, and the record's, outside the history;
 * - no accessibility violations (WCAG 2 A/AA, 2.2 AA) at 1920×1080 or 390×844, with the menu open.
 */
import { expect, type Page, test } from "@playwright/test";
import { alertDialogs } from "./pages/alert-dialog";
import { PatientRecordPage } from "./pages/patient-record-page";
import type { TriagePage } from "./pages/triage-page";
import { axeViolations } from "./support/artefacts";
import { arrangeQueueUnit, raiseRedAlert } from "./support/queue-db";
import { BUSY_AFTERNOON, LONG_PATIENT_NOTE } from "./support/queue-plans";
import { allowing } from "./support/server";
import { openQueue } from "./support/triage";

const DESKTOP = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };

/** The queue polls every 15 seconds; allow two polls and a busy machine. */
const POLL_WAIT = 50_000;

/** Where each of the queue's rows is in the window, top to bottom. */
function rowBoxes(queue: TriagePage) {
  return queue.rows.evaluateAll((rows) =>
    rows.map((row) => {
      const box = row.getBoundingClientRect();
      return { top: box.top, bottom: box.bottom, height: box.height };
    }),
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function expectNoAxeViolations(page: Page, where: string) {
  expect(await axeViolations(page), where).toEqual([]);
}

test.describe("a busy afternoon's queue (25 alerts)", () => {
  let unit: Awaited<ReturnType<typeof arrangeQueueUnit>>;
  test.beforeAll(async () => {
    unit = await arrangeQueueUnit("wall", BUSY_AFTERNOON);
  });

  test.use({ viewport: DESKTOP });

  test("at 1920×1080 each alert is one line, and at least 12 are fully in the window", async ({ page }) => {
    const queue = await openQueue(page, unit.nurse);
    await expect(queue.rows).toHaveCount(25);
    const boxes = await rowBoxes(queue);
    const inWindow = boxes.filter((b) => b.top >= 0 && b.bottom <= DESKTOP.height);
    expect(inWindow.length, JSON.stringify(boxes)).toBeGreaterThanOrEqual(12);
    for (const [i, box] of boxes.entries()) expect(box.height, `row ${i + 1}`).toBeLessThan(56);
    // The width is used, and nothing scrolls sideways.
    expect(await queue.table.evaluate((t) => t.getBoundingClientRect().width)).toBeGreaterThan(1800);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(DESKTOP.width);

    // One button an alert, for what it waits for; everything else in the row's menu.
    const open = queue.row(unit.alerts[5].hospitalNumber);
    await expect(open.getByRole("button")).toHaveCount(2);
    await expect(open.getByRole("button", { name: /^Acknowledge/ })).toBeVisible();
    await expect(queue.moreActions(open)).toBeVisible();
    const acknowledged = queue.row(unit.alerts[9].hospitalNumber);
    await expect(acknowledged.getByRole("button")).toHaveCount(2);
    await expect(acknowledged.getByRole("button", { name: /^Resolve…/ })).toBeVisible();

    // A symptom's grade and its rise are one phrase.
    const sick = queue.row(unit.alerts[1].hospitalNumber);
    const reasons = await queue.cell(sick, "Reasons");
    await expect(reasons).toHaveText("Nausea grade 3, rose from 1; Vomiting grade 3, rose from 1");
    // What the patient said: they cannot wait, and their note, whole in the page however it is cut.
    const says = await queue.cell(sick, "Patient says");
    await expect(says).toContainText("Can't wait");
    await expect(says).toContainText(LONG_PATIENT_NOTE);
    await expect(says.getByTitle(LONG_PATIENT_NOTE, { exact: false })).toBeVisible();
    // The latest clinician's note: who, when, and what.
    const noted = queue.row(unit.alerts[2].hospitalNumber);
    await expect(await queue.cell(noted, "Latest note")).toHaveText(
      /^Dr Euan Baxter, \d\d:\d\d: Rang twice, no answer\. Will try her daughter's number\.$/,
    );

    // Long text in full, on request: the rows then take the lines they need.
    await page.getByRole("checkbox", { name: "Show long text in full" }).check();
    await expect.poll(async () => (await rowBoxes(queue))[1].height).toBeGreaterThan(56);
  });

  test("a reviewer sees the queue of 25 alerts at 1920×1080 and on a phone", async ({ page }, testInfo) => {
    const queue = await openQueue(page, unit.nurse);
    await expect(queue.rows).toHaveCount(25);
    await expect(queue.summary).toHaveText("Showing 1–25 of 25 alerts, most urgent first.");
    await testInfo.attach("triage queue, 25 alerts, 1920×1080", {
      body: await page.screenshot(),
      contentType: "image/png",
    });
    await page.setViewportSize(PHONE);
    await expect(queue.rows.first()).toBeVisible();
    await testInfo.attach("triage queue, 25 alerts, 390×844", {
      body: await page.screenshot(),
      contentType: "image/png",
    });
  });

  test("the More menu works by keyboard, and its dialogs give the focus back to it", async ({ page }) => {
    const queue = await openQueue(page, unit.nurse);
    const alert = unit.alerts[5];
    const row = queue.row(alert.hospitalNumber);
    const more = queue.moreActions(row);
    await expect(more).toHaveAccessibleName(`More actions for the alert for ${alert.patientName}`);
    await expect(more).toHaveAttribute("aria-haspopup", "menu");
    await expect(more).toHaveAttribute("aria-expanded", "false");

    // Enter opens it on its first item; the arrows go round; Home and End go to the ends.
    await more.focus();
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu", { name: `More actions for the alert for ${alert.patientName}` });
    await expect(menu).toBeVisible();
    await expect(more).toHaveAttribute("aria-expanded", "true");
    const items = menu.getByRole("menuitem");
    await expect(items).toHaveText([/^Assign…/, /^Add note…/, /^Resolve…/]);
    await expect(items.nth(0)).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(items.nth(1)).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect(items.nth(0)).toBeFocused();
    await page.keyboard.press("ArrowUp");
    await expect(items.nth(2)).toBeFocused();
    await page.keyboard.press("Home");
    await expect(items.nth(0)).toBeFocused();
    await page.keyboard.press("End");
    await expect(items.nth(2)).toBeFocused();
    // A letter goes to the item it starts.
    await page.keyboard.press("a");
    await expect(items.nth(0)).toBeFocused();
    await expectNoAxeViolations(page, "menu open at 1920×1080");

    // Escape closes it and gives the focus back to its button.
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(more).toBeFocused();
    await expect(more).toHaveAttribute("aria-expanded", "false");

    // Up Arrow opens it on its last item; Tab closes it and moves on.
    await page.keyboard.press("ArrowUp");
    await expect(items.nth(2)).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(menu).toBeHidden();
    await expect(more).not.toBeFocused();
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");

    // Space opens it; Down Arrow and Enter choose "Add note…": its dialog opens on the note, and
    // Escape closes it with the focus back on the menu's button. Nothing was changed.
    await more.focus();
    await page.keyboard.press(" ");
    await expect(items.nth(0)).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: `Add a note to the alert for ${alert.patientName}` });
    await expect(dialog).toBeVisible();
    await expect(menu).toBeHidden();
    await expect(dialog.getByRole("textbox", { name: "Note", exact: true })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(more).toBeFocused();
    await expect(queue.rowMessage(row)).toHaveCount(0);
  });

  test("has no accessibility violations at 1920×1080 and at 390×844, with the menu open", async ({ page }) => {
    const queue = await openQueue(page, unit.nurse);
    await expect(queue.rows).toHaveCount(25);
    await expectNoAxeViolations(page, "1920×1080");
    await expect(queue.moreActions(queue.rows.nth(24))).toBeVisible();
    await queue.moreActions(queue.rows.nth(24)).click();
    await expect(queue.menu).toBeVisible();
    // The last row's menu opens where it can be seen.
    const menuBox = await queue.menu.boundingBox();
    expect(menuBox && menuBox.y + menuBox.height <= (await page.evaluate(() => window.innerHeight))).toBe(true);
    await expectNoAxeViolations(page, "menu open, 1920×1080");
    await page.keyboard.press("Escape");

    await page.setViewportSize(PHONE);
    await expect(queue.rows.first()).toBeVisible();
    // Still usable on a phone: nothing scrolls sideways, and a row's actions are on screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectNoAxeViolations(page, "390×844");
    const first = queue.rows.first();
    await queue.moreActions(first).click();
    await expect(queue.menu).toBeInViewport();
    await expectNoAxeViolations(page, "menu open, 390×844");
  });
});

test("the tab's title counts the open red alerts, and keeps counting as the queue refreshes", async ({ page }) => {
  // Three open red alerts, one red already acknowledged, two amber.
  const unit = await arrangeQueueUnit("title", [
    { temperatureC: 38.8, minutesAgo: 20 },
    { temperatureC: 39.1, minutesAgo: 12 },
    { grades: { diarrhoea: 3 }, minutesAgo: 5 },
    { temperatureC: 38.4, minutesAgo: 40, acknowledgedBy: "colleague" },
    { grades: { fatigue: 2 }, minutesAgo: 30 },
    { grades: { rash: 2 }, minutesAgo: 25 },
  ]);
  const queue = await openQueue(page, unit.nurse);
  await expect(page).toHaveTitle("(3 red) Triage queue · SERUMS Oncology");
  // The filters narrow the table, not the count: the tab speaks of every red alert waiting.
  await queue.goto("?severity=amber");
  await expect(page).toHaveTitle("(3 red) Triage queue · SERUMS Oncology");
  await queue.goto();

  // Acknowledged, a red alert no longer waits.
  await queue.acknowledge(queue.row(unit.alerts[0].hospitalNumber));
  await expect(queue.rowMessage(queue.row(unit.alerts[0].hospitalNumber))).toHaveText(/^Alert acknowledged/);
  await expect(page).toHaveTitle("(2 red) Triage queue · SERUMS Oncology");

  // A new red alert while the page is open: the poll brings it, and the title says so.
  const raised = await raiseRedAlert("title", 1);
  await expect(page).toHaveTitle("(3 red) Triage queue · SERUMS Oncology", { timeout: allowing(POLL_WAIT) });
  // Read again from the server, the page says the same.
  await page.reload();
  await expect(queue.row(raised.patientName)).toHaveCount(1);
  await expect(page).toHaveTitle("(3 red) Triage queue · SERUMS Oncology");
});

test.describe("the latest clinician's note", () => {
  test.use({ viewport: DESKTOP });

  test("is in the row and on the record, outside the collapsed history, as soon as it is added", async ({ page }) => {
    const unit = await arrangeQueueUnit("notes", [
      {
        temperatureC: 38.4,
        canWait: false,
        note: "Hot and shivery since this morning.",
        minutesAgo: 8,
        clinicianNotes: [{ by: "colleague", text: "Left a voicemail.", minutesAgo: 4 }],
      },
    ]);
    const [alert] = unit.alerts;
    const queue = await openQueue(page, unit.nurse);
    const row = queue.row(alert.hospitalNumber);
    const latest = await queue.cell(row, "Latest note");
    await expect(latest).toHaveText(/^Dr Euan Baxter, \d\d:\d\d: Left a voicemail\.$/);

    const note =
      "Spoke to her: temperature 38.4 after paracetamol, no rigors. Coming in to the acute oncology unit within the hour for bloods and cultures; her son is driving her.";
    const dialogs = alertDialogs(page, row, alert.patientName);
    await dialogs.note.open();
    await dialogs.note.firstField.fill(note);
    await dialogs.note.button("Add note").click();
    await dialogs.note.expectClosedWithFocusOnOpener();
    await expect(queue.rowMessage(row)).toHaveText("Note added.");
    // At once, in the row: who (the viewer), when, and the note, on one line with the whole of it
    // in the page and in the cell's tooltip.
    await expect(latest).toHaveText(new RegExp(`^You, \\d\\d:\\d\\d: ${escapeRegExp(note)}$`));
    await expect(latest.getByTitle(note, { exact: false })).toBeVisible();
    // Read again, as any clinician now sees it: the note still takes one line of the row.
    await page.reload();
    await expect(latest).toHaveText(new RegExp(`^You, \\d\\d:\\d\\d: ${escapeRegExp(note)}$`));
    expect((await row.boundingBox())?.height).toBeLessThan(56);

    // And on the patient's record, among the alert's facts: not only in its collapsed history.
    await row.getByRole("link", { name: alert.patientName, exact: true }).click();
    const record = new PatientRecordPage(page);
    await record.expectPatient(alert.patientName, alert.hospitalNumber);
    const onRecord = record.alert("Temperature 38.4 C");
    await expect(onRecord).toHaveCount(1);
    await expect(onRecord.getByText(/^History \(\d+\)$/)).toBeVisible();
    const fact = await record.fact(onRecord, "Latest note");
    await expect(fact).toBeVisible();
    await expect(fact).toContainText(unit.nurse.name);
    await expect(fact).toContainText(note);
    await expect(fact).not.toContainText("Left a voicemail");
  });
});
