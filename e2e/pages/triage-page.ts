import { expect, type Locator, type Page } from "@playwright/test";
import { ShellPage } from "./shell-page";

/** The triage queue (/triage): the home page of oncologists and nurses. */
export class TriagePage extends ShellPage {
  readonly table: Locator;
  /** Body rows only: the header row holds column headers, not cells. */
  readonly rows: Locator;
  readonly overdueCount: Locator;
  readonly summary: Locator;
  /** The strip above the table that says when new alerts have arrived. */
  readonly news: Locator;
  /** The screen-reader announcement of new alerts. */
  readonly announcer: Locator;
  readonly filters: Locator;

  constructor(page: Page) {
    super(page, "Triage queue", /\/triage(\?.*)?$/);
    this.table = page.getByRole("table", { name: /^Triage queue/ });
    this.rows = this.table.getByRole("row").filter({ has: page.getByRole("cell") });
    this.overdueCount = page.getByTestId("overdue-count");
    this.summary = page.getByTestId("queue-summary");
    this.news = page.getByTestId("queue-news");
    this.announcer = page.getByTestId("queue-announcer");
    this.filters = page.getByRole("form", { name: "Filter the queue" });
  }

  async goto(query = "") {
    await this.page.goto(`/triage${query}`);
    await this.expectShown();
  }

  /** A column header's sort link (its accessible name starts with the column's name). */
  sortLink(column: string): Locator {
    return this.table.getByRole("columnheader", { name: new RegExp(`^${column}`) }).getByRole("link");
  }

  get pager(): Locator {
    return this.page.getByRole("navigation", { name: "Pages of the triage queue" });
  }

  /** How many alerts match the view, from the summary above the table. */
  async total(): Promise<number> {
    const text = (await this.summary.textContent()) ?? "";
    return Number(/of (\d+) alerts/.exec(text)?.[1] ?? 0);
  }

  /** The one row whose text includes `text` (e.g. an alert's reason). */
  row(text: string): Locator {
    return this.rows.filter({ hasText: text });
  }

  /** The message shown in a row after acting on it (success or refusal). */
  rowMessage(row: Locator): Locator {
    return row.locator('[role="status"], [role="alert"]');
  }

  async acknowledge(row: Locator) {
    await row.getByRole("button", { name: /^Acknowledge/ }).click();
  }

  /** Opens the resolve dialog, ticks `outcomes` (their labels), adds a note and resolves. */
  async resolve(row: Locator, outcomes: string[], note?: string) {
    await row.getByRole("button", { name: /^Resolve…/ }).click();
    const dialog = this.page.getByRole("dialog", { name: /^Resolve the alert/ });
    await expect(dialog).toBeVisible();
    for (const outcome of outcomes) await dialog.getByRole("checkbox", { name: outcome, exact: true }).check();
    if (note) await dialog.getByRole("textbox", { name: "Note (optional)" }).fill(note);
    await dialog.getByRole("button", { name: "Resolve alert" }).click();
    await expect(dialog).toBeHidden();
  }

  /** The index of each row's severity, top to bottom ("Red" or "Amber"). */
  severities(): Promise<string[]> {
    return this.rows.evaluateAll((rows) =>
      rows.map((r) => (r.querySelector("td")?.textContent ?? "").replace("New", "").trim()),
    );
  }
}
