/**
 * The two-person rule at the database, as the request role: an admin alone cannot give anyone a
 * role (clinical or admin), move a clinician to another care team, issue a one-time link to an
 * account with a role or reset its second factor, or show one-time links on screen, by any
 * statement; another admin of the organisation approving the request does it, and neither the admin
 * who asked nor the account it is for can ever approve it. A link goes to the account's own email through the outbox, and its
 * path is readable by nobody but the worker.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import { newLinkToken } from "../db/queries/auth";
import { sha256Hex } from "../lib/hash";
import { rowsOf } from "./support/database";
import { as, ORG, PATIENT, PERMISSION_DENIED, sqlState, TEAM, USER } from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("two_person");

/** Whatever the statement returns, or the SQLSTATE it failed with. */
async function attempt<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; state?: string }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, state: sqlState(error) };
  }
}

/** A staff account of organisation A with no role and no password, as the owner. */
async function newStaffAccount(label: string): Promise<string> {
  const id = randomUUID();
  await db.asOwner((o) =>
    o.execute(sql`insert into users (id, organisation_id, kind, email, display_name)
      values (${id}, ${ORG.A}, 'staff', ${`${label}.${id.slice(0, 8)}@fixture.example`}, ${`Two Person ${label}`})`),
  );
  return id;
}

const rolesOf = async (userId: string) =>
  (
    await db.asOwner((o) =>
      rowsOf<{ role: string }>(
        o,
        sql`select role::text from staff_memberships where user_id = ${userId} order by role`,
      ),
    )
  ).map((r) => r.role);

const request = (
  tx: Tx,
  change: string,
  target: string,
  role: string | null = null,
  team: string | null = null,
  fromTeam: string | null = null,
) =>
  rowsOf<{ id: string }>(
    tx,
    fromTeam === null
      ? sql`select app.request_staff_change(${change}, ${target}::uuid, ${role}::staff_role, ${team}::uuid) as id`
      : sql`select app.request_staff_change(${change}, ${target}::uuid, ${role}::staff_role, ${team}::uuid,
              ${fromTeam}::uuid) as id`,
  ).then(([r]) => r.id);

const decide = (tx: Tx, id: string, approve: boolean) =>
  rowsOf<{ kind: string; link_purpose: string | null; link_path: string | null }>(
    tx,
    sql`select * from app.decide_staff_change(${id}::uuid, ${approve}::boolean)`,
  ).then(([r]) => r);

const outboxOf = (userId: string) =>
  db.asOwner((o) =>
    rowsOf<{ step: string; link_path: string | null; kind: string }>(
      o,
      sql`select step, link_path, kind from notifications where recipient_user_id = ${userId} order by created_at, id`,
    ),
  );

describe("giving a role", () => {
  test("an admin alone cannot insert any membership, for anyone", async () => {
    const nurse = await newStaffAccount("alone");
    for (const role of ["nurse", "oncologist", "admin"]) {
      const inserted = await attempt(() =>
        as(db, USER.adminA, (tx) =>
          tx.execute(sql`insert into staff_memberships (user_id, organisation_id, care_team_id, role)
            values (${nurse}, ${ORG.A}, ${TEAM.A1}, ${role}::staff_role)`),
        ),
      );
      expect(inserted, role).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    }
    expect(await rolesOf(nurse)).toEqual([]);
  });

  test("one admin cannot make a second admin account to approve their own requests", async () => {
    // The admin role for an account of their making waits for another admin, like a clinical role.
    const puppet = await newStaffAccount("puppet");
    const adminRequest = await as(db, USER.adminA, (tx) => request(tx, "admin_role", puppet, "admin"));
    expect(await attempt(() => as(db, USER.adminA, (tx) => decide(tx, adminRequest, true)))).toMatchObject({
      ok: false,
      state: PERMISSION_DENIED,
    });
    expect(await rolesOf(puppet)).toEqual([]);
    // Without the admin role the account decides nothing, whoever's request it is.
    const nurseRequest = await as(db, USER.adminA, (tx) => request(tx, "clinical_role", puppet, "nurse", TEAM.A1));
    expect(await attempt(() => as(db, puppet, (tx) => decide(tx, nurseRequest, true)))).toMatchObject({
      ok: false,
      state: PERMISSION_DENIED,
    });
    // With the other admin's approval it is an admin, and it still cannot approve a change made for
    // itself.
    expect(await as(db, USER.adminOncologistA, (tx) => decide(tx, adminRequest, true))).toMatchObject({
      kind: "admin_role",
      link_purpose: "activate",
    });
    expect(await rolesOf(puppet)).toEqual(["admin"]);
    expect(await attempt(() => as(db, puppet, (tx) => decide(tx, nurseRequest, true)))).toMatchObject({
      ok: false,
      state: PERMISSION_DENIED,
    });
    expect(await rolesOf(puppet)).toEqual(["admin"]);
  });

  test("an admin cannot ask for a role for themself", async () => {
    const nurse = await newStaffAccount("self");
    for (const [change, role, team] of [
      ["clinical_role", "nurse", TEAM.A1],
      ["admin_role", "admin", null],
    ] as const) {
      expect(
        await attempt(() => as(db, USER.adminA, (tx) => request(tx, change, USER.adminA, role, team))),
      ).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    }
    expect(await rolesOf(nurse)).toEqual([]);
  });

  test("a request changes nothing; the requester cannot approve it; another admin's approval gives the role and emails the activation link", async () => {
    const nurse = await newStaffAccount("approved");
    const id = await as(db, USER.adminA, (tx) => request(tx, "clinical_role", nurse, "nurse", TEAM.A1));
    expect(await rolesOf(nurse)).toEqual([]);
    // Asking again gives the same request.
    expect(await as(db, USER.adminA, (tx) => request(tx, "clinical_role", nurse, "nurse", TEAM.A1))).toBe(id);

    for (const approve of [true, false]) {
      const own = await attempt(() => as(db, USER.adminA, (tx) => decide(tx, id, approve)));
      expect(own, `own ${approve ? "approval" : "refusal"}`).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    }
    // Nor can a clinician or an admin of another organisation decide it.
    for (const who of [USER.nurseA1, USER.nurseB]) {
      expect(await attempt(() => as(db, who, (tx) => decide(tx, id, true)))).toMatchObject({
        ok: false,
        state: PERMISSION_DENIED,
      });
    }
    expect(await rolesOf(nurse)).toEqual([]);
    expect(await outboxOf(nurse)).toEqual([]);

    const done = await as(db, USER.adminOncologistA, (tx) => decide(tx, id, true));
    expect(done).toEqual({ kind: "clinical_role", target_user_id: nurse, link_purpose: "activate", link_path: null });
    expect(await rolesOf(nurse)).toEqual(["nurse"]);
    const [mail] = await outboxOf(nurse);
    expect(mail).toMatchObject({ kind: "account_link", step: "activate" });
    expect(mail.link_path).toMatch(/^\/activate\/[A-Za-z0-9_-]{43}$/);
    // The emailed link is the account's one open link.
    const [link] = await db.asOwner((o) =>
      rowsOf<{ n: number; matches: boolean }>(
        o,
        sql`select count(*)::int as n, bool_and(token_hash = ${sha256Hex((mail.link_path as string).slice(10))}) as matches
            from invitations where user_id = ${nurse} and used_at is null`,
      ),
    );
    expect(link).toEqual({ n: 1, matches: true });
    // Decided once: neither admin can decide it again.
    expect(await attempt(() => as(db, USER.adminOncologistA, (tx) => decide(tx, id, false)))).toMatchObject({
      ok: false,
    });
    const [row] = await db.asOwner((o) =>
      rowsOf<{ status: string; requested_by: string; decided_by: string }>(
        o,
        sql`select status, requested_by, decided_by from staff_change_requests where id = ${id}`,
      ),
    );
    expect(row).toEqual({ status: "approved", requested_by: USER.adminA, decided_by: USER.adminOncologistA });
  });

  test("a refused request gives nothing", async () => {
    const nurse = await newStaffAccount("refused");
    const id = await as(db, USER.adminOncologistA, (tx) => request(tx, "clinical_role", nurse, "oncologist", TEAM.A2));
    expect(await as(db, USER.adminA, (tx) => decide(tx, id, false))).toMatchObject({ link_purpose: null });
    expect(await rolesOf(nurse)).toEqual([]);
    expect(await outboxOf(nurse)).toEqual([]);
  });

  test("nobody inserts or decides a request by writing the table", async () => {
    const nurse = await newStaffAccount("forged");
    const forged = await attempt(() =>
      as(db, USER.adminA, (tx) =>
        tx.execute(sql`insert into staff_change_requests (organisation_id, kind, target_user_id, role, care_team_id,
            requested_by, status, decided_by, decided_at)
          values (${ORG.A}, 'clinical_role', ${nurse}, 'nurse', ${TEAM.A1}, ${USER.adminOncologistA}, 'approved', ${USER.adminA}, now())`),
      ),
    );
    expect(forged).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    const id = await as(db, USER.adminA, (tx) => request(tx, "clinical_role", nurse, "nurse", TEAM.A1));
    const update = await attempt(() =>
      as(db, USER.adminA, (tx) =>
        tx.execute(sql`update staff_change_requests set requested_by = ${USER.adminOncologistA} where id = ${id}`),
      ),
    );
    expect(update).toMatchObject({ ok: false, state: PERMISSION_DENIED });
  });
});

describe("moving a clinician to another care team", () => {
  test("an admin alone cannot move a clinical role; another admin's approval does, and the patients follow", async () => {
    const [membership] = await db.asOwner((o) =>
      rowsOf<{ id: string }>(
        o,
        sql`select id from staff_memberships where user_id = ${USER.nurseA1} and role = 'nurse' and care_team_id = ${TEAM.A1}`,
      ),
    );
    const readsP3 = () =>
      as(db, USER.nurseA1, (tx) =>
        rowsOf<{ id: string }>(tx, sql`select id from patients where id = ${PATIENT.P3}`),
      ).then((rows) => rows.length === 1);
    expect(await readsP3()).toBe(false);
    const teamOf = () =>
      db
        .asOwner((o) =>
          rowsOf<{ team: string }>(
            o,
            sql`select care_team_id as team from staff_memberships where id = ${membership.id}`,
          ),
        )
        .then(([r]) => r.team);
    expect(
      await attempt(() =>
        as(db, USER.adminA, (tx) =>
          tx.execute(sql`update staff_memberships set care_team_id = ${TEAM.A2} where id = ${membership.id}`),
        ),
      ),
    ).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    const id = await as(db, USER.adminA, (tx) =>
      request(tx, "care_team_move", USER.nurseA1, "nurse", TEAM.A2, TEAM.A1),
    );
    expect(await teamOf()).toBe(TEAM.A1);
    expect(await attempt(() => as(db, USER.adminA, (tx) => decide(tx, id, true)))).toMatchObject({
      ok: false,
      state: PERMISSION_DENIED,
    });
    try {
      expect(await as(db, USER.adminOncologistA, (tx) => decide(tx, id, true))).toMatchObject({
        kind: "care_team_move",
        link_purpose: null,
      });
      expect(await teamOf()).toBe(TEAM.A2);
      expect(await readsP3()).toBe(true);
    } finally {
      await db.asOwner((o) =>
        o.execute(sql`update staff_memberships set care_team_id = ${TEAM.A1} where id = ${membership.id}`),
      );
    }
  });

  test("a move is asked only for a role the account holds, and not into its own team", async () => {
    for (const [role, to, from] of [
      ["oncologist", TEAM.A2, TEAM.A1],
      ["nurse", TEAM.A1, TEAM.A2],
      ["nurse", TEAM.A1, TEAM.A1],
      ["nurse", TEAM.B1, TEAM.A1],
    ] as const) {
      expect(
        await attempt(() => as(db, USER.adminA, (tx) => request(tx, "care_team_move", USER.nurseA1, role, to, from))),
        `${role} ${from} -> ${to}`,
      ).toMatchObject({ ok: false });
    }
  });
});

describe("a clinician's or an admin's one-time link and second factor", () => {
  test("an admin alone cannot issue a reset link for a clinician, nor reset her second factor, nor write her credentials", async () => {
    const hash = sha256Hex(newLinkToken());
    const link = await attempt(() =>
      as(db, USER.adminA, (tx) =>
        tx.execute(sql`insert into invitations (user_id, token_hash, purpose, expires_at)
          values (${USER.nurseA1}, ${hash}, 'reset', now() + interval '1 hour')`),
      ),
    );
    expect(link).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    const reset = await attempt(() =>
      as(db, USER.adminA, (tx) => tx.execute(sql`select app.reset_account_mfa(${USER.nurseA1}::uuid)`)),
    );
    expect(reset).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    await db.asOwner((o) =>
      o.execute(sql`update users set mfa_secret_enc = 'secret', mfa_enabled_at = now() where id = ${USER.nurseA1}`),
    );
    for (const change of [
      sql`update users set password_hash = '$argon2id$attacker' where id = ${USER.nurseA1}`,
      sql`update users set mfa_enabled_at = null, mfa_secret_enc = null where id = ${USER.nurseA1}`,
    ]) {
      expect(await attempt(() => as(db, USER.adminA, (tx) => tx.execute(change)))).toMatchObject({
        ok: false,
        state: PERMISSION_DENIED,
      });
    }
    // An admin's account is no different: taken over, it would approve its taker's requests.
    const adminOnly = await newStaffAccount("admin-only");
    await db.asOwner((o) =>
      o.execute(
        sql`insert into staff_memberships (user_id, organisation_id, role) values (${adminOnly}, ${ORG.A}, 'admin')`,
      ),
    );
    expect(
      await attempt(() =>
        as(db, USER.adminA, (tx) =>
          tx.execute(sql`insert into invitations (user_id, token_hash, purpose, expires_at)
            values (${adminOnly}, ${sha256Hex(newLinkToken())}, 'reset', now() + interval '1 hour')`),
        ),
      ),
    ).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    expect(
      await attempt(() =>
        as(db, USER.adminA, (tx) => tx.execute(sql`select app.reset_account_mfa(${adminOnly}::uuid)`)),
      ),
    ).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    // An account with no role yet is one admin's to send a link.
    const noRole = await newStaffAccount("no-role");
    await as(db, USER.adminA, (tx) =>
      tx.execute(sql`insert into invitations (user_id, token_hash, purpose, expires_at)
        values (${noRole}, ${sha256Hex(newLinkToken())}, 'activate', now() + interval '1 hour')`),
    );
  });

  test("with another admin's approval the reset link is emailed to the clinician and the second factor is reset", async () => {
    await db.asOwner((o) =>
      o.execute(sql`update users set password_hash = 'x', mfa_secret_enc = 'secret', mfa_enabled_at = now()
        where id = ${USER.nurseA2}`),
    );
    const linkRequest = await as(db, USER.adminA, (tx) => request(tx, "one_time_link", USER.nurseA2));
    expect(await outboxOf(USER.nurseA2)).toEqual([]);
    expect(await attempt(() => as(db, USER.adminA, (tx) => decide(tx, linkRequest, true)))).toMatchObject({
      ok: false,
      state: PERMISSION_DENIED,
    });
    expect(await as(db, USER.adminOncologistA, (tx) => decide(tx, linkRequest, true))).toMatchObject({
      kind: "one_time_link",
      link_purpose: "reset",
      link_path: null,
    });
    expect(await outboxOf(USER.nurseA2)).toMatchObject([{ kind: "account_link", step: "reset" }]);

    const mfaRequest = await as(db, USER.adminOncologistA, (tx) => request(tx, "mfa_reset", USER.nurseA2));
    const [before] = await db.asOwner((o) =>
      rowsOf<{ on: boolean }>(o, sql`select mfa_enabled_at is not null as on from users where id = ${USER.nurseA2}`),
    );
    expect(before.on).toBe(true);
    await as(db, USER.adminA, (tx) => decide(tx, mfaRequest, true));
    const [after] = await db.asOwner((o) =>
      rowsOf<{ on: boolean; secret: string | null }>(
        o,
        sql`select mfa_enabled_at is not null as on, mfa_secret_enc as secret from users where id = ${USER.nurseA2}`,
      ),
    );
    expect(after).toEqual({ on: false, secret: null });
  });

  test("an admin cannot show one-time links on screen; the operator can, and an admin can stop it", async () => {
    const turnOn = sql`update organisations set settings = settings || '{"showOneTimeLinks": true}' where id = ${ORG.A}`;
    for (const admin of [USER.adminA, USER.adminOncologistA]) {
      expect(await attempt(() => as(db, admin, (tx) => tx.execute(turnOn)))).toMatchObject({
        ok: false,
        state: PERMISSION_DENIED,
      });
    }
    const shown = () =>
      db
        .asOwner((o) =>
          rowsOf<{ shown: string | null }>(
            o,
            sql`select settings ->> 'showOneTimeLinks' as shown from organisations where id = ${ORG.A}`,
          ),
        )
        .then(([r]) => r.shown);
    expect(await shown()).toBeNull();
    await db.asOwner((o) => o.execute(turnOn));
    await as(db, USER.adminA, (tx) =>
      tx.execute(sql`update organisations set settings = settings - 'showOneTimeLinks' where id = ${ORG.A}`),
    );
    expect(await shown()).toBeNull();
  });

  test("the link's path is shown to the approving admin only where the organisation opts in", async () => {
    await db.asOwner((o) =>
      o.execute(sql`update organisations set settings = settings || '{"showOneTimeLinks": true}' where id = ${ORG.A}`),
    );
    try {
      const id = await as(db, USER.adminA, (tx) => request(tx, "one_time_link", USER.oncologistA1));
      const done = await as(db, USER.adminOncologistA, (tx) => decide(tx, id, true));
      expect(done.link_path).toMatch(/^\/activate\/[A-Za-z0-9_-]{43}$/);
    } finally {
      await db.asOwner((o) =>
        o.execute(sql`update organisations set settings = settings - 'showOneTimeLinks' where id = ${ORG.A}`),
      );
    }
  });

  test("nobody but the worker reads a link's path from the outbox", async () => {
    const read = await attempt(() => as(db, USER.adminA, (tx) => tx.execute(sql`select link_path from notifications`)));
    expect(read).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    // A request cannot queue an email with a made-up link either.
    const queued = await as(db, USER.adminA, (tx) =>
      rowsOf<{ queued: boolean }>(tx, sql`select app.queue_link_email(${newLinkToken()}) as queued`),
    );
    expect(queued).toEqual([{ queued: false }]);
  });
});
