import { expect as baseExpect, test } from "@playwright/test";
import { sql } from "drizzle-orm";
import { BORDERS_ADMIN, BORDERS_TEAMS, staffDirectoryPlan } from "../scripts/seed-staff";
import { RotaPage } from "./pages/rota-page";
import { SignInPage } from "./pages/sign-in-page";
import { ensureBordersUnit } from "./support/admin-db";
import { axeViolations } from "./support/artefacts";
import { ownerQuery } from "./support/database";

/**
 * The on-call rota as its keepers use it, in the Borders Cancer Unit (scripts/seed-staff.ts), whose
 * teams have no rota of their own: an admin reaches a team's rota from the team's page, adds a
 * shift that covers now and sees the person on call, then removes it after confirming; a team lead
 * reaches their own team's rota from the clinic's navigation and adds a second on-call.
 */
const expect = baseExpect.configure({ timeout: 30_000 });
const HOUR = 3_600_000;
const team = (key: string) => BORDERS_TEAMS.find((t) => t.key === key) as (typeof BORDERS_TEAMS)[number];
const plan = staffDirectoryPlan();
/** Active staff whose only role is `role` in the team `key`. */
const clinicians = (key: string, role: "nurse" | "oncologist") =>
  plan.filter(
    (s) =>
      s.status === "active" &&
      s.memberships.length === 1 &&
      s.memberships[0].role === role &&
      s.memberships[0].team === key,
  );

test.beforeAll(async () => {
  await ensureBordersUnit();
});

/**
 * Each test starts from an empty rota for its own team (the tests may run at once in two workers,
 * so neither clears the other's team).
 */
const clearRotaOf = (teamId: string) => ownerQuery(sql`delete from on_call_shifts where care_team_id = ${teamId}`);

test("an admin adds a shift from the team's page, sees who is on call now, and removes it after confirming", async ({
  page,
}) => {
  const day = team("day");
  const [nurse] = clinicians("day", "nurse");
  await clearRotaOf(day.id);
  await new SignInPage(page).signIn(
    { email: BORDERS_ADMIN.email, password: BORDERS_ADMIN.password, name: BORDERS_ADMIN.name },
    /\/admin$/,
  );
  await page.goto(`/admin/care-teams/${day.id}`);
  await page.getByRole("link", { name: `See and change who is on call for ${day.name}` }).click();
  const rota = new RotaPage(page, day.name);
  await rota.expectShown();
  await expect(rota.holder("First on call")).toHaveText(/^Nobody/);
  await expect(rota.gaps).toBeVisible();

  const now = Date.now();
  await rota.addShift(nurse.name, "First on call", new Date(now - 5 * 60_000), new Date(now + 8 * HOUR));
  await expect(rota.holder("First on call")).toContainText(nurse.name);
  await expect(rota.shifts.getByRole("row").filter({ hasText: nurse.name })).toContainText("First on call");
  expect(await axeViolations(page)).toEqual([]);

  await rota.removeShiftOf(nurse.name);
  await expect(rota.holder("First on call")).toHaveText(/^Nobody/);
  await expect(rota.shifts).toHaveCount(0);
});

test("a team lead opens their team's rota from the clinic and adds a second on-call; an overlap is refused in a sentence", async ({
  page,
}) => {
  const outreach = team("outreach");
  const [lead] = clinicians("outreach", "nurse");
  const [oncologist] = clinicians("outreach", "oncologist");
  await clearRotaOf(outreach.id);
  await ownerQuery(sql`update staff_memberships set is_team_lead = true where user_id = ${lead.id}`);
  try {
    await new SignInPage(page).signIn(
      { email: lead.email, password: BORDERS_ADMIN.password, name: lead.name },
      /\/triage$/,
    );
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "On-call rota" }).click();
    const rota = new RotaPage(page, outreach.name);
    await rota.expectShown();

    const now = Date.now();
    await rota.addShift(oncologist.name, "Second on call", new Date(now - 5 * 60_000), new Date(now + 12 * HOUR));
    await expect(rota.holder("Second on call")).toContainText(oncologist.name);
    await expect(rota.holder("First on call")).toHaveText(/^Nobody/);

    // The same position again, overlapping: refused, and nothing added.
    const form = rota.addForm;
    await form.getByLabel("Position").selectOption("2");
    await form.getByRole("button", { name: "Add shift" }).click();
    await expect(form.getByRole("alert")).toContainText(`${oncologist.name} is already second on call from`);
    await expect(rota.shifts.getByRole("row").filter({ hasText: oncologist.name })).toHaveCount(1);
    expect(await axeViolations(page)).toEqual([]);
  } finally {
    await ownerQuery(sql`update staff_memberships set is_team_lead = false where user_id = ${lead.id}`);
  }
});
