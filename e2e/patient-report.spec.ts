/**
 * A patient reports symptoms on a phone-sized screen (issue 4's must-show): a fever and grade-3
 * nausea give the red advice with the organisation's 24-hour line, and the report is in their
 * history. Also: an out-of-range temperature is refused in words and stores nothing, a half-filled
 * form survives a reload, and the form has no serious or critical accessibility violations.
 *
 * The patient is Graham Henderson (Lung and Upper GI): the triage specs report as Elspeth Muir and
 * read the Breast team's queue, so the red alert raised here changes nothing they count. The tests
 * of this file run one after the other, so the count of stored reports is this file's alone.
 */
import { devices, expect, test } from "@playwright/test";
import { answerGrade3Nausea, HOW_OFTEN, NAUSEA, ReportFormPage, SEVERITY } from "./pages/report-form-page";
import { SignInPage } from "./pages/sign-in-page";
import { keepScreenshot, seriousViolations } from "./support/artefacts";
import { LUNG_PATIENT_ACCOUNT as PATIENT } from "./support/demo";
import { hospitalLineOf, storedReportCount } from "./support/reports-db";

test.use({ ...devices["Pixel 7"] });
test.describe.configure({ mode: "default" });

test.describe("a patient's symptom report on a phone", () => {
  test("a fever and grade-3 nausea: the red advice with the 24-hour line, then the report in the history", async ({
    page,
  }, testInfo) => {
    const line = await hospitalLineOf(PATIENT.email);
    const before = await storedReportCount(PATIENT.id);
    await new SignInPage(page).signIn(PATIENT, /\/me$/);
    // The phone-sized screen this test means: narrow, touch, mobile.
    expect(page.viewportSize()?.width).toBeLessThan(500);
    expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches)).toBe(true);

    await page.goto("/report");
    await expect(page.getByRole("heading", { level: 1, name: "Report my symptoms" })).toBeVisible();
    const form = new ReportFormPage(page);
    await form.expectShown();
    await form.sendRedReport("38.6");

    const advice = page.getByRole("alert").filter({ hasText: "Your report has been sent" });
    await expect(advice).toBeVisible({ timeout: 30_000 });
    await expect(advice.getByRole("heading", { name: "Call the 24-hour line now" })).toBeVisible();
    await expect(advice).toContainText(`Please call the 24-hour line on ${line} now.`);
    await keepScreenshot(page, testInfo, "red-advice-on-phone");
    expect(await storedReportCount(PATIENT.id)).toBe(before + 1);

    await advice.getByRole("link", { name: "See my reports" }).click();
    await expect(page).toHaveURL(/\/me\/reports$/);
    await expect(page.getByRole("heading", { level: 1, name: "My reports" })).toBeVisible();
    // Newest first: no one else reports as this patient while this file runs.
    const newest = page.getByRole("region", { name: "Reports" }).getByRole("listitem").first();
    await expect(newest).toContainText("Nausea grade 3");
    await expect(newest).toContainText("Temperature 38.6 °C");
    await expect(newest).toContainText("Urgent");
    await keepScreenshot(page, testInfo, "history-on-phone");
  });

  test("an out-of-range temperature is refused in plain words, nothing is stored, and the form stays accessible", async ({
    page,
  }, testInfo) => {
    const before = await storedReportCount(PATIENT.id);
    await new SignInPage(page).signIn(PATIENT, /\/me$/);
    const form = new ReportFormPage(page);
    await form.goto();
    expect(await seriousViolations(page)).toEqual([]);

    await form.temperature.fill("45");
    await answerGrade3Nausea(form);
    await form.submit.click();
    await expect(form.error).toContainText("Your report was not saved.");
    await expect(form.error).toContainText("Temperature must be between 34.0 and 43.0 °C");
    await expect(form.temperature).toHaveAccessibleDescription(/Temperature must be between 34\.0 and 43\.0 °C/);
    // The answers are still there to correct, and no advice was given.
    await expect(form.temperature).toHaveValue("45");
    await expect(form.answer(NAUSEA, SEVERITY, "Severe")).toBeChecked();
    await expect(page.getByText("Your report has been sent")).toHaveCount(0);
    expect(await storedReportCount(PATIENT.id)).toBe(before);
    await keepScreenshot(page, testInfo, "temperature-refused");
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("a half-filled form survives a reload", async ({ page }) => {
    await new SignInPage(page).signIn(PATIENT, /\/me$/);
    const form = new ReportFormPage(page);
    await form.goto();
    await form.temperature.fill("37.4");
    // Follow-up questions appear only after a first answer above Never.
    await expect(form.answer(NAUSEA, SEVERITY, "Mild")).toHaveCount(0);
    await form.answer(NAUSEA, HOW_OFTEN, "Occasionally").check();
    await form.answer(NAUSEA, SEVERITY, "Mild").check();
    await form.note.fill("Queasy in the mornings");

    await page.reload();
    await form.expectShown();
    await expect(form.temperature).toHaveValue("37.4");
    await expect(form.answer(NAUSEA, HOW_OFTEN, "Occasionally")).toBeChecked();
    await expect(form.answer(NAUSEA, SEVERITY, "Mild")).toBeChecked();
    await expect(form.note).toHaveValue("Queasy in the mornings");
  });
});
