/**
 * A patient's symptom report from home, the newcomer's first flow as a patient: from their record to
 * the questionnaire, the red advice with the demo centre's 24-hour line, and the report in their
 * history. It arranges and reads nothing in the database, so it also runs on `npm run dev`
 * (scripts/test-all.sh); e2e/patient-report.spec.ts does the same on a phone and checks what the
 * database stored.
 */
import { expect, test } from "@playwright/test";
import { MyRecordPage } from "./pages/my-record-page";
import { ReportFormPage } from "./pages/report-form-page";
import { SignInPage } from "./pages/sign-in-page";
import { keepScreenshot, seriousViolations } from "./support/artefacts";
import { DEMO_HOSPITAL_LINE, PATIENT_ACCOUNT } from "./support/demo";
import { allowing } from "./support/server";

test("a patient reports a fever and severe nausea: the red advice with the 24-hour line, then the report in their history", async ({
  page,
}, testInfo) => {
  await new SignInPage(page).signIn(PATIENT_ACCOUNT, /\/me$/);
  await new MyRecordPage(page).expectShown();
  await page.getByRole("link", { name: "Report how I am today" }).click();
  await expect(page).toHaveURL(/\/report$/);
  await expect(page.getByRole("heading", { level: 1, name: "Report my symptoms" })).toBeVisible();
  const form = new ReportFormPage(page);
  await form.expectShown();
  expect(await seriousViolations(page)).toEqual([]);

  await form.sendRedReport("38.7");

  const advice = page.getByRole("alert").filter({ hasText: "Your report has been sent" });
  await expect(advice).toBeVisible({ timeout: allowing(30_000) });
  await expect(advice.getByRole("heading", { name: "Call the 24-hour line now" })).toBeVisible();
  await expect(advice).toContainText(`Please call the 24-hour line on ${DEMO_HOSPITAL_LINE} now.`);
  await keepScreenshot(page, testInfo, "red-advice");
  expect(await seriousViolations(page)).toEqual([]);

  await advice.getByRole("link", { name: "See my reports" }).click();
  await expect(page).toHaveURL(/\/me\/reports$/);
  await expect(page.getByRole("heading", { level: 1, name: "My reports" })).toBeVisible();
  // Other specs report as this patient too: this report is the one with its temperature.
  const report = page
    .getByRole("region", { name: "Reports" })
    .getByRole("listitem")
    .filter({ hasText: "Temperature 38.7 °C" });
  await expect(report).toHaveCount(1);
  await expect(report).toContainText("Nausea grade 3");
  await expect(report).toContainText("Urgent");
  await keepScreenshot(page, testInfo, "report-in-history");
});
