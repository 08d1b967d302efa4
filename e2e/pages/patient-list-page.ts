import { expect, type Locator, type Page } from "@playwright/test";
import { ShellPage } from "./shell-page";

/** The list of patients a clinician may see (/patients). */
export class PatientListPage extends ShellPage {
  readonly table: Locator;
  /** Body rows only: the header row holds column headers, not cells. */
  readonly rows: Locator;
  readonly summary: Locator;

  constructor(page: Page) {
    super(page, "Patients", /\/patients(\?.*)?$/);
    this.table = page.getByRole("table", { name: "Patients you may see" });
    this.rows = this.table.getByRole("row").filter({ has: page.getByRole("cell") });
    this.summary = page.getByText(/patients? you may see\.|No patients match\./);
  }

  async goto() {
    await this.page.goto("/patients");
    await this.expectShown();
  }

  /** The row of one patient, told apart from namesakes by the hospital number. */
  row(name: string, hospitalNumber: string): Locator {
    return this.rows
      .filter({ hasText: hospitalNumber })
      .filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  /** The text of one column in every row, e.g. the hospital numbers shown. */
  column(index: number): Promise<string[]> {
    return this.rows.evaluateAll(
      (rows, i) => rows.map((r) => (r.querySelectorAll("td")[i]?.textContent ?? "").trim()),
      index,
    );
  }

  async openPatient(name: string, hospitalNumber: string) {
    const row = this.row(name, hospitalNumber);
    await expect(row).toHaveCount(1);
    await row.getByRole("link", { name, exact: true }).click();
    await expect(this.page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
  }
}
