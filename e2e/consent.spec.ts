import { expect, type Page, test } from "@playwright/test";
import { PatientListPage } from "./pages/patient-list-page";
import { PatientRecordPage } from "./pages/patient-record-page";
import { SignInPage } from "./pages/sign-in-page";
import { DENYING_PATIENT, type DemoAccount, staff } from "./support/demo";

/** Signs `account` in and opens, from the patient list, the record of the patient who withholds symptoms. */
async function openDenyingPatient(page: Page, account: DemoAccount): Promise<PatientRecordPage> {
  await new SignInPage(page).signIn(account, /\/triage$/);
  await page.goto("/patients");
  await new PatientListPage(page).openPatient(DENYING_PATIENT.name, DENYING_PATIENT.hospitalNumber);
  const record = new PatientRecordPage(page);
  await record.expectPatient(DENYING_PATIENT.name, DENYING_PATIENT.hospitalNumber);
  return record;
}

test.describe("consent on a patient's record", () => {
  test("nurse1 sees that symptom reports are withheld from her at the patient's wish", async ({ page }) => {
    const record = await openDenyingPatient(page, staff("nurse1"));
    await expect(record.withheld).toBeVisible();
    await expect(record.withheld).toContainText("symptom reports");
    await expect(record.withheld).not.toContainText(/treatment|alerts|personal details/);
  });

  test("oncologist1 opening the same record sees nothing withheld", async ({ page }) => {
    const record = await openDenyingPatient(page, staff("oncologist1"));
    expect(page.url()).toMatch(new RegExp(`/patients/${DENYING_PATIENT.id}$`));
    await expect(record.withheld).toHaveCount(0);
    await expect(page.getByText("Withheld at the patient's wish")).toHaveCount(0);
  });

  test("a clinician of the other team gets the not-found page for the breast patient's URL", async ({ page }) => {
    await new SignInPage(page).signIn(staff("oncologist2"), /\/triage$/);
    const record = new PatientRecordPage(page);
    const response = await record.gotoId(DENYING_PATIENT.id);
    // The record's loading state has already streamed, so the not-found page arrives with 200; what
    // matters is that nothing of the patient is in it, down to the raw response.
    expect(await response?.text()).not.toContain(DENYING_PATIENT.name);
    await expect(record.notFoundHeading).toBeVisible();
    await expect(page.getByText(DENYING_PATIENT.name)).toHaveCount(0);
    await expect(page.getByText(DENYING_PATIENT.hospitalNumber)).toHaveCount(0);
    expect(await page.content()).not.toContain(DENYING_PATIENT.name);
  });
});
