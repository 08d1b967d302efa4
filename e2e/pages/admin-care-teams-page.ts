import { expect, type Locator, type Page } from "@playwright/test";
import { ShellPage } from "./shell-page";

/** The care teams list (/admin/care-teams), and one team's page reached from it. */
export class AdminCareTeamsPage extends ShellPage {
  readonly table: Locator;

  constructor(page: Page) {
    super(page, "Care teams", /\/admin\/care-teams$/);
    this.table = page.getByRole("table", { name: "Care teams" });
  }

  async goto() {
    await this.page.goto("/admin/care-teams");
    await this.expectShown();
  }

  /** The "Members" cell of the team named `name`. */
  async membersOf(name: string): Promise<string> {
    const row = this.table.getByRole("row").filter({ has: this.page.getByRole("link", { name, exact: true }) });
    return ((await row.getByRole("cell").nth(1).textContent()) ?? "").trim();
  }

  /** Opens the team's page; returns the distinct names its members table lists. */
  async openTeam(name: string): Promise<string[]> {
    await this.table.getByRole("link", { name, exact: true }).click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
    const members = this.page.getByRole("table", { name: `Members of ${name}` });
    const names = await members
      .getByRole("row")
      .filter({ has: this.page.getByRole("cell") })
      .evaluateAll((rows) => rows.map((r) => (r.querySelector("td")?.textContent ?? "").trim()));
    return [...new Set(names)];
  }
}
