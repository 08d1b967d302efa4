import { expect, type Locator, type Page } from "@playwright/test";
import { toClinicWallClock } from "../../lib/notifications/rota";
import { ShellPage } from "./shell-page";

/** A care team's on-call rota (/admin/care-teams/<id>/rota or /teams/<id>/rota). */
export class RotaPage extends ShellPage {
  readonly onCallNow: Locator;
  readonly gaps: Locator;
  readonly shifts: Locator;
  readonly addForm: Locator;

  constructor(page: Page, teamName: string) {
    super(page, `On-call rota: ${teamName}`, /\/rota$/);
    this.onCallNow = page.getByRole("region", { name: "On call now" });
    this.gaps = page.getByRole("region", { name: "Nobody first on call" });
    this.shifts = page.getByRole("table", { name: `On-call shifts of ${teamName}` });
    this.addForm = page.getByRole("form", { name: "Add a shift" });
  }

  /** Who the "On call now" list names for `position`. */
  holder(position: "First on call" | "Second on call"): Locator {
    return this.onCallNow.getByRole("definition").nth(position === "First on call" ? 0 : 1);
  }

  /** Adds a shift for the clinician whose option starts with `name`, from `from` to `to`. */
  async addShift(name: string, position: "First on call" | "Second on call", from: Date, to: Date) {
    const who = this.addForm.getByLabel("Who is on call");
    const option = who.getByRole("option", { name: new RegExp(`^${name} \\(`) });
    await who.selectOption({ label: (await option.textContent()) ?? name });
    await this.addForm.getByLabel("Position").selectOption(position === "First on call" ? "1" : "2");
    await this.addForm.getByLabel("From").fill(toClinicWallClock(from));
    await this.addForm.getByLabel("To").fill(toClinicWallClock(to));
    await this.addForm.getByRole("button", { name: "Add shift" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: `Added: ${name}, ` })).toBeVisible();
  }

  /** Removes `name`'s shift, answering the question it asks first. */
  async removeShiftOf(name: string) {
    await this.shifts.getByRole("button", { name: new RegExp(`^Remove ${name}'s shift`) }).click();
    const question = this.page.getByRole("group").filter({ hasText: `Remove ${name} as ` });
    await expect(question).toBeVisible();
    await question.getByRole("button", { name: "Yes, remove the shift" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Shift removed." })).toBeVisible();
  }
}
