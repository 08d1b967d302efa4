import { expect, type Locator, type Page } from "@playwright/test";
import { AdminPage } from "./admin-page";

/** The staff table with its search, filters, sorting and pages (all in the URL). */
export class AdminStaffPage extends AdminPage {
  readonly search: Locator;
  readonly role: Locator;
  readonly team: Locator;
  readonly status: Locator;
  readonly rowsPerPage: Locator;
  readonly apply: Locator;
  readonly summary: Locator;
  readonly pages: Locator;

  constructor(page: Page) {
    super(page);
    const filters = page.getByRole("search", { name: "Search and filter staff" });
    this.search = filters.getByLabel("Name or email");
    this.role = filters.getByLabel("Role");
    this.team = filters.getByLabel("Care team");
    this.status = filters.getByLabel("Status");
    this.rowsPerPage = filters.getByLabel("Rows per page");
    this.apply = filters.getByRole("button", { name: "Apply" });
    this.summary = page.getByTestId("staff-summary");
    this.pages = page.getByRole("navigation", { name: "Pages of staff" });
  }

  async goto(query = "") {
    await this.page.goto(`/admin${query}`);
    await expect(this.heading).toBeVisible();
  }

  async filter(f: { search?: string; role?: string; team?: string; status?: string; rowsPerPage?: string }) {
    if (f.search !== undefined) await this.search.fill(f.search);
    if (f.role !== undefined) await this.role.selectOption({ label: f.role });
    if (f.team !== undefined) await this.team.selectOption({ label: f.team });
    if (f.status !== undefined) await this.status.selectOption({ label: f.status });
    if (f.rowsPerPage !== undefined) await this.rowsPerPage.selectOption(f.rowsPerPage);
    await this.apply.click();
  }

  /** The column header's sort link (its accessible name starts with the column's name). */
  sortBy(column: string): Locator {
    return this.staffTable.getByRole("columnheader", { name: new RegExp(`^${column}`) }).getByRole("link");
  }

  header(column: string): Locator {
    return this.staffTable.getByRole("columnheader", { name: new RegExp(`^${column}`) });
  }

  /** The text of one column in every body row. */
  column(index: number): Promise<string[]> {
    return this.staffRows.evaluateAll(
      (rows, i) => rows.map((r) => (r.querySelectorAll("td")[i]?.textContent ?? "").trim()),
      index,
    );
  }

  async expectSummary(text: string | RegExp) {
    await expect(this.summary).toHaveText(text);
  }

  async openStaff(name: string) {
    await this.staffTable.getByRole("link", { name, exact: true }).first().click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }
}
