/**
 * The admin half of the app at the database: the staff directory's server-side search, filters,
 * sorting and paging over 240+ staff; the guard rails (last admin, no clinical role for oneself, no
 * moving one's own clinical role, archived teams), each checked by the app's queries and again by
 * the database when a query goes round them, including two admins removing each other at once on
 * PostgreSQL; and that an admin without a clinical role reads no clinical row through anything.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import * as activityQueries from "../db/queries/activity";
import * as careTeamQueries from "../db/queries/care-teams";
import * as settingsQueries from "../db/queries/organisation-settings";
import { findStaffMember, listStaffPage, type StaffQuery } from "../db/queries/staff";
import * as staffAccountQueries from "../db/queries/staff-accounts";
import { decideStaffChange } from "../db/queries/staff-changes";
import * as staffRoleQueries from "../db/queries/staff-roles";
import { runWithRls } from "../db/rls";
import * as t from "../db/schema";
import { stableId } from "../db/stable-id";
import { AppError } from "../lib/errors";
import {
  BORDERS_ADMIN,
  BORDERS_ORG_ID,
  BORDERS_TEAMS,
  seedStaffDirectory,
  staffDirectoryPlan,
  teamId,
} from "../scripts/seed-staff";
import { userFacingError } from "../server/http/messages";
import { rowsOf } from "./support/database";
import {
  CATEGORY_TABLES,
  ORG,
  PATIENT,
  PATIENT_KEYS,
  PERMISSION_DENIED,
  sentinels,
  sqlMessage,
  sqlState,
  TEAM,
  USER,
} from "./support/fixtures";
import { signal } from "./support/signal";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("admin", { poolSize: 6 });
const NOW = new Date();

// Organisation C: a small organisation of its own for the last-admin rules.
const C = {
  org: stableId("admin-test:org-c"),
  team: stableId("admin-test:team-c1"),
  admin1: stableId("admin-test:admin-c1"),
  admin2: stableId("admin-test:admin-c2"),
  nurse: stableId("admin-test:nurse-c"),
};

beforeAll(async () => {
  await db.asOwner(async (owner) => {
    await seedStaffDirectory(owner, NOW);
    await owner.insert(t.organisations).values({ id: C.org, name: "Organisation C", slug: "org-c" });
    await owner.insert(t.careTeams).values({ id: C.team, organisationId: C.org, name: "Team C1" });
    await owner.insert(t.users).values(
      [C.admin1, C.admin2, C.nurse].map((id, i) => ({
        id,
        organisationId: C.org,
        kind: "staff" as const,
        email: `c${i}@org-c.example`,
        displayName: ["Admin One", "Admin Two", "Nurse Three"][i],
        passwordHash: "x",
      })),
    );
    await owner.insert(t.staffMemberships).values([
      { userId: C.admin1, organisationId: C.org, role: "admin" as const },
      { userId: C.nurse, organisationId: C.org, careTeamId: C.team, role: "nurse" as const },
    ]);
  });
});

const actorA = { userId: USER.adminA, organisationId: ORG.A };
const actorC1 = { userId: C.admin1, organisationId: C.org };
const actorC2 = { userId: C.admin2, organisationId: C.org };
const borders = { userId: BORDERS_ADMIN.id, organisationId: BORDERS_ORG_ID };

const admin = {
  ...activityQueries,
  ...careTeamQueries,
  ...settingsQueries,
  ...staffAccountQueries,
  ...staffRoleQueries,
};

/** The admin role given by the operator, as the owner: how an organisation gets its first two admins. */
async function operatorMakesAdmin(userId: string, organisationId: string) {
  await db.asOwner((o) =>
    o.execute(sql`insert into staff_memberships (user_id, organisation_id, role)
      values (${userId}, ${organisationId}, 'admin') on conflict do nothing`),
  );
}

function asUser<T>(userId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return runWithRls(db.runtime, { userId }, work);
}

/** What a refused call answers: the AppError code and sentence, or the SQLSTATE. */
async function refusal(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return "ok";
  } catch (error) {
    if (error instanceof AppError) {
      const shown = userFacingError(error);
      return `${shown.code}: ${shown.message}`;
    }
    return sqlState(error) ?? sqlMessage(error);
  }
}

async function adminMembershipOf(userId: string, org: string): Promise<string | undefined> {
  const rows = await db.asOwner((o) =>
    rowsOf<{ id: string }>(
      o,
      sql`select id from staff_memberships where user_id = ${userId} and organisation_id = ${org} and role = 'admin'`,
    ),
  );
  return rows[0]?.id;
}

// ---------------------------------------------------------------------------------------------
describe("the staff directory (search, filters, sort and paging in SQL)", () => {
  const plan = staffDirectoryPlan();
  const base: StaffQuery = {
    search: "",
    role: null,
    team: null,
    status: null,
    sort: "name",
    dir: "asc",
    page: 1,
    pageSize: 25,
  };
  const list = (q: Partial<StaffQuery>) =>
    asUser(borders.userId, (tx) => listStaffPage(tx, BORDERS_ORG_ID, { ...base, ...q }, NOW));

  test("pages through every one of the 242 staff exactly once, in name order", async () => {
    expect(plan.length).toBeGreaterThanOrEqual(200);
    const seen: string[] = [];
    const names: string[] = [];
    for (let page = 1; ; page++) {
      const { rows, total } = await list({ page, pageSize: 50 });
      expect(total).toBe(plan.length);
      seen.push(...rows.map((r) => r.id));
      names.push(...rows.map((r) => r.name));
      if (rows.length < 50) break;
    }
    expect(seen).toHaveLength(plan.length);
    expect(new Set(seen).size).toBe(plan.length);
    expect(new Set(seen)).toEqual(new Set(plan.map((p) => p.id)));
    // The same order as one unpaged query: pages neither skip nor repeat anyone at their edges.
    const whole = await list({ pageSize: 1000 });
    expect(whole.rows.map((r) => r.id)).toEqual(seen);
    expect(names[0] <= names[names.length - 1] || names[0].localeCompare(names[names.length - 1]) <= 0).toBe(true);
  });

  test("filters by role, care team, status and search, with the counts the seed implies", async () => {
    const count = (f: (p: (typeof plan)[number]) => boolean) => plan.filter(f).length;
    const cases: [Partial<StaffQuery>, number][] = [
      [{ role: "nurse" }, count((p) => p.memberships.some((m) => m.role === "nurse"))],
      [{ role: "admin" }, count((p) => p.memberships.some((m) => m.role === "admin"))],
      [{ role: "none" }, count((p) => p.memberships.length === 0)],
      [{ team: teamId("ward2") }, count((p) => p.memberships.some((m) => m.team === "ward2"))],
      [{ team: "none" }, count((p) => p.memberships.every((m) => m.team === null))],
      [{ status: "deactivated" }, count((p) => p.status === "deactivated")],
      [{ status: "locked" }, count((p) => p.status === "locked")],
      [{ status: "invited" }, count((p) => p.status === "invited")],
      [{ status: "active" }, count((p) => p.status === "active")],
      [
        { role: "oncologist", team: teamId("day"), status: "active" },
        count((p) => p.status === "active" && p.memberships.some((m) => m.role === "oncologist" && m.team === "day")),
      ],
      [{ search: "Chisholm" }, count((p) => p.name.includes("Chisholm"))],
      [{ search: "ailsa.aitken" }, count((p) => p.email.includes("ailsa.aitken"))],
      [{ search: "%" }, 0],
      [{ search: "_" }, 0],
      [{ search: "' or 1=1 --" }, 0],
    ];
    for (const [filter, expected] of cases) {
      const { total, rows } = await list({ ...filter, pageSize: 100 });
      expect(total, JSON.stringify(filter)).toBe(expected);
      expect(rows.length, JSON.stringify(filter)).toBe(Math.min(100, expected));
    }
    expect(cases.filter(([, n]) => n > 0).length).toBeGreaterThan(10);
    // Statuses partition the directory.
    const statusTotals = await Promise.all(
      ["active", "invited", "locked", "deactivated"].map((status) => list({ status: status as StaffQuery["status"] })),
    );
    expect(statusTotals.reduce((n, r) => n + r.total, 0)).toBe(plan.length);
  });

  test("sorts by email, status and date added, either way, with stable pages", async () => {
    const emails = plan.map((p) => p.email).sort();
    const desc = await list({ sort: "email", dir: "desc", pageSize: 10 });
    expect(desc.rows.map((r) => r.email)).toEqual([...emails].reverse().slice(0, 10));
    const asc2 = await list({ sort: "email", dir: "asc", page: 2, pageSize: 10 });
    expect(asc2.rows.map((r) => r.email)).toEqual(emails.slice(10, 20));
    const byStatus = await list({ sort: "status", dir: "desc", pageSize: 5 });
    expect(byStatus.rows.every((r) => r.status === "deactivated")).toBe(true);
    const newest = await list({ sort: "created", dir: "desc", pageSize: 1 });
    expect(newest.rows[0].id).toBe(plan[plan.length - 1].id);
    const lastActive = await list({ sort: "lastActive", dir: "desc", pageSize: 5 });
    expect(lastActive.total).toBe(plan.length);
  });

  test("a page past the end is empty, with the real total", async () => {
    const { rows, total } = await list({ page: 999 });
    expect(rows).toEqual([]);
    expect(total).toBe(plan.length);
  });

  test("shows only the admin's own organisation's staff: no patient accounts, no other organisation", async () => {
    const { rows, total } = await asUser(USER.adminA, (tx) =>
      listStaffPage(tx, ORG.A, { ...base, pageSize: 100 }, NOW),
    );
    expect(new Set(rows.map((r) => r.id))).toEqual(
      new Set([USER.oncologistA1, USER.nurseA1, USER.nurseA2, USER.adminA, USER.adminOncologistA]),
    );
    expect(total).toBe(5);
    // Asking for another organisation's directory returns nothing at all.
    const other = await asUser(USER.adminA, (tx) => listStaffPage(tx, BORDERS_ORG_ID, { ...base, pageSize: 100 }, NOW));
    expect(other).toEqual({ rows: [], total: 0 });
    expect(await asUser(USER.adminA, (tx) => findStaffMember(tx, ORG.A, USER.patientP1, NOW, NOW))).toBeNull();
    expect(await asUser(USER.adminA, (tx) => findStaffMember(tx, ORG.A, USER.nurseB, NOW, NOW))).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
describe("guard rails", () => {
  test("the last active admin's role cannot be removed, nor the account deactivated", async () => {
    const membership = (await adminMembershipOf(C.admin1, C.org)) as string;
    expect(
      await refusal(() => asUser(C.admin1, (tx) => admin.removeRole(tx, { actor: actorC1, membershipId: membership }))),
    ).toMatch(/^conflict: Admin One is the organisation's last active admin/);
    // Going round the app: the database refuses the same change.
    expect(
      await refusal(() =>
        asUser(C.admin1, (tx) => tx.execute(sql`delete from staff_memberships where id = ${membership}`)),
      ),
    ).toBe("23514");
    expect(
      await refusal(() =>
        asUser(C.admin1, (tx) => tx.execute(sql`update users set deactivated_at = now() where id = ${C.admin1}`)),
      ),
    ).toBe("23514");
    expect(await adminMembershipOf(C.admin1, C.org)).toBe(membership);
  });

  test("with a second admin, one may remove the other; a deactivated admin does not count", async () => {
    // One admin alone cannot give the admin role (the two-person rule): the operator makes the second.
    await asUser(C.admin1, (tx) =>
      admin.grantRole(tx, { actor: actorC1, userId: C.admin2, role: "admin", careTeamId: null }),
    );
    expect(await adminMembershipOf(C.admin2, C.org)).toBeUndefined();
    await operatorMakesAdmin(C.admin2, C.org);
    const second = (await adminMembershipOf(C.admin2, C.org)) as string;
    await asUser(C.admin1, (tx) => admin.removeRole(tx, { actor: actorC1, membershipId: second }));
    expect(await adminMembershipOf(C.admin2, C.org)).toBeUndefined();
    await operatorMakesAdmin(C.admin2, C.org);
    await asUser(C.admin1, (tx) => admin.deactivateStaff(tx, { actor: actorC1, userId: C.admin2, now: NOW }));
    // Admin Two is deactivated: Admin One is the last active admin again.
    const first = (await adminMembershipOf(C.admin1, C.org)) as string;
    expect(
      await refusal(() => asUser(C.admin1, (tx) => admin.removeRole(tx, { actor: actorC1, membershipId: first }))),
    ).toMatch(/^conflict: .*last active admin/);
    await asUser(C.admin1, (tx) => admin.reactivateStaff(tx, { actor: actorC1, userId: C.admin2 }));
  });

  test("two admins removing each other at the same moment: exactly one succeeds", async () => {
    const one = (await adminMembershipOf(C.admin1, C.org)) as string;
    const two = (await adminMembershipOf(C.admin2, C.org)) as string;
    expect(one && two).toBeTruthy();
    for (let round = 0; round < 3; round++) {
      const outcomes = await Promise.all([
        refusal(() => asUser(C.admin1, (tx) => admin.removeRole(tx, { actor: actorC1, membershipId: two }))),
        refusal(() => asUser(C.admin2, (tx) => admin.removeRole(tx, { actor: actorC2, membershipId: one }))),
      ]);
      expect(
        outcomes.filter((o) => o === "ok"),
        outcomes.join(" | "),
      ).toHaveLength(1);
      const remaining = await db.asOwner((o) =>
        rowsOf<{ n: number }>(
          o,
          sql`select count(*)::int as n from staff_memberships where organisation_id = ${C.org} and role = 'admin'`,
        ),
      );
      expect(remaining[0].n).toBe(1);
      // Restore both admins for the next round (as the owner).
      await db.asOwner((o) =>
        o.execute(sql`insert into staff_memberships (id, user_id, organisation_id, role)
          select v.id::uuid, v.u::uuid, ${C.org}, 'admin' from (values (${one}, ${C.admin1}), (${two}, ${C.admin2})) v(id, u)
          where not exists (select 1 from staff_memberships m where m.id = v.id::uuid)`),
      );
    }
  });

  test("the database alone serialises two raw removals: the second waits, then is refused", async () => {
    const one = (await adminMembershipOf(C.admin1, C.org)) as string;
    const two = (await adminMembershipOf(C.admin2, C.org)) as string;
    const held = signal();
    const deleted = signal();
    // The first transaction deletes and holds its lock until the second is waiting behind it.
    const first = refusal(() =>
      asUser(C.admin1, async (tx) => {
        await tx.execute(sql`delete from staff_memberships where id = ${two}`);
        deleted.resolve();
        await held.promise;
      }),
    );
    await deleted.promise;
    const second = refusal(() =>
      asUser(C.admin2, (tx) => tx.execute(sql`delete from staff_memberships where id = ${one}`)),
    );
    await new Promise((r) => setTimeout(r, 300));
    held.resolve();
    expect(await first).toBe("ok");
    // Admin Two's own admin role was just removed, so the policy or the trigger refuses.
    expect([PERMISSION_DENIED, "23514", "ok"]).toContain(await second);
    const remaining = await db.asOwner((o) =>
      rowsOf<{ n: number }>(
        o,
        sql`select count(*)::int as n from staff_memberships where organisation_id = ${C.org} and role = 'admin'`,
      ),
    );
    expect(remaining[0].n).toBe(1);
    await db.asOwner((o) =>
      o.execute(
        sql`insert into staff_memberships (id, user_id, organisation_id, role) values (${two}, ${C.admin2}, ${C.org}, 'admin') on conflict do nothing`,
      ),
    );
  });

  test("raw deactivations of both admins at once leave one active admin", async () => {
    const outcomes = await Promise.all([
      refusal(() =>
        asUser(C.admin1, (tx) => tx.execute(sql`update users set deactivated_at = now() where id = ${C.admin2}`)),
      ),
      refusal(() =>
        asUser(C.admin2, (tx) => tx.execute(sql`update users set deactivated_at = now() where id = ${C.admin1}`)),
      ),
    ]);
    const active = await db.asOwner((o) =>
      rowsOf<{ n: number }>(
        o,
        sql`select count(*)::int as n from staff_memberships m join users u on u.id = m.user_id
            where m.organisation_id = ${C.org} and m.role = 'admin' and u.deactivated_at is null`,
      ),
    );
    expect(active[0].n, outcomes.join(" | ")).toBe(1);
    await db.asOwner((o) =>
      o.execute(sql`update users set deactivated_at = null where id in (${C.admin1}, ${C.admin2})`),
    );
  });

  test("an admin cannot give themself a clinical role, by the app or round it", async () => {
    expect(
      await refusal(() =>
        asUser(USER.adminA, (tx) =>
          admin.grantRole(tx, { actor: actorA, userId: USER.adminA, role: "nurse", careTeamId: TEAM.A1 }),
        ),
      ),
    ).toMatch(/^forbidden: You cannot give yourself a clinical role/);
    expect(
      await refusal(() =>
        asUser(USER.adminA, (tx) =>
          tx
            .insert(t.staffMemberships)
            .values({ userId: USER.adminA, organisationId: ORG.A, careTeamId: TEAM.A1, role: "oncologist" }),
        ),
      ),
    ).toBe(PERMISSION_DENIED);
  });

  test("an admin who is also a clinician cannot move their own clinical role to another team", async () => {
    const [own] = await db.asOwner((o) =>
      rowsOf<{ id: string }>(
        o,
        sql`select id from staff_memberships where user_id = ${USER.adminOncologistA} and role = 'oncologist'`,
      ),
    );
    const actor = { userId: USER.adminOncologistA, organisationId: ORG.A };
    expect(
      await refusal(() =>
        asUser(USER.adminOncologistA, (tx) =>
          admin.moveToCareTeam(tx, { actor: actor, membershipId: own.id, careTeamId: TEAM.A2 }),
        ),
      ),
    ).toMatch(/^forbidden: You cannot move your own clinical role/);
    expect(
      await refusal(() =>
        asUser(USER.adminOncologistA, (tx) =>
          tx.execute(sql`update staff_memberships set care_team_id = ${TEAM.A2} where id = ${own.id}`),
        ),
      ),
    ).toBe(PERMISSION_DENIED);
    // Another admin may ask to move it; a third admin, neither the one who asked nor the one it is
    // for, would approve it (db/sql/admin.sql).
    const moved = await asUser(USER.adminA, (tx) =>
      admin.moveToCareTeam(tx, { actor: actorA, membershipId: own.id, careTeamId: TEAM.A2 }),
    );
    expect(moved).toMatchObject({ fromCareTeamId: TEAM.A1, toCareTeamId: TEAM.A2 });
    expect(
      await refusal(() =>
        asUser(USER.adminOncologistA, (tx) =>
          decideStaffChange(tx, { actor, requestId: moved.requestId, approve: true }),
        ),
      ),
    ).toMatch(/^forbidden: You asked for this change, or it is for your own account/);
    await db.asOwner((o) => o.execute(sql`delete from staff_change_requests where id = ${moved.requestId}`));
  });

  test("nobody is given a role in an archived team; a team with members is not archived", async () => {
    const teamId2 = await asUser(USER.adminA, (tx) =>
      admin.createCareTeam(tx, { actor: actorA, name: "Archive Me", now: NOW }),
    );
    // Asked for before the team was archived, approved after: the database refuses it.
    const { requestId } = await asUser(USER.adminA, (tx) =>
      admin.grantRole(tx, { actor: actorA, userId: USER.nurseA2, role: "nurse", careTeamId: teamId2 }),
    );
    await asUser(USER.adminA, (tx) => admin.archiveCareTeam(tx, { actor: actorA, teamId: teamId2, now: NOW }));
    expect(
      await refusal(() =>
        asUser(USER.adminA, (tx) =>
          admin.grantRole(tx, { actor: actorA, userId: USER.nurseA2, role: "nurse", careTeamId: teamId2 }),
        ),
      ),
    ).toMatch(/^invalid_input: Archive Me is archived/);
    expect(
      await refusal(() =>
        asUser(USER.adminOncologistA, (tx) =>
          decideStaffChange(tx, {
            actor: { userId: USER.adminOncologistA, organisationId: ORG.A },
            requestId,
            approve: true,
          }),
        ),
      ),
    ).toMatch(/archived/);
    await db.asOwner((o) => o.execute(sql`delete from staff_change_requests where id = ${requestId}`));
    expect(
      await refusal(() =>
        asUser(USER.adminA, (tx) => admin.archiveCareTeam(tx, { actor: actorA, teamId: TEAM.A1, now: NOW })),
      ),
    ).toMatch(/^conflict: Team A1 still has \d+ roles? in it/);
    expect(
      await refusal(() =>
        asUser(USER.adminA, (tx) => admin.renameCareTeam(tx, { actor: actorA, teamId: teamId2, name: "Team A1" })),
      ),
    ).toMatch(/^conflict: A care team with that name already exists/);
    await asUser(USER.adminA, (tx) => admin.restoreCareTeam(tx, { actor: actorA, teamId: teamId2 }));
  });

  test("another organisation's people and teams are out of reach", async () => {
    expect(
      await refusal(() =>
        asUser(USER.adminA, (tx) =>
          admin.grantRole(tx, { actor: actorA, userId: USER.nurseB, role: "nurse", careTeamId: TEAM.A1 }),
        ),
      ),
    ).toMatch(/^not_found/);
    expect(
      await refusal(() =>
        asUser(USER.adminA, (tx) =>
          admin.grantRole(tx, { actor: actorA, userId: USER.nurseA2, role: "nurse", careTeamId: TEAM.B1 }),
        ),
      ),
    ).toMatch(/^invalid_input: Choose a care team from the list/);
    expect(
      await refusal(() =>
        asUser(USER.adminA, (tx) => admin.deactivateStaff(tx, { actor: actorA, userId: USER.nurseB, now: NOW })),
      ),
    ).toMatch(/^not_found/);
    expect(
      await refusal(() =>
        asUser(USER.adminA, (tx) => admin.deactivateStaff(tx, { actor: actorA, userId: USER.patientP1, now: NOW })),
      ),
    ).toMatch(/^not_found/);
    expect(
      await refusal(() =>
        asUser(USER.adminA, (tx) =>
          tx
            .insert(t.staffMemberships)
            .values({ userId: USER.nurseB, organisationId: ORG.A, careTeamId: TEAM.A1, role: "nurse" }),
        ),
      ),
    ).toBe(PERMISSION_DENIED);
    // An admin cannot deactivate themself.
    expect(
      await refusal(() =>
        asUser(USER.adminA, (tx) => admin.deactivateStaff(tx, { actor: actorA, userId: USER.adminA, now: NOW })),
      ),
    ).toMatch(/^forbidden: You cannot deactivate your own account/);
  });

  test("a new staff account has no password and no role until a second admin approves its first; then an activation link", async () => {
    const created = await asUser(USER.adminA, (tx) =>
      admin.createStaffMember(tx, {
        actor: actorA,
        member: { name: "Rhona Lindsay", email: "rhona.lindsay@fixture.example", role: "admin", careTeamId: null },
        now: NOW,
      }),
    );
    const account = () =>
      db.asOwner((o) =>
        rowsOf<Record<string, unknown>>(
          o,
          sql`select u.password_hash, u.created_by,
                (select array_agg(m.role::text) from staff_memberships m where m.user_id = u.id) as roles,
                (select count(*)::int from invitations i where i.user_id = u.id and i.used_at is null) as links
              from users u where u.id = ${created.userId}`,
        ),
      );
    expect(await account()).toEqual([{ password_hash: null, created_by: USER.adminA, roles: null, links: 0 }]);
    await asUser(USER.adminOncologistA, (tx) =>
      decideStaffChange(tx, {
        actor: { userId: USER.adminOncologistA, organisationId: ORG.A },
        requestId: created.requestId,
        approve: true,
      }),
    );
    expect(await account()).toEqual([{ password_hash: null, created_by: USER.adminA, roles: ["admin"], links: 1 }]);
    // The link went to the account's own email, through the outbox.
    const mail = await db.asOwner((o) =>
      rowsOf<{ step: string }>(o, sql`select step from notifications where recipient_user_id = ${created.userId}`),
    );
    expect(mail).toEqual([{ step: "activate" }]);
    expect(
      await refusal(() =>
        asUser(USER.adminA, (tx) =>
          admin.createStaffMember(tx, {
            actor: actorA,
            member: { name: "Someone Else", email: "rhona.lindsay@fixture.example", role: "admin", careTeamId: null },
            now: NOW,
          }),
        ),
      ),
    ).toMatch(/^conflict: An account with that email address already exists/);
  });
});

// ---------------------------------------------------------------------------------------------
describe("an admin without a clinical role reads no clinical row", () => {
  beforeAll(async () => {
    // Security-looking events that name a patient must never reach the activity view.
    await db.asOwner((o) =>
      o.execute(sql`insert into audit_events (organisation_id, actor_user_id, action, patient_id, outcome, details)
        values (${ORG.A}, ${USER.nurseA1}, 'sign_in_failed', ${PATIENT.P1}, 'denied', ${JSON.stringify({ reason: sentinels("P1").symptoms[0] })}::jsonb),
               (${ORG.A}, ${USER.nurseA1}, 'staff_role_granted', ${PATIENT.P2}, 'allowed', null)`),
    );
    // And the staff and security events the activity view is for, naming no patient.
    await db.asOwner((o) =>
      o.execute(sql`insert into audit_events (organisation_id, actor_user_id, actor_role, action, resource_type, resource_id, outcome, details)
        values (${ORG.A}, ${USER.adminA}, 'admin', 'staff_role_granted', 'user', ${USER.nurseA2}, 'allowed', ${JSON.stringify({ role: "nurse", careTeamId: TEAM.A2 })}::jsonb),
               (${ORG.A}, null, null, 'sign_in_failed', 'user', ${USER.nurseA2}, 'denied', '{"reason":"wrong_password"}'::jsonb),
               (${ORG.A}, ${USER.nurseA2}, 'nurse', 'signed_in', 'session', null, 'allowed', '{"method":"password"}'::jsonb),
               (${ORG.A}, ${USER.adminA}, 'admin', 'staff_list_viewed', 'staff_list', null, 'allowed', null),
               (${ORG.A}, ${USER.adminA}, 'admin', 'staff_care_team_changed', 'user', ${USER.nurseA2}, 'allowed', null)`),
    );
  });

  test("no row of any clinical table, directly", async () => {
    for (const tables of Object.values(CATEGORY_TABLES)) {
      for (const { table } of tables) {
        const [{ n }] = await asUser(USER.adminA, (tx) =>
          rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`),
        );
        expect(n, table).toBe(0);
      }
    }
    for (const table of ["consent_rules", "device_tokens"]) {
      const [{ n }] = await asUser(USER.adminA, (tx) =>
        rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`),
      );
      expect(n, table).toBe(0);
    }
    const events = await asUser(USER.adminA, (tx) =>
      rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from audit_events where patient_id is not null`),
    );
    expect(events[0].n).toBe(0);
  });

  test("nothing any admin page reads contains a patient's data, and the activity view names no patient event", async () => {
    const everything = await asUser(USER.adminA, async (tx) => {
      const staff = await listStaffPage(
        tx,
        ORG.A,
        { search: "", role: null, team: null, status: null, sort: "name", dir: "asc", page: 1, pageSize: 100 },
        NOW,
      );
      const members = await Promise.all(staff.rows.map((r) => findStaffMember(tx, ORG.A, r.id, NOW, NOW)));
      const teams = await admin.listCareTeams(tx, { organisationId: ORG.A });
      const teamDetails = await Promise.all(
        teams.map((team) => admin.findCareTeam(tx, { organisationId: ORG.A, teamId: team.id, at: NOW })),
      );
      const activity = await admin.listActivity(tx, {
        organisationId: ORG.A,
        category: null,
        outcome: null,
        person: "",
        from: null,
        to: null,
        before: null,
        limit: 500,
      });
      const org = await admin.readOrganisation(tx, { organisationId: ORG.A });
      const history = await Promise.all(
        staff.rows.map((r) => admin.changesTo(tx, { organisationId: ORG.A, resource: { type: "user", id: r.id } })),
      );
      return { staff, members, teams, teamDetails, activity, org, history };
    });
    const text = JSON.stringify(everything);
    for (const key of PATIENT_KEYS) {
      for (const values of Object.values(sentinels(key))) for (const value of values) expect(text).not.toContain(value);
      expect(text).not.toContain(PATIENT[key]);
    }
    expect(everything.activity.rows.every((r) => !r.action.endsWith("_viewed"))).toBe(true);
    expect(everything.activity.rows.length).toBeGreaterThan(0);
  });

  test("an admin who is also a clinician gets the same staff-only answers from the admin queries", async () => {
    const activity = await asUser(USER.adminOncologistA, (tx) =>
      admin.listActivity(tx, {
        organisationId: ORG.A,
        category: null,
        outcome: null,
        person: "",
        from: null,
        to: null,
        before: null,
        limit: 500,
      }),
    );
    const text = JSON.stringify(activity);
    for (const key of PATIENT_KEYS) expect(text).not.toContain(PATIENT[key]);
  });

  test("the activity view filters by kind, outcome, person and date, newest first, in pages", async () => {
    const run = (f: Partial<activityQueries.ActivityFilter>) =>
      asUser(USER.adminA, (tx) =>
        admin.listActivity(tx, {
          organisationId: ORG.A,
          category: null,
          outcome: null,
          person: "",
          from: null,
          to: null,
          before: null,
          limit: 3,
          ...f,
        }),
      );
    const roles = await run({ category: "roles", limit: 100 });
    expect(roles.rows.length).toBeGreaterThan(0);
    expect(
      roles.rows.every((r) =>
        ["staff_role_granted", "staff_role_removed", "staff_care_team_changed"].includes(r.action),
      ),
    ).toBe(true);
    const first = await run({});
    expect(first.rows).toHaveLength(3);
    expect(first.rows[0].id).toBeGreaterThan(first.rows[2].id);
    const second = await run({ before: first.older });
    expect(second.rows.every((r) => r.id < first.rows[2].id)).toBe(true);
    expect((await run({ outcome: "denied", limit: 100 })).rows.every((r) => r.outcome === "denied")).toBe(true);
    expect((await run({ person: "no such person at all" })).rows).toEqual([]);
    const aboutNurse = await run({ person: "nursea2", limit: 100 });
    expect(new Set(aboutNurse.rows.map((r) => r.action))).toEqual(
      new Set(["staff_role_granted", "sign_in_failed", "signed_in", "staff_care_team_changed"]),
    );
    const failed = aboutNurse.rows.find((r) => r.action === "sign_in_failed");
    expect(failed).toMatchObject({
      actorUserId: null,
      targetUserId: USER.nurseA2,
      targetName: "Staff nurseA2",
      details: { reason: "wrong_password" },
    });
    expect((await run({ from: "2999-01-01" })).rows).toEqual([]);
  });
});

// Keep the imports honest: every team the seed names exists.
test("the staff seed's teams are all there", async () => {
  const [{ n }] = await db.asOwner((o) =>
    rowsOf<{ n: number }>(o, sql`select count(*)::int as n from care_teams where organisation_id = ${BORDERS_ORG_ID}`),
  );
  expect(n).toBe(BORDERS_TEAMS.length);
});
