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

  /**
   * The cell of `row` in the column headed `column` ("Assigned to", "Latest note"...), found by
   * the table's column headers.
   */
  async cell(row: Locator, column: string): Promise<Locator> {
    await this.table.getByRole("columnheader").first().waitFor();
    const headers = await this.table.getByRole("columnheader").allTextContents();
    // A sortable header's text goes on with its arrow and, for a screen reader, the sort it offers.
    const index = headers.findIndex((h) => h.replace(/[▲▼↕][\s\S]*$/, "").trim() === column);
    if (index < 0) throw new Error(`No column "${column}" in ${JSON.stringify(headers)}`);
    return row.getByRole("cell").nth(index);
  }

  /** A row's menu of the actions beyond its one button ("More actions for the alert for ..."). */
  moreActions(row: Locator): Locator {
    return row.getByRole("button", { name: /^More actions/ });
  }

  /** The menu open on the page, if any. */
  get menu(): Locator {
    return this.page.getByRole("menu");
  }

  /**
   * Does `action` (e.g. /^Resolve…/) on `row`: its button when the row offers it as one, otherwise
   * the item of its "More" menu. Returns the control the action was started from, where a dialog
   * it opens gives the focus back.
   */
  async chooseAction(row: Locator, action: RegExp): Promise<Locator> {
    const button = row.getByRole("button", { name: action });
    if ((await button.count()) > 0) {
      await button.click();
      return button;
    }
    const more = this.moreActions(row);
    await more.click();
    await this.menu.getByRole("menuitem", { name: action }).click();
    return more;
  }

  async acknowledge(row: Locator) {
    await row.getByRole("button", { name: /^Acknowledge/ }).click();
  }

  /** Opens the resolve dialog, ticks `outcomes` (their labels), adds a note and resolves. */
  async resolve(row: Locator, outcomes: string[], note?: string) {
    await this.chooseAction(row, /^Resolve…/);
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
