import { expect, type Locator, type Page } from "@playwright/test";

export class PatientRecordPage {
  readonly withheld: Locator;
  readonly notFoundHeading: Locator;

  constructor(readonly page: Page) {
    this.withheld = page.getByRole("region", { name: "Withheld at the patient's wish" });
    this.notFoundHeading = page.getByRole("heading", { level: 1, name: "Not found" });
  }

  gotoId(patientId: string) {
    return this.page.goto(`/patients/${patientId}`);
  }

  async expectPatient(name: string, hospitalNumber: string) {
    await expect(this.page.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();
    await expect(this.page.getByText(hospitalNumber, { exact: true })).toBeVisible();
  }
}
