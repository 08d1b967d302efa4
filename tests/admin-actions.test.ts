/**
 * The admin server actions end to end, as the app runs them: the session is read from the database
 * on every call (only next-auth's cookie decoding is replaced), then the role, the zod input, the
 * row-level security context and the audit event. Covers
 * - a removed role (or a deactivated account, or a sign-out everywhere) refused on the very next
 *   request, by actions, pages and the database alike;
 * - every change recorded with the admin who made it;
 * - more than 50 malformed or hostile inputs (wrong types, missing and extra fields, oversized
 *   values, script and SQL fragments, foreign or missing Origin), each answered with a plain
 *   refusal, none accepted (nothing in the database changes), none a server error.
 */

import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import type { AuditAction } from "../lib/audit/actions";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import * as actions from "../app/(admin)/admin/actions";
import { changesTo } from "../db/queries/activity";
import { listVisiblePatients } from "../db/queries/patients";
import { runWithRls } from "../db/rls";
import { AppError } from "../lib/errors";
import { proxy } from "../proxy";
import { requirePageSession, requireSession } from "../server/auth/session";
import { action } from "../server/http/action";
import { rowsOf } from "./support/database";
import { ORG, TEAM, USER, VALID_SETTINGS_FORM } from "./support/fixtures";
import { appDatabaseWithSessions, openSessions, SESSION, signedInAs } from "./support/signed-in-app";

const STAFF = ["adminA", "adminOncologistA", "nurseA1", "nurseA2", "oncologistA1", "nurseB"] as const;
const db = appDatabaseWithSessions("admin_actions", STAFF);
const UNKNOWN = "5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d";

/** A fresh, fully signed-in session for each fixture staff member (second factor passed). */
const newSessions = () => openSessions(db, STAFF);

function form(fields: Record<string, string | string[] | Blob>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    for (const value of Array.isArray(v) ? v : [v]) data.append(k, value);
  }
  return data;
}

/** Everything an admin action could change, as one digest (owner's view). */
async function digest(): Promise<string> {
  const [row] = await db.asOwner((o) =>
    rowsOf<{ d: string }>(
      o,
      sql`select md5(concat_ws('|',
            (select string_agg(u::text, ',' order by u.id) from users u),
            (select string_agg(m::text, ',' order by m.id) from staff_memberships m),
            (select string_agg(c::text, ',' order by c.id) from care_teams c),
            (select string_agg(g::text, ',' order by g.id) from organisations g),
            (select string_agg(i::text, ',' order by i.id) from invitations i),
            (select string_agg(s.id::text || coalesce(s.revoked_at::text, ''), ',' order by s.id) from sessions s))) as d`,
    ),
  );
  return row.d;
}

/** Approves, as whoever is signed in, the undecided request about the account. */
async function approve(userId: string) {
  const [request] = await db.asOwner((o) =>
    rowsOf<{ id: string }>(
      o,
      sql`select id from staff_change_requests where target_user_id = ${userId} and status = 'pending'`,
    ),
  );
  return actions.approveStaffChange(null, form({ requestId: request.id }));
}

/**
 * Gives the admin role back as the operator (the owner), and drops the requests for it that no
 * admin of a two-admin organisation may decide.
 */
async function operatorRestoresAdmin(userId: string) {
  await db.asOwner(async (o) => {
    await o.execute(sql`delete from staff_change_requests where target_user_id = ${userId} and kind = 'admin_role'`);
    await o.execute(
      sql`insert into staff_memberships (user_id, organisation_id, role) values (${userId}, ${ORG.A}, 'admin')`,
    );
  });
}

async function membershipId(userId: string, role: string, team: string | null = null): Promise<string> {
  const rows = await db.asOwner((o) =>
    rowsOf<{ id: string }>(
      o,
      sql`select id from staff_memberships where user_id = ${userId} and role = ${role}::staff_role
          and care_team_id is not distinct from ${team}::uuid`,
    ),
  );
  return rows[0]?.id;
}

// ---------------------------------------------------------------------------------------------
describe("a removed role is refused on the very next request", () => {
  const nurseProbe = action({
    name: "probe_nurse_action" as AuditAction,
    roles: ["nurse"],
    input: z.strictObject({}),
    run: async () => "done",
  });

  test("removing a nurse's role: her next action, page and query are refused; granting it back restores them", async () => {
    signedInAs("nurseA2");
    expect((await requireSession(["nurse"])).roles).toEqual(["nurse"]);
    expect(await nurseProbe({})).toEqual({ ok: true, data: "done" });
    const before = await runWithRls(db.runtime, { userId: USER.nurseA2 }, (tx) =>
      listVisiblePatients(tx, { limit: 10, offset: 0 }),
    );
    expect(before.total).toBe(1);

    signedInAs("adminA");
    const removed = await actions.removeRole(
      null,
      form({ membershipId: await membershipId(USER.nurseA2, "nurse", TEAM.A2) }),
    );
    expect(removed).toEqual({ ok: true, data: { userId: USER.nurseA2 } });

    signedInAs("nurseA2");
    await expect(requireSession(["nurse"])).rejects.toMatchObject({ code: "forbidden" });
    expect(await nurseProbe({})).toMatchObject({
      ok: false,
      code: "forbidden",
      error: "You do not have access to this.",
    });
    await expect(requirePageSession(["nurse"])).rejects.toMatchObject({
      digest: expect.stringContaining("/forbidden"),
    });
    const after = await runWithRls(db.runtime, { userId: USER.nurseA2 }, (tx) =>
      listVisiblePatients(tx, { limit: 10, offset: 0 }),
    );
    expect(after).toEqual({ rows: [], total: 0 });

    signedInAs("adminA");
    expect(
      await actions.grantRole(null, form({ userId: USER.nurseA2, role: "nurse", careTeamId: TEAM.A2 })),
    ).toMatchObject({
      ok: true,
      data: { waiting: true, message: expect.stringMatching(/^Waiting for a second admin/) },
    });
    // Nothing changes until a second admin approves.
    signedInAs("nurseA2");
    await expect(requireSession(["nurse"])).rejects.toMatchObject({ code: "forbidden" });
    signedInAs("adminOncologistA");
    expect(await approve(USER.nurseA2)).toMatchObject({ ok: true });
    signedInAs("nurseA2");
    expect(await nurseProbe({})).toEqual({ ok: true, data: "done" });
  });

  test("removing an admin's admin role: their next admin action is refused", async () => {
    signedInAs("adminA");
    expect(
      await actions.removeRole(null, form({ membershipId: await membershipId(USER.adminOncologistA, "admin") })),
    ).toMatchObject({ ok: true });
    signedInAs("adminOncologistA");
    expect(await actions.createCareTeam(null, form({ name: "Should Not Exist" }))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    // Giving it back waits for a second admin who is neither the one asking nor its holder: with two
    // admins in the organisation, that is the operator's to do.
    signedInAs("adminA");
    expect(
      await actions.grantRole(null, form({ userId: USER.adminOncologistA, role: "admin", careTeamId: "" })),
    ).toMatchObject({ ok: true, data: { waiting: true } });
    expect(await membershipId(USER.adminOncologistA, "admin")).toBeUndefined();
    await operatorRestoresAdmin(USER.adminOncologistA);
  });

  test("deactivating an account ends its sessions: the next request is signed out, and sign-in pages redirect", async () => {
    signedInAs("oncologistA1");
    await requireSession(["oncologist"]);
    signedInAs("adminA");
    const result = await actions.deactivateStaff(null, form({ userId: USER.oncologistA1 }));
    expect(result).toEqual({ ok: true, data: { userId: USER.oncologistA1, ended: 1 } });
    signedInAs("oncologistA1");
    await expect(requireSession(["oncologist"])).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(requirePageSession(["oncologist"])).rejects.toMatchObject({
      digest: expect.stringContaining("/sign-in"),
    });
    signedInAs("adminA");
    expect(await actions.reactivateStaff(null, form({ userId: USER.oncologistA1 }))).toMatchObject({ ok: true });
    // The old session stays ended: reactivation does not revive it.
    signedInAs("oncologistA1");
    await expect(requireSession()).rejects.toMatchObject({ code: "unauthenticated" });
  });

  test("signing someone out everywhere ends their session at once", async () => {
    signedInAs("adminA");
    expect(await actions.signOutStaff(null, form({ userId: USER.nurseA1 }))).toMatchObject({
      ok: true,
      data: { ended: 1 },
    });
    signedInAs("nurseA1");
    await expect(requireSession()).rejects.toMatchObject({ code: "unauthenticated" });
  });
});

// ---------------------------------------------------------------------------------------------
describe("every change says who made it", () => {
  test("each admin action records the admin as the actor and the account, team or organisation changed", async () => {
    await newSessions();
    signedInAs("adminA");
    const [{ last }] = await db.asOwner((o) =>
      rowsOf<{ last: number }>(o, sql`select coalesce(max(id), 0)::int as last from audit_events`),
    );
    const created = await actions.createStaff(
      null,
      form({ name: "Morven Baird", email: "morven.baird@fixture.example", role: "nurse", careTeamId: TEAM.A1 }),
    );
    if (!created.ok) throw new Error(created.error);
    // A nurse's account waits for a second admin: no role, no link yet.
    const userId = created.data.userId;
    expect(created.data).toEqual({ userId, name: "Morven Baird", email: "morven.baird@fixture.example" });
    expect(await membershipId(userId, "nurse", TEAM.A1)).toBeUndefined();
    expect(await db.asOwner((o) => rowsOf(o, sql`select 1 from invitations where user_id = ${userId}`))).toEqual([]);
    signedInAs("adminOncologistA");
    expect(await approve(userId)).toMatchObject({
      ok: true,
      data: { userId, path: null, message: "Approved and done. A one-time link is on its way to their email." },
    });
    signedInAs("adminA");
    const team = await actions.createCareTeam(null, form({ name: "Lothian Outreach" }));
    if (!team.ok) throw new Error(team.error);
    const steps = [
      await actions.grantRole(null, form({ userId, role: "oncologist", careTeamId: TEAM.A2 })),
      await actions.moveCareTeam(
        null,
        form({ membershipId: await membershipId(userId, "nurse", TEAM.A1), careTeamId: team.data.teamId }),
      ),
      await actions.renameStaff(null, form({ userId, name: "Morven Baird-Ross" })),
      await actions.sendInvitation(null, form({ userId })),
      await actions.unlockStaffAccount(null, form({ userId })),
      await actions.deactivateStaff(null, form({ userId })),
      await actions.reactivateStaff(null, form({ userId })),
      await actions.renameCareTeam(null, form({ teamId: team.data.teamId, name: "Lothian Acute Outreach" })),
      await actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, idleTimeoutMinutes: "20", feverC: "38.0" })),
    ];
    expect(steps.filter((s) => !s.ok)).toEqual([]);
    const events = await db.asOwner((o) =>
      rowsOf<{
        action: string;
        actor_user_id: string;
        actor_role: string;
        resource_type: string;
        resource_id: string;
        details: unknown;
      }>(
        o,
        sql`select action, actor_user_id, actor_role, resource_type, resource_id, details from audit_events
            where actor_user_id = ${USER.adminA} and action not like '%_viewed' and id > ${last} order by id`,
      ),
    );
    // The first event of each kind since the test began.
    const byAction = new Map([...events].reverse().map((e) => [e.action, e]));
    for (const name of [
      "staff_created",
      "staff_change_requested",
      "staff_renamed",
      "staff_unlocked",
      "staff_deactivated",
      "staff_reactivated",
    ]) {
      expect(byAction.get(name), name).toMatchObject({
        actor_user_id: USER.adminA,
        actor_role: "admin",
        resource_type: "user",
        resource_id: userId,
      });
    }
    expect(byAction.get("care_team_created")).toMatchObject({
      resource_type: "care_team",
      resource_id: team.data.teamId,
    });
    expect(byAction.get("organisation_settings_changed")).toMatchObject({
      resource_type: "organisation",
      resource_id: ORG.A,
      // Org A had no settings stored: only what differs from the defaults in effect changed, each
      // with its value before and after; storing the default longest session etc. changes nothing.
      details: {
        changed: "hospitalLine,idleTimeoutMinutes,triage.feverC",
        "before.hospitalLine": null,
        "after.hospitalLine": "0131 537 1000",
        "before.idleTimeoutMinutes": 30,
        "after.idleTimeoutMinutes": 20,
        "before.triage.feverC": 37.5,
        "after.triage.feverC": 38,
      },
    });
    // The second admin's approval and the link it sent name the second admin.
    const approval = await db.asOwner((o) =>
      rowsOf<{ action: string; actor_user_id: string }>(
        o,
        sql`select action, actor_user_id from audit_events where resource_id = ${userId} and id > ${last}
            and action in ('staff_change_approved', 'staff_invited') order by id`,
      ),
    );
    expect(approval).toEqual([
      { action: "staff_invited", actor_user_id: USER.adminOncologistA },
      { action: "staff_change_approved", actor_user_id: USER.adminOncologistA },
    ]);
    // The one-time link's token, emailed to the account, is never recorded anywhere in the trail.
    const [mail] = await db.asOwner((o) =>
      rowsOf<{ link_path: string }>(o, sql`select link_path from notifications where recipient_user_id = ${userId}`),
    );
    const token = mail.link_path.split("/").pop() as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [{ n }] = await db.asOwner((o) =>
      rowsOf<{ n: number }>(
        o,
        sql`select count(*)::int as n from audit_events where details::text like ${`%${token}%`}`,
      ),
    );
    expect(n).toBe(0);
    // And the account's history, as the admin reads it, names who made each change.
    const history = await runWithRls(db.runtime, { userId: USER.adminA }, (tx) =>
      changesTo(tx, { organisationId: ORG.A, resource: { type: "user", id: userId } }),
    );
    expect(history.length).toBeGreaterThanOrEqual(8);
    expect(new Set(history.map((h) => h.actorName))).toEqual(new Set(["Staff adminA", "Staff adminOncologistA"]));
    const [org] = await db.asOwner((o) =>
      rowsOf<{ settings: Record<string, unknown> }>(o, sql`select settings from organisations where id = ${ORG.A}`),
    );
    expect(org.settings).toEqual({
      mfaRequiredForStaff: true,
      idleTimeoutMinutes: 20,
      absoluteTimeoutHours: 12,
      hospitalLine: "0131 537 1000",
      triage: { feverC: 38 },
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe("malformed and hostile input to the admin actions", () => {
  type Call = () => Promise<{ ok: boolean; code?: string; error?: string }>;
  type AnyAction = (prev: null, data: never) => Promise<{ ok: boolean; code?: string; error?: string }>;
  // Hostile callers send whatever they like: the value is passed where FormData belongs.
  const raw =
    (fn: AnyAction, value: unknown): Call =>
    () =>
      fn(null, value as never);
  const huge = "A".repeat(100_000);
  const script = "<script>alert(1)</script>";
  const validStaff = { name: "Kirsty Ross", email: "kirsty.ross@fixture.example", role: "nurse", careTeamId: TEAM.A1 };
  let nurseA1Membership = "";
  let adminAMembership = "";

  beforeAll(async () => {
    await newSessions();
    nurseA1Membership = await membershipId(USER.nurseA1, "nurse", TEAM.A1);
    adminAMembership = await membershipId(USER.adminA, "admin");
  });

  const cases = (): [string, Call, RegExp?][] => [
    // Wrong types: not a form at all.
    ["createStaff with a plain object", raw(actions.createStaff, validStaff)],
    ["createStaff with a string", raw(actions.createStaff, "name=Kirsty")],
    ["deactivateStaff with a number", raw(actions.deactivateStaff, 42)],
    ["grantRole with null", raw(actions.grantRole, null)],
    ["updateSettings with an array", raw(actions.updateSettings, [VALID_SETTINGS_FORM])],
    ["removeRole with nothing", raw(actions.removeRole, undefined)],
    // Missing fields.
    ["createStaff with no fields", () => actions.createStaff(null, form({}))],
    [
      "createStaff without an email",
      () => actions.createStaff(null, form({ name: "Kirsty Ross", role: "nurse", careTeamId: TEAM.A1 })),
      /Please correct/,
    ],
    ["grantRole without a role", () => actions.grantRole(null, form({ userId: USER.nurseA2, careTeamId: TEAM.A1 }))],
    ["moveCareTeam without a team", () => actions.moveCareTeam(null, form({ membershipId: nurseA1Membership }))],
    ["updateSettings with one field", () => actions.updateSettings(null, form({ mfaRequiredForStaff: "no" }))],
    ["renameCareTeam without a name", () => actions.renameCareTeam(null, form({ teamId: TEAM.A1 }))],
    ["deactivateStaff without a user", () => actions.deactivateStaff(null, form({}))],
    // Extra fields.
    [
      "deactivateStaff naming an organisation",
      () => actions.deactivateStaff(null, form({ userId: USER.nurseA2, organisationId: ORG.B })),
    ],
    [
      "createStaff with a password hash",
      () => actions.createStaff(null, form({ ...validStaff, passwordHash: "$argon2id$v=19$..." })),
    ],
    [
      "grantRole naming its creator",
      () =>
        actions.grantRole(
          null,
          form({ userId: USER.nurseA2, role: "nurse", careTeamId: TEAM.A1, createdBy: USER.nurseB }),
        ),
    ],
    [
      "updateSettings with a raw triage object",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, triage: '{"redGrade":1}' })),
    ],
    [
      "createCareTeam naming an organisation",
      () => actions.createCareTeam(null, form({ name: "Sneaky Team", organisationId: ORG.B })),
    ],
    ["signOutStaff with a role", () => actions.signOutStaff(null, form({ userId: USER.nurseA2, role: "admin" }))],
    // The same field twice, and a file where text belongs.
    [
      "deactivateStaff with two users",
      () => actions.deactivateStaff(null, form({ userId: [USER.nurseA2, USER.nurseA1] })),
    ],
    [
      "createStaff with two names",
      () => actions.createStaff(null, form({ ...validStaff, name: ["Kirsty Ross", "Other Name"] })),
    ],
    [
      "createStaff with a file for a name",
      () => actions.createStaff(null, form({ ...validStaff, name: new Blob(["Kirsty"]) })),
    ],
    // Oversized values.
    ["a 100,000-character name", () => actions.createStaff(null, form({ ...validStaff, name: huge }))],
    [
      "a 300-character email",
      () => actions.createStaff(null, form({ ...validStaff, email: `${"a".repeat(290)}@x.example` })),
    ],
    ["a 10,000-character team name", () => actions.createCareTeam(null, form({ name: "T".repeat(10_000) }))],
    [
      "a 1 MB hospital line",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, hospitalLine: "0".repeat(1_000_000) })),
    ],
    ["a 5,000-character user id", () => actions.deactivateStaff(null, form({ userId: "a".repeat(5000) }))],
    [
      "a thousand-digit idle time-out",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, idleTimeoutMinutes: "9".repeat(1000) })),
    ],
    // Script fragments.
    ["a script tag as a name", () => actions.createStaff(null, form({ ...validStaff, name: script }))],
    [
      "an image onerror as a team name",
      () => actions.createCareTeam(null, form({ name: '"><img src=x onerror=alert(1)>' })),
    ],
    [
      "an svg onload as the hospital line",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, hospitalLine: "<svg onload=alert(1)>" })),
    ],
    [
      "a script after an email",
      () => actions.createStaff(null, form({ ...validStaff, email: `kirsty@fixture.example${script}` })),
    ],
    [
      "a javascript: URL as a name",
      () => actions.renameStaff(null, form({ userId: USER.nurseA2, name: "javascript:alert(1)" })),
    ],
    [
      "a template expression as a team name",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
      () => actions.renameCareTeam(null, form({ teamId: TEAM.A1, name: "${7*7}{{7*7}}" })),
    ],
    // SQL fragments.
    [
      "Robert'); DROP TABLE users;-- as a name",
      () => actions.createStaff(null, form({ ...validStaff, name: "Robert'); DROP TABLE users;--" })),
    ],
    ["a DELETE as a team name", () => actions.createCareTeam(null, form({ name: "x'; DELETE FROM care_teams; --" }))],
    ["' OR 1=1 -- as a user id", () => actions.deactivateStaff(null, form({ userId: "' OR 1=1 --" }))],
    [
      "a DROP after a membership id",
      () => actions.removeRole(null, form({ membershipId: `${nurseA1Membership}; DROP TABLE staff_memberships` })),
    ],
    [
      "an OR clause after a team id",
      () => actions.grantRole(null, form({ userId: USER.nurseA2, role: "nurse", careTeamId: `${TEAM.A1}' OR '1'='1` })),
    ],
    [
      "a comment after an email",
      () => actions.createStaff(null, form({ ...validStaff, email: "admin@fixture.example' --" })),
    ],
    [
      "a UNION as an idle time-out",
      () =>
        actions.updateSettings(
          null,
          form({ ...VALID_SETTINGS_FORM, idleTimeoutMinutes: "30 UNION SELECT password_hash FROM users" }),
        ),
    ],
    // Values of the wrong kind or out of bounds.
    [
      "the role superuser",
      () => actions.grantRole(null, form({ userId: USER.nurseA2, role: "superuser", careTeamId: "" })),
    ],
    ["the role patient", () => actions.createStaff(null, form({ ...validStaff, role: "patient" }))],
    [
      "a care team for the admin role",
      () => actions.grantRole(null, form({ userId: USER.nurseA2, role: "admin", careTeamId: TEAM.A1 })),
      /not tied to a care team/,
    ],
    [
      "a clinical role without a team",
      () => actions.grantRole(null, form({ userId: USER.nurseA2, role: "oncologist", careTeamId: "" })),
      /Choose the care team/,
    ],
    [
      "an idle time-out of abc",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, idleTimeoutMinutes: "abc" })),
    ],
    [
      "a negative idle time-out",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, idleTimeoutMinutes: "-5" })),
    ],
    [
      "an idle time-out written 1e3",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, idleTimeoutMinutes: "1e3" })),
    ],
    [
      "a zero idle time-out",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, idleTimeoutMinutes: "0" })),
    ],
    [
      "a 1000-hour session",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, absoluteTimeoutHours: "1000" })),
    ],
    [
      "an idle time-out longer than the session",
      () =>
        actions.updateSettings(
          null,
          form({ ...VALID_SETTINGS_FORM, idleTimeoutMinutes: "240", absoluteTimeoutHours: "1" }),
        ),
      /Please correct/,
    ],
    ["a fever threshold of 39", () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, feverC: "39" }))],
    [
      "a low temperature of 34.9",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, lowTemperatureC: "34.9" })),
    ],
    ["a red grade of 4", () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, redGrade: "4" }))],
    [
      "amber equal to red",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, redGrade: "2", amberGrade: "2" })),
    ],
    [
      "a red target longer than amber",
      () =>
        actions.updateSettings(
          null,
          form({ ...VALID_SETTINGS_FORM, redResponseMinutes: "240", amberResponseMinutes: "60" }),
        ),
    ],
    [
      "a second-factor answer of maybe",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, mfaRequiredForStaff: "maybe" })),
    ],
    [
      "words as a phone number",
      () => actions.updateSettings(null, form({ ...VALID_SETTINGS_FORM, hospitalLine: "call the ward" })),
    ],
    ["a NUL byte in a name", () => actions.createStaff(null, form({ ...validStaff, name: "Kirsty\u0000Ross" }))],
    [
      "a right-to-left override in a name",
      () => actions.renameStaff(null, form({ userId: USER.nurseA2, name: "\u202eKirsty Ross" })),
    ],
    ["a not-an-email", () => actions.createStaff(null, form({ ...validStaff, email: "not-an-email" }))],
    // Well-formed, but not allowed.
    [
      "granting oneself a clinical role",
      () => actions.grantRole(null, form({ userId: USER.adminA, role: "nurse", careTeamId: TEAM.A1 })),
      /cannot give yourself a clinical role/,
    ],
    [
      "deactivating oneself",
      () => actions.deactivateStaff(null, form({ userId: USER.adminA })),
      /cannot deactivate your own account/,
    ],
    ["resetting one's own second factor", () => actions.resetMfa(null, form({ userId: USER.adminA }))],
    [
      "another organisation's nurse",
      () => actions.deactivateStaff(null, form({ userId: USER.nurseB })),
      /could not find that staff member/,
    ],
    [
      "a patient's account",
      () => actions.sendInvitation(null, form({ userId: USER.patientP1 })),
      /could not find that staff member/,
    ],
    ["an unknown account", () => actions.unlockStaffAccount(null, form({ userId: UNKNOWN }))],
    ["an unknown role", () => actions.removeRole(null, form({ membershipId: UNKNOWN }))],
    [
      "another organisation's care team",
      () => actions.moveCareTeam(null, form({ membershipId: nurseA1Membership, careTeamId: TEAM.B1 })),
      /Choose a care team from the list/,
    ],
    [
      "renaming a team to an existing name",
      () => actions.renameCareTeam(null, form({ teamId: TEAM.A1, name: "Team A2" })),
      /already exists/,
    ],
    ["archiving a team with members", () => actions.archiveTeam(null, form({ teamId: TEAM.A1 })), /still has/],
    [
      "an existing email address",
      () => actions.createStaff(null, form({ ...validStaff, email: "nursea1@fixture.example" })),
      /already exists/,
    ],
  ];

  test("at least 50 hostile inputs, each refused in a sentence, nothing changed, no server error", async () => {
    signedInAs("adminA");
    const list = cases();
    expect(list.length).toBeGreaterThanOrEqual(50);
    const before = await digest();
    const problems: string[] = [];
    for (const [label, call, expected] of list) {
      let result: { ok: boolean; code?: string; error?: string };
      try {
        result = await call();
      } catch (error) {
        problems.push(`${label}: threw ${String(error)}`);
        continue;
      }
      if (result.ok) problems.push(`${label}: accepted`);
      else if (result.code === "internal" || result.code === "unavailable")
        problems.push(`${label}: server error (${result.error})`);
      else if (!result.error || !/^[A-Z].*[.!?]$/s.test(result.error))
        problems.push(`${label}: no sentence (${result.error})`);
      else if (/<script|<img|<svg|DROP TABLE|UNION SELECT/i.test(JSON.stringify(result)))
        problems.push(`${label}: echoes the input`);
      else if (expected && !expected.test(JSON.stringify(result)))
        problems.push(`${label}: ${JSON.stringify(result)} does not match ${expected}`);
    }
    expect(problems).toEqual([]);
    expect(await digest()).toBe(before);
  });

  test("the last admin's role cannot be removed through the action either", async () => {
    signedInAs("adminA");
    // Org A has two admins; remove the other's, then try to remove one's own.
    const other = await membershipId(USER.adminOncologistA, "admin");
    expect(await actions.removeRole(null, form({ membershipId: other }))).toMatchObject({ ok: true });
    const before = await digest();
    expect(await actions.removeRole(null, form({ membershipId: adminAMembership }))).toMatchObject({
      ok: false,
      code: "conflict",
      error: "Staff adminA is the organisation's last active admin. Give someone else the admin role first.",
    });
    expect(await digest()).toBe(before);
    await operatorRestoresAdmin(USER.adminOncologistA);
  });

  test("without a session, or as a nurse, every admin action is refused", async () => {
    // A revoked session is no session.
    await db.asOwner((o) =>
      o.execute(sql`update sessions set revoked_at = now() where id = ${SESSION.adminOncologistA.id}`),
    );
    const before = await digest();
    for (const who of [null, "nurseA1", "nurseB"] as const) {
      signedInAs(who);
      const outcomes = await Promise.all([
        actions.createStaff(null, form(validStaff)),
        actions.deactivateStaff(null, form({ userId: USER.nurseA2 })),
        actions.updateSettings(null, form(VALID_SETTINGS_FORM)),
        actions.createCareTeam(null, form({ name: "Nope Team" })),
      ]);
      for (const o of outcomes) expect(o).toMatchObject({ ok: false, code: who ? "forbidden" : "unauthenticated" });
    }
    signedInAs("adminOncologistA");
    expect(await actions.createCareTeam(null, form({ name: "Nope Team" }))).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    expect(await digest()).toBe(before);
  });

  test("a request from another site, or with no Origin, is refused before any action runs", async () => {
    const post = (headers: Record<string, string>) =>
      proxy(
        new NextRequest("http://localhost:3100/admin", {
          method: "POST",
          headers: {
            host: "localhost:3100",
            "next-action": "0123456789abcdef",
            "content-type": "text/plain;charset=UTF-8",
            ...headers,
          },
          body: JSON.stringify([null, {}]),
        }),
      );
    const refused = [
      await post({ origin: "https://evil.example" }),
      await post({}),
      await post({ origin: "null" }),
      await post({ origin: "http://localhost:3100.evil.example" }),
      await post({ origin: "http://localhost:3100/admin" }),
      await post({ origin: "http://user@localhost:3100" }),
    ];
    for (const response of refused) {
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ title: "This request did not come from this site.", status: 403 });
    }
    const same = await post({ origin: "http://localhost:3100" });
    expect(same.status).not.toBe(403);
  });
});

// Guard against an AppError import being optimised away in this file's checks.
test("AppError codes used above exist", () => {
  expect(new AppError("conflict").status).toBe(409);
});

// ---------------------------------------------------------------------------------------------
describe("changes that take a second admin", () => {
  test("a clinician's reset link waits; its requester cannot approve it; a refusal changes nothing; each step names its admin", async () => {
    await newSessions();
    const before = await digest();
    signedInAs("adminA");
    expect(await actions.sendInvitation(null, form({ userId: USER.nurseA2 }))).toMatchObject({
      ok: true,
      data: { waiting: true, path: null, message: expect.stringMatching(/^Waiting for a second admin/) },
    });
    expect(await actions.resetMfa(null, form({ userId: USER.nurseA2 }))).toMatchObject({
      ok: true,
      data: { waiting: true },
    });
    // Nothing about the nurse's account has changed.
    expect(await digest()).toBe(before);

    const pending = await db.asOwner((o) =>
      rowsOf<{ id: string; kind: string }>(
        o,
        sql`select id, kind from staff_change_requests where target_user_id = ${USER.nurseA2} and status = 'pending'
            order by kind`,
      ),
    );
    expect(pending.map((p) => p.kind)).toEqual(["mfa_reset", "one_time_link"]);
    const [mfa, link] = pending;
    expect(await actions.approveStaffChange(null, form({ requestId: link.id }))).toEqual({
      ok: false,
      code: "forbidden",
      error: "You asked for this change, or it is for your own account, so another admin must approve or refuse it.",
    });
    expect(await actions.refuseStaffChange(null, form({ requestId: link.id }))).toMatchObject({ ok: false });

    signedInAs("adminOncologistA");
    expect(await actions.refuseStaffChange(null, form({ requestId: mfa.id }))).toMatchObject({
      ok: true,
      data: { message: "Refused. Nothing was changed." },
    });
    expect(await actions.approveStaffChange(null, form({ requestId: mfa.id }))).toMatchObject({
      ok: false,
      error: "That change is no longer waiting. Reload the page to see the changes that are.",
    });
    expect(await digest()).toBe(before);
    expect(await actions.approveStaffChange(null, form({ requestId: link.id }))).toMatchObject({
      ok: true,
      data: { userId: USER.nurseA2, path: null },
    });
    const trail = await db.asOwner((o) =>
      rowsOf<{ action: string; actor_user_id: string; outcome: string }>(
        o,
        sql`select action, actor_user_id, outcome from audit_events where resource_id = ${USER.nurseA2}
            and action like 'staff_%' and action <> 'staff_member_viewed' order by id`,
      ),
    );
    expect(trail.slice(-5)).toEqual([
      { action: "staff_change_requested", actor_user_id: USER.adminA, outcome: "allowed" },
      { action: "staff_change_requested", actor_user_id: USER.adminA, outcome: "allowed" },
      { action: "staff_change_refused", actor_user_id: USER.adminOncologistA, outcome: "allowed" },
      { action: "staff_invited", actor_user_id: USER.adminOncologistA, outcome: "allowed" },
      { action: "staff_change_approved", actor_user_id: USER.adminOncologistA, outcome: "allowed" },
    ]);
  });

  test("a link is shown on screen only where the organisation opts in, and the showing is audited", async () => {
    await newSessions();
    await db.asOwner((o) =>
      o.execute(sql`update organisations set settings = settings || '{"showOneTimeLinks": true}' where id = ${ORG.A}`),
    );
    try {
      signedInAs("adminA");
      const asked = await actions.sendInvitation(null, form({ userId: USER.oncologistA1 }));
      expect(asked).toMatchObject({ ok: true, data: { waiting: true, path: null } });
      const [request] = await db.asOwner((o) =>
        rowsOf<{ id: string }>(
          o,
          sql`select id from staff_change_requests where target_user_id = ${USER.oncologistA1} and status = 'pending'`,
        ),
      );
      signedInAs("adminOncologistA");
      const approved = await actions.approveStaffChange(null, form({ requestId: request.id }));
      if (!approved.ok) throw new Error(approved.error);
      expect(approved.data.path).toMatch(/^\/activate\/[A-Za-z0-9_-]{43}$/);
      const [shown] = await db.asOwner((o) =>
        rowsOf<{ actor_user_id: string }>(
          o,
          sql`select actor_user_id from audit_events where action = 'one_time_link_shown'
              and resource_id = ${USER.oncologistA1} order by id desc limit 1`,
        ),
      );
      expect(shown).toEqual({ actor_user_id: USER.adminOncologistA });
    } finally {
      await db.asOwner((o) =>
        o.execute(sql`update organisations set settings = settings - 'showOneTimeLinks' where id = ${ORG.A}`),
      );
    }
  });

  test("hostile request ids are refused in a sentence and change nothing", async () => {
    await newSessions();
    signedInAs("adminOncologistA");
    const before = await digest();
    for (const requestId of [UNKNOWN, "not-a-uuid", `${UNKNOWN}' OR 1=1 --`, "", "\u0000"]) {
      for (const decide of [actions.approveStaffChange, actions.refuseStaffChange]) {
        const answer = await decide(null, form({ requestId }));
        expect(answer, requestId).toMatchObject({ ok: false, error: expect.any(String) });
      }
    }
    signedInAs("nurseA1");
    expect(await actions.approveStaffChange(null, form({ requestId: UNKNOWN }))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await digest()).toBe(before);
  });
});
