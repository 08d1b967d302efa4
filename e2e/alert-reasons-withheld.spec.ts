/**
 * An alert's reasons quote the patient's symptoms, so they follow the symptoms category (issue 16,
 * item 5). Patient 2 (Breast Oncology) withholds symptoms from nurse Fiona Grant (nurse1): once a
 * red report of theirs is taken by phone, she sees the alert on her queue and on the record, its
 * level and its clock, and "Details withheld by the patient" in place of the temperature. The
 * oncologist of the team, whom the patient shares symptoms with, reads the reasons. No other spec
 * reports for patient 2 (its temperature, 39.9, is no other spec's either).
 */
import { type Browser, expect, test } from "@playwright/test";
import { PatientRecordPage } from "./pages/patient-record-page";
import { ReportFormPage } from "./pages/report-form-page";
import { SharingPage } from "./pages/sharing-page";
import { SignInPage } from "./pages/sign-in-page";
import { axeViolations, keepScreenshot } from "./support/artefacts";
import { DENYING_PATIENT, PATIENT_ACCOUNT, staff } from "./support/demo";
import { openQueue } from "./support/triage";

const REASON = "Temperature 39.9 C";
const WITHHELD = "Details withheld by the patient";

/** The oncologist takes patient 2's red report by phone: it raises (or makes red) their alert. */
async function redReportByPhone(browser: Browser) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await new SignInPage(page).signIn(staff("oncologist1"), /\/triage$/);
    const record = new PatientRecordPage(page);
    await record.gotoId(DENYING_PATIENT.id);
    await record.expectPatient(DENYING_PATIENT.name, DENYING_PATIENT.hospitalNumber);
    await record.openPhoneReport();
    await new ReportFormPage(page, "Save the report taken by phone").sendRedReport("39.9");
    const result = page.getByRole("alert").filter({ hasText: "Report taken by phone saved" });
    await expect(result).toBeVisible({ timeout: 30_000 });
    await expect(result.getByRole("listitem").filter({ hasText: REASON })).toHaveCount(1);
  } finally {
    await context.close();
  }
}

test.describe.configure({ mode: "serial" });

test.describe("alert reasons follow the symptoms category", () => {
  test.beforeAll(async ({ browser }) => {
    await redReportByPhone(browser);
  });

  test("the nurse from whom the patient withholds symptoms sees the alert but not its reasons", async ({
    page,
  }, testInfo) => {
    const queue = await openQueue(page, staff("nurse1"));
    const row = queue.row(DENYING_PATIENT.hospitalNumber);
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Red");
    await expect(row).toContainText(WITHHELD);
    await expect(page.getByText(REASON)).toHaveCount(0);
    await keepScreenshot(page, testInfo, "queue-details-withheld");
    expect(await axeViolations(page)).toEqual([]);

    const record = new PatientRecordPage(page);
    await record.gotoId(DENYING_PATIENT.id);
    await record.expectPatient(DENYING_PATIENT.name, DENYING_PATIENT.hospitalNumber);
    const alert = record.alerts.getByRole("article").first();
    await expect(alert).toContainText("Red");
    await expect(alert).toContainText(WITHHELD);
    await record.openAlertHistories();
    await expect(page.getByText(REASON)).toHaveCount(0);
    await keepScreenshot(page, testInfo, "record-details-withheld");
    expect(await axeViolations(page)).toEqual([]);
  });

  test("the oncologist, with whom the patient shares symptoms, reads them on the same row", async ({ page }) => {
    const queue = await openQueue(page, staff("oncologist1"));
    const row = queue.row(DENYING_PATIENT.hospitalNumber);
    await expect(row).toContainText(REASON);
    await expect(row).not.toContainText(WITHHELD);
  });
});

test("the patient's sharing page says what sharing alerts shows, and that symptoms stay with Symptoms", async ({
  page,
}) => {
  await new SignInPage(page).signIn(PATIENT_ACCOUNT, /\/me$/);
  const sharing = new SharingPage(page);
  await sharing.goto();
  await expect(sharing.whatEachPartShows).toContainText("Alerts");
  await expect(sharing.whatEachPartShows).toContainText(
    "that you have an alert, how urgent it is, when it is due and who is dealing with it",
  );
  await expect(sharing.whatEachPartShows).toContainText(
    "the symptoms behind it only if you also share Symptom reports",
  );
  expect(await axeViolations(page)).toEqual([]);
});
