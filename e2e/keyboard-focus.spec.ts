/**
 * Keyboard focus stays where the user was (issue 16, item 8). Sorting, filtering and paging a
 * server-side table load a new page of rows; an alert's action or dialog changes the alert. After
 * each, focus is back on the control the user pressed (or, where that is gone, on what took its
 * place), never on <body>. The filters apply on their Apply button or Enter, not as a select
 * changes under an arrow key. Everything here is done with the keyboard.
 */
import { expect, type Locator, type Page, test } from "@playwright/test";
import { BORDERS_ADMIN } from "../scripts/seed-staff";
import { AdminStaffPage } from "./pages/admin-staff-page";
import { PatientRecordPage } from "./pages/patient-record-page";
import { SignInPage } from "./pages/sign-in-page";
import { TriagePage } from "./pages/triage-page";
import { ensureBordersUnit } from "./support/admin-db";
import { axeViolations } from "./support/artefacts";
import { demoPatientId, hospitalNumber, staff } from "./support/demo";
import { enterPhoneFever, openQueue } from "./support/triage";

/** Presses Tab until `target` has the focus (at most `limit` times). */
async function tabTo(page: Page, target: Locator, limit = 30) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

test.describe("the triage queue", () => {
  test("sorting by a column keeps focus on its header link", async ({ page }) => {
    const queue = await openQueue(page, staff("oncologist1"));
    await queue.sortLink("Patient").focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/sort=patient/);
    await expect(queue.summary).toContainText("patient, A to Z");
    await expect(queue.sortLink("Patient")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(queue.summary).toContainText("patient, Z to A");
    await expect(queue.sortLink("Patient")).toBeFocused();
  });

  test("an arrow key in a filter changes nothing until Apply, which keeps the focus", async ({ page }) => {
    const queue = await openQueue(page, staff("oncologist1"));
    const severity = queue.filters.getByLabel("Severity");
    const apply = queue.filters.getByRole("button", { name: "Apply" });
    await severity.focus();
    await page.keyboard.press("ArrowDown");
    await expect(severity).toHaveValue("red");
    // Moving on through the form with Tab reaches Apply: the queue did not reload under the user.
    await tabTo(page, apply, 6);
    await expect(page).toHaveURL(/\/triage$/);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/severity=red/);
    await expect(queue.summary).toContainText(/Showing .* alerts/);
    await expect(apply).toBeFocused();
    await expect(queue.filters.getByLabel("Severity")).toHaveValue("red");
    expect(await axeViolations(page)).toEqual([]);
  });

  test("Enter on a checkbox applies the filters and keeps the focus on it", async ({ page }) => {
    const queue = await openQueue(page, staff("oncologist1"));
    const overdue = queue.filters.getByRole("checkbox", { name: "Overdue only" });
    await overdue.focus();
    await page.keyboard.press("Space");
    await expect(overdue).toBeChecked();
    await expect(overdue).toBeFocused();
    await expect(page).toHaveURL(/\/triage$/);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/overdue=1/);
    await expect(queue.summary).not.toContainText("Loading");
    await expect(queue.filters.getByRole("checkbox", { name: "Overdue only" })).toBeFocused();
  });
});

/**
 * The staff table of the Borders Cancer Unit (scripts/seed-staff.ts): 242 staff, so ten pages of 25,
 * in an organisation of its own; nothing here changes it.
 */
test.describe("the staff table", () => {
  const admin = { email: BORDERS_ADMIN.email, password: BORDERS_ADMIN.password, name: BORDERS_ADMIN.name };
  test.beforeAll(async () => {
    await ensureBordersUnit();
  });

  test("a search by Enter and a sort keep the focus where the admin was", async ({ page }) => {
    await new SignInPage(page).signIn(admin, /\/admin$/);
    const staffPage = new AdminStaffPage(page);
    await staffPage.search.focus();
    await page.keyboard.type("borders.example");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/q=borders\.example/);
    await expect(staffPage.summary).toContainText(/^Showing /);
    await expect(staffPage.search).toBeFocused();

    await staffPage.sortBy("Email").focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/sort=email/);
    await expect(staffPage.summary).toContainText(/^Showing /);
    await expect(staffPage.sortBy("Email")).toBeFocused();

    // A select changes under an arrow key and applies on Enter.
    await staffPage.rowsPerPage.focus();
    await page.keyboard.press("ArrowDown");
    await expect(page).not.toHaveURL(/size=50/);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/size=50/);
    await expect(staffPage.summary).toContainText(/^Showing 1–\d+ of/);
    await expect(staffPage.rowsPerPage).toBeFocused();
    expect(await axeViolations(page)).toEqual([]);
  });

  test("the next and previous page keep the focus on the pager", async ({ page }) => {
    await new SignInPage(page).signIn(admin, /\/admin$/);
    const staffPage = new AdminStaffPage(page);
    await expect(staffPage.summary).toContainText(/^Showing 1–25 of/);
    await staffPage.pages.getByRole("link", { name: "Next page" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/page=2/);
    await expect(staffPage.summary).toContainText(/^Showing 26–50 of/);
    await expect(staffPage.pages.getByRole("link", { name: "Next page" })).toBeFocused();
    await page.keyboard.press("Shift+Tab");
    await expect(staffPage.pages.getByRole("link", { name: "Previous page" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(staffPage.summary).toContainText(/^Showing 1–25 of/);
    // Page 1 has no previous page: the focus goes to where the pager says which page this is.
    await expect(staffPage.pages.getByText(/^Page 1 of/)).toBeFocused();
  });
});

test("after acknowledging and resolving on the record, focus is on the message that says so", async ({ page }) => {
  // Patient 9 (Lung and Upper GI) is used by no other spec; the alert goes to the Lung team's queue.
  const patientId = demoPatientId(9);
  await new SignInPage(page).signIn(staff("nurse2"), /\/triage$/);
  await enterPhoneFever(page, patientId, "38.7");
  const record = new PatientRecordPage(page);
  const alert = record.alerts.getByRole("article").filter({ hasText: "Temperature 38.7 C" });
  // The record is read on a loaded machine: allow it time.
  await expect(alert).toHaveCount(1, { timeout: 30_000 });

  const acknowledge = alert.getByRole("button", { name: /^Acknowledge/ });
  if (await acknowledge.isVisible()) {
    await acknowledge.focus();
    await page.keyboard.press("Enter");
    await expect(record.alertMessage).toHaveText(/^Alert acknowledged/);
    await expect(record.alertMessage).toBeFocused();
  }

  await alert.getByRole("button", { name: /^Resolve…/ }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: /^Resolve the alert/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("checkbox").first()).toBeFocused();
  await page.keyboard.press("Space");
  await tabTo(page, dialog.getByRole("button", { name: "Resolve alert" }));
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(record.alertMessage).toHaveText("Alert resolved.");
  // The record is read again after the change; the focus stays on the message through it.
  await expect(alert.getByRole("button", { name: /^Reopen…/ })).toBeVisible();
  await expect(record.alertMessage).toBeFocused();
  expect(await axeViolations(page)).toEqual([]);
});

test("after resolving on the queue, focus is on the row's next action, not on the page", async ({ page }) => {
  // Patient 11 (Lung and Upper GI) is used by no other spec; the alert goes to the Lung team's queue.
  await new SignInPage(page).signIn(staff("nurse2"), /\/triage$/);
  await enterPhoneFever(page, demoPatientId(11), "38.8");
  const queue = new TriagePage(page);
  await queue.goto();
  const row = queue.row(hospitalNumber(11));
  await expect(row).toHaveCount(1);

  // The alert is open: its one button is Acknowledge, and Resolve is in its "More" menu.
  const more = queue.moreActions(row);
  await more.focus();
  await page.keyboard.press("Enter");
  const resolve = queue.menu.getByRole("menuitem", { name: /^Resolve…/ });
  for (let i = 0; i < 5 && !(await resolve.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("ArrowDown");
  }
  await expect(resolve).toBeFocused();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: /^Resolve the alert/ });
  await expect(dialog.getByRole("checkbox").first()).toBeFocused();
  await page.keyboard.press("Space");
  await tabTo(page, dialog.getByRole("button", { name: "Resolve alert" }));
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(queue.rowMessage(row)).toHaveText("Alert resolved.");
  // The menu's button opened the dialog and takes the focus back; the row's one button is now Reopen.
  await expect(more).toBeFocused();
  await expect(row.getByRole("button", { name: /^Reopen…/ })).toBeVisible();
  // Reopen is the next action: one Shift+Tab away, and its dialog gives the focus back to it.
  await page.keyboard.press("Shift+Tab");
  const reopen = row.getByRole("button", { name: /^Reopen…/ });
  await expect(reopen).toBeFocused();
  await page.keyboard.press("Enter");
  const reopenDialog = page.getByRole("dialog", { name: /^Reopen the alert/ });
  await expect(reopenDialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(reopenDialog).toBeHidden();
  await expect(reopen).toBeFocused();
});
