import { expect, type Locator, type Page } from "@playwright/test";

export class PatientRecordPage {
  readonly withheld: Locator;
  readonly notFoundHeading: Locator;
  /** The record's alerts, each an article. */
  readonly alerts: Locator;

  constructor(readonly page: Page) {
    this.alerts = page.getByRole("region", { name: "Alerts" });
    this.withheld = page.getByRole("region", { name: "Withheld at the patient's wish" });
    this.notFoundHeading = page.getByRole("heading", { level: 1, name: "Not found" });
  }

  /** The temperature chart of the symptom timeline, a figure named by its caption. */
  get temperatureChart(): Locator {
    return this.page.getByRole("figure", { name: /^Temperature \(°C\)/ });
  }

  /** The temperatures' table, opened: one row a report, oldest first. */
  async openTemperatureTable(): Promise<Locator> {
    const timeline = this.page.getByRole("region", { name: "Symptom timeline" });
    await timeline.getByText("Temperatures as a table").click();
    return timeline.getByRole("region", { name: "Temperatures table" });
  }

  /** The status message the record shows after an action on an alert. */
  get alertMessage(): Locator {
    return this.alerts.getByRole("status");
  }

  gotoId(patientId: string) {
    return this.page.goto(`/patients/${patientId}`);
  }

  /** Opens the form for a report the patient gave by phone, from the record. */
  async openPhoneReport() {
    await this.page.getByRole("link", { name: "Enter a report taken by phone" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: "Enter a report taken by phone" })).toBeVisible();
  }

  /** One alert of the record: the article whose text includes `text` (a reason, a hospital number...). */
  alert(text: string | RegExp): Locator {
    return this.alerts.getByRole("article").filter({ hasText: text });
  }

  /**
   * What one of an alert's facts says ("Due", "Latest note"...): the definition of the term
   * `term` in the alert's list of facts, in view above its collapsed history.
   */
  async fact(alert: Locator, term: string): Promise<Locator> {
    await alert.getByRole("term").first().waitFor();
    const terms = (await alert.getByRole("term").allTextContents()).map((t) => t.trim());
    const index = terms.indexOf(term);
    if (index < 0) throw new Error(`No fact "${term}" in ${JSON.stringify(terms)}`);
    return alert.getByRole("definition").nth(index);
  }

  /** Opens every alert's history. */
  async openAlertHistories() {
    for (const summary of await this.alerts.getByText(/^History \(\d+\)$/).all()) await summary.click();
  }

  async expectPatient(name: string, hospitalNumber: string) {
    await expect(this.page.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();
    await expect(this.page.getByText(hospitalNumber, { exact: true })).toBeVisible();
  }
}
