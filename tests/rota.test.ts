/**
 * The on-call rota as its keepers change it, through the app's own actions (session, role, input,
 * row-level security, audit) and, for each refusal, again straight at the database as the same
 * person, so the rule holds even for a request that skipped the app's checks:
 * - a lead of team A1 adds a shift for a clinician of A1, but not for team A2, nor for someone who
 *   is not a clinician of A1;
 * - an admin of the organisation adds one; a nurse of A1 who is not a lead cannot;
 * - two shifts in one position of one team never overlap, whoever writes them;
 * - each change is in the audit trail, and bad times get a sentence.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test, vi } from "vitest";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import { addOnCallShift, removeOnCallShift } from "../app/_rota/actions";
import { pgFacts } from "../db/queries/admin-guards";
import { readRota } from "../db/queries/rota";
import { runWithRls } from "../db/rls";
import { toClinicWallClock } from "../lib/notifications/rota";
import { rowsOf } from "./support/database";
import { ORG, TEAM, USER } from "./support/fixtures";
import { appDatabaseWithSessions, signedInAs } from "./support/signed-in-app";

const db = appDatabaseWithSessions("rota", ["oncologistA1", "nurseA1", "nurseA2", "adminA"]);
const HOUR = 3_600_000;

beforeAll(async () => {
  // Dr A1 leads team A1; nurse A2 leads team A2.
  await db.asOwner((o) =>
    o.execute(sql`update staff_memberships set is_team_lead = true
                  where (user_id = ${USER.oncologistA1} and care_team_id = ${TEAM.A1})
                     or (user_id = ${USER.nurseA2} and care_team_id = ${TEAM.A2})`),
  );
});

/** A twelve-hour shift `day` days from now, as the form sends it. */
function shiftForm(fields: { teamId: string; userId: string; position?: string; day: number; hours?: number }) {
  const start = new Date(Date.now() + fields.day * 24 * HOUR);
  const data = new FormData();
  data.append("teamId", fields.teamId);
  data.append("userId", fields.userId);
  data.append("position", fields.position ?? "1");
  data.append("startsAt", toClinicWallClock(start));
  data.append("endsAt", toClinicWallClock(new Date(start.getTime() + (fields.hours ?? 12) * HOUR)));
  return data;
}

/** The same shift written straight into the table as `userId`, under row-level security. */
function insertAs(
  userId: string,
  row: { teamId: string; orgId?: string; person: string; day: number; hours?: number },
) {
  return runWithRls(db.runtime, { userId }, (tx) =>
    tx.execute(sql`insert into on_call_shifts (organisation_id, care_team_id, user_id, starts_at, ends_at)
      values (${row.orgId ?? ORG.A}, ${row.teamId}, ${row.person}, now() + make_interval(hours => ${Math.round(row.day * 24)}),
              now() + make_interval(hours => ${Math.round(row.day * 24) + (row.hours ?? 12)}))`),
  );
}

/** Refused by row-level security (42501) or by the overlap trigger (23514), not failing for another reason. */
async function expectRefused(write: Promise<unknown>, code: "42501" | "23514" = "42501") {
  const error = await write.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the database accepted the write").not.toBeNull();
  expect(pgFacts(error).code).toBe(code);
}

async function shiftsOf(teamId: string) {
  return db.asOwner((o) =>
    rowsOf<{ id: string; user_id: string; position: number }>(
      o,
      sql`select id, user_id, position from on_call_shifts where care_team_id = ${teamId} order by starts_at`,
    ),
  );
}

describe("who keeps a team's rota", () => {
  test("a lead of team A1 adds a shift for a nurse of A1; it is on the rota and in the audit trail", async () => {
    signedInAs("oncologistA1");
    const result = await addOnCallShift(null, shiftForm({ teamId: TEAM.A1, userId: USER.nurseA1, day: 1 }));
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.data.message).toMatch(/^Added: .+, first on call from /);
    expect((await shiftsOf(TEAM.A1)).map((s) => s.user_id)).toContain(USER.nurseA1);
    const [event] = await db.asOwner((o) =>
      rowsOf<{ actor_user_id: string; resource_id: string; details: Record<string, unknown> }>(
        o,
        sql`select actor_user_id, resource_id, details from audit_events
            where action = 'on_call_shift_added' order by id desc limit 1`,
      ),
    );
    expect(event).toMatchObject({
      actor_user_id: USER.oncologistA1,
      resource_id: TEAM.A1,
      details: { position: 1, onCallUserId: USER.nurseA1 },
    });
  });

  test("a lead of team A1 cannot add a shift to team A2's rota", async () => {
    signedInAs("oncologistA1");
    const before = await shiftsOf(TEAM.A2);
    expect(await addOnCallShift(null, shiftForm({ teamId: TEAM.A2, userId: USER.nurseA2, day: 2 }))).toMatchObject({
      ok: false,
      code: "forbidden",
      error: "Only the team's leads and the organisation's admins change its on-call rota.",
    });
    await expectRefused(insertAs(USER.oncologistA1, { teamId: TEAM.A2, person: USER.nurseA2, day: 2 }));
    expect(await shiftsOf(TEAM.A2)).toEqual(before);
  });

  test("a lead of team A1 cannot put someone on call who is not a clinician of A1", async () => {
    signedInAs("oncologistA1");
    const before = await shiftsOf(TEAM.A1);
    const result = await addOnCallShift(null, shiftForm({ teamId: TEAM.A1, userId: USER.nurseA2, day: 3 }));
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    if (result.ok) return;
    expect(result.fields).toEqual([
      { field: "userId", message: "Choose a nurse or oncologist of this team: only they can be on call for it." },
    ]);
    for (const person of [USER.nurseA2, USER.adminA])
      await expectRefused(insertAs(USER.oncologistA1, { teamId: TEAM.A1, person, day: 3 }));
    expect(await shiftsOf(TEAM.A1)).toEqual(before);
  });

  test("an admin of the organisation adds a shift, second on call", async () => {
    signedInAs("adminA");
    expect(
      await addOnCallShift(null, shiftForm({ teamId: TEAM.A1, userId: USER.oncologistA1, position: "2", day: 1 })),
    ).toMatchObject({ ok: true });
    expect((await shiftsOf(TEAM.A1)).some((s) => s.user_id === USER.oncologistA1 && s.position === 2)).toBe(true);
  });

  test("a nurse of team A1 who is not a lead cannot add a shift, not even for herself", async () => {
    signedInAs("nurseA1");
    const before = await shiftsOf(TEAM.A1);
    expect(await addOnCallShift(null, shiftForm({ teamId: TEAM.A1, userId: USER.nurseA1, day: 4 }))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    await expectRefused(insertAs(USER.nurseA1, { teamId: TEAM.A1, person: USER.nurseA1, day: 4 }));
    expect(await shiftsOf(TEAM.A1)).toEqual(before);
  });

  test("a shift whose organisation is not its team's is refused by the database", async () => {
    await expectRefused(insertAs(USER.adminA, { teamId: TEAM.A1, orgId: ORG.B, person: USER.nurseA1, day: 5 }));
  });
});

describe("what a shift may be", () => {
  test("an overlapping shift in the same position is refused, naming who holds it", async () => {
    signedInAs("oncologistA1");
    const before = await shiftsOf(TEAM.A1);
    // Day 1 already has nurse A1 first on call from the first test.
    const result = await addOnCallShift(
      null,
      shiftForm({ teamId: TEAM.A1, userId: USER.oncologistA1, day: 1.25, hours: 12 }),
    );
    expect(result).toMatchObject({ ok: false, code: "conflict" });
    if (result.ok) return;
    expect(result.error).toMatch(/^.+ is already first on call from .+ to .+\. Shifts in one position cannot overlap/);
    // The database refuses it too, for the owner's rows as much as anyone's.
    await expectRefused(insertAs(USER.adminA, { teamId: TEAM.A1, person: USER.oncologistA1, day: 1.25 }), "23514");
    expect(await shiftsOf(TEAM.A1)).toEqual(before);
  });

  test("times that do not make a shift get a sentence on the field", async () => {
    signedInAs("adminA");
    const backwards = await addOnCallShift(
      null,
      shiftForm({ teamId: TEAM.A1, userId: USER.nurseA1, day: 6, hours: -2 }),
    );
    expect(backwards).toMatchObject({
      ok: false,
      fields: [{ field: "endsAt", message: "The shift must end after it starts." }],
    });
    const long = await addOnCallShift(
      null,
      shiftForm({ teamId: TEAM.A1, userId: USER.nurseA1, day: 6, hours: 24 * 8 }),
    );
    expect(long).toMatchObject({
      ok: false,
      fields: [{ field: "endsAt", message: expect.stringMatching(/at most 7 days/) }],
    });
    const nonsense = shiftForm({ teamId: TEAM.A1, userId: USER.nurseA1, day: 6 });
    nonsense.set("startsAt", "next Tuesday");
    expect(await addOnCallShift(null, nonsense)).toMatchObject({
      ok: false,
      fields: [{ field: "startsAt", message: "Enter when the shift starts as a date and time." }],
    });
    await expectRefused(insertAs(USER.adminA, { teamId: TEAM.A1, person: USER.nurseA1, day: 6, hours: 24 * 8 }));
  });
});

describe("removing a shift", () => {
  test("a nurse who is not a lead cannot remove one; the lead can, and it is audited", async () => {
    const [shift] = (await shiftsOf(TEAM.A1)).filter((s) => s.user_id === USER.nurseA1);
    signedInAs("nurseA1");
    expect(await removeOnCallShift(null, removeForm(shift.id))).toMatchObject({ ok: false, code: "forbidden" });
    await runWithRls(db.runtime, { userId: USER.nurseA1 }, (tx) =>
      tx.execute(sql`delete from on_call_shifts where id = ${shift.id}`),
    );
    expect((await shiftsOf(TEAM.A1)).map((s) => s.id)).toContain(shift.id);

    signedInAs("oncologistA1");
    expect(await removeOnCallShift(null, removeForm(shift.id))).toEqual({
      ok: true,
      data: { message: "Shift removed." },
    });
    expect((await shiftsOf(TEAM.A1)).map((s) => s.id)).not.toContain(shift.id);
    const [event] = await db.asOwner((o) =>
      rowsOf<{ actor_user_id: string }>(
        o,
        sql`select actor_user_id from audit_events where action = 'on_call_shift_removed' order by id desc limit 1`,
      ),
    );
    expect(event.actor_user_id).toBe(USER.oncologistA1);
  });

  test("the rota shows the lead that they keep it, and the nurse that she does not", async () => {
    const window = {
      organisationId: ORG.A,
      teamId: TEAM.A1,
      from: new Date(),
      to: new Date(Date.now() + 30 * 24 * HOUR),
    };
    const asLead = await runWithRls(db.runtime, { userId: USER.oncologistA1 }, (tx) => readRota(tx, window));
    const asNurse = await runWithRls(db.runtime, { userId: USER.nurseA1 }, (tx) => readRota(tx, window));
    expect(asLead?.keptByCaller).toBe(true);
    expect(asNurse?.keptByCaller).toBe(false);
    expect(asLead?.clinicians.map((c) => c.userId).sort()).toEqual(
      [USER.nurseA1, USER.oncologistA1, USER.adminOncologistA].sort(),
    );
  });
});

function removeForm(shiftId: string) {
  const data = new FormData();
  data.append("teamId", TEAM.A1);
  data.append("shiftId", shiftId);
  return data;
}
