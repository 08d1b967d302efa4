/**
 * A nurse enters a report a patient gave by phone (issue 4): from the patient's record to the
 * questionnaire, the triage result with its reasons, and back to the record, whose report list
 * shows it as taken by phone by her. The patient, Callum Lindsay (Lung and Upper GI), is used by no
 * other spec, and the red alert goes to the Lung team's queue, which no other spec counts.
 */
import { expect, test } from "@playwright/test";
import { ReportFormPage } from "./pages/report-form-page";
import { SignInPage } from "./pages/sign-in-page";
import { keepScreenshot, seriousViolations } from "./support/artefacts";
import { demoPatientId, hospitalNumber, patientName, staff } from "./support/demo";
import { hasActiveAlert, storedReportCount } from "./support/reports-db";

const PATIENT = { id: demoPatientId(5), name: patientName(5), hospitalNumber: hospitalNumber(5) };

test("a nurse enters a report taken by phone, and the record lists it as taken by phone by her", async ({
  page,
}, testInfo) => {
  const nurse = staff("nurse2");
  const before = await storedReportCount(PATIENT.id);
  await new SignInPage(page).signIn(nurse, /\/triage$/);
  await page.goto(`/patients/${PATIENT.id}`);
  await expect(page.getByRole("heading", { level: 1, name: PATIENT.name, exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Enter a report taken by phone" }).click();

  await expect(page).toHaveURL(new RegExp(`/patients/${PATIENT.id}/report$`));
  await expect(page.getByRole("heading", { level: 1, name: "Enter a report taken by phone" })).toBeVisible();
  await expect(page.getByText(PATIENT.hospitalNumber, { exact: true })).toBeVisible();
  const form = new ReportFormPage(page, "Save the report taken by phone");
  await form.expectShown();
  expect(await seriousViolations(page)).toEqual([]);

  const joins = await hasActiveAlert(PATIENT.id);
  await form.sendRedReport("38.9");

  const result = page.getByRole("alert").filter({ hasText: "Report taken by phone saved" });
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result.getByRole("heading", { name: "Triage: Red" })).toBeVisible();
  const reasons = result.getByRole("list");
  await expect(reasons.getByRole("listitem").filter({ hasText: /^Nausea grade 3$/ })).toHaveCount(1);
  await expect(reasons.getByRole("listitem").filter({ hasText: /^Temperature 38\.9 C$/ })).toHaveCount(1);
  // A patient has one active alert at a time: the report raises one, or joins the one the demo data left open.
  await expect(result).toContainText(
    joins
      ? "The report was added to the patient's alert already with the care team; the alert is now red."
      : "A red alert was raised for the patient's care team",
  );
  expect(await storedReportCount(PATIENT.id)).toBe(before + 1);
  await keepScreenshot(page, testInfo, "phone-report-saved");
  expect(await seriousViolations(page)).toEqual([]);

  await result.getByRole("link", { name: `Back to ${PATIENT.name}'s record` }).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${PATIENT.id}$`));
  // Newest first, and no one else enters reports for this patient.
  const newest = page.getByRole("region", { name: "Reports" }).getByRole("listitem").first();
  await expect(newest).toContainText(`taken by phone by ${nurse.name}`);
  await expect(newest).toContainText("worst grade 3");
  await expect(newest).toContainText("38.9 °C");
  await expect(newest).toContainText("red alert");
  await keepScreenshot(page, testInfo, "record-lists-phone-report");
});
