/**
 * One-time links, the source address of sign-in attempts, and emergency access, at the database as
 * the request role:
 *
 * - a one-time link is issued only by those who may invite that kind of account (admins for staff,
 *   the patient's care team for the patient's first activation), is redeemed only with the raw token
 *   and by the database's own clock, and nobody reads a stored token hash;
 * - without a trusted proxy in front, a rotated X-Forwarded-For header earns no fresh allowance of
 *   sign-in failures;
 * - emergency access lasts at most four hours (an organisation may lower that), starts at the
 *   database's now(), a renewal needs a new reason and is flagged, and admins see that it happened
 *   and by whom but not the clinical reason.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createInvitation, newLinkToken } from "../db/queries/auth";
import * as t from "../db/schema";
import { sha256Hex } from "../lib/hash";
import { activateWithLink, describeLink } from "../server/auth/invitations";
import { attemptSignIn } from "../server/auth/sign-in";
import { requestAddress } from "../server/http/client-address";
import { rowsOf } from "./support/database";
import {
  as,
  ORG,
  PATIENT,
  PERMISSION_DENIED,
  sentinels,
  sqlState,
  TEAM,
  USER,
  VALID_SETTINGS_FORM,
} from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("links_and_limits");

/** Whatever the statement returns, or the SQLSTATE it failed with. */
async function attempt<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; state?: string }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, state: sqlState(error) };
  }
}

const PASSWORD_HASH = "$argon2id$attacker-chosen";

/** The stored password hash of an account, read as the owner. */
const passwordHashOf = async (userId: string) =>
  (
    await db.asOwner((o) =>
      rowsOf<{ password_hash: string | null }>(o, sql`select password_hash from users where id = ${userId}`),
    )
  )[0]?.password_hash;

/** A link row inserted by the owner (as the seeds or the e2e support do), with its raw token. */
async function ownerLink(p: { userId: string; purpose: "activate" | "reset"; expiresIn: string }) {
  const token = newLinkToken();
  await db.asOwner((o) =>
    o.execute(sql`insert into invitations (user_id, token_hash, purpose, expires_at)
      values (${p.userId}, ${sha256Hex(token)}, ${p.purpose}, now() + ${p.expiresIn}::interval)`),
  );
  return token;
}

/** A patient account with no password yet, and their record in `team`, as enrolment leaves them. */
async function pendingPatient(team: string) {
  const userId = randomUUID();
  const patientId = randomUUID();
  await db.asOwner(async (o) => {
    await o.insert(t.users).values({
      id: userId,
      organisationId: ORG.A,
      kind: "patient",
      email: `pending-${userId}@fixture.example`,
      displayName: "Pending Patient",
    });
    await o.insert(t.patients).values({
      id: patientId,
      organisationId: ORG.A,
      hospitalNumber: `HN-${userId.slice(0, 8)}`,
      givenName: "Pending",
      familyName: "Patient",
      dateOfBirth: "1970-01-01",
      diagnosis: "Breast cancer",
      primaryCareTeamId: team,
      userId,
    });
  });
  return { userId, patientId };
}

describe("finding 3: who may issue a one-time link, and how one is redeemed", () => {
  test("a nurse cannot issue a password reset for an admin and so replace the admin's password", async () => {
    const before = await passwordHashOf(USER.adminA);
    const token = newLinkToken();
    const insert = await attempt(() =>
      as(db, USER.nurseA1, (tx) =>
        tx.insert(t.invitations).values({
          userId: USER.adminA,
          tokenHash: sha256Hex(token),
          purpose: "reset",
          expiresAt: new Date(Date.now() + 3_600_000),
          createdBy: USER.nurseA1,
        }),
      ),
    );
    expect(insert).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    // Even had a row gone in, the link page with that token must not set the admin's password.
    const result = await activateWithLink(
      db.runtime,
      { token, password: "Harbour lantern quietly 42", confirm: "Harbour lantern quietly 42" },
      new Date(),
    );
    expect(result.ok).toBe(false);
    expect(await passwordHashOf(USER.adminA)).toBe(before);
  });

  test("a clinician cannot issue a link for a colleague, for another team's patient, or to take over an active patient account", async () => {
    const otherTeam = await pendingPatient(TEAM.A2);
    const cases: [string, string, "activate" | "reset"][] = [
      ["a colleague's reset", USER.oncologistA1, "reset"],
      ["a colleague's activation", USER.nurseA2, "activate"],
      ["an admin's activation", USER.adminA, "activate"],
      ["another team's patient's activation", otherTeam.userId, "activate"],
      ["a patient who already has a password", USER.patientP1, "activate"],
      ["a patient's reset", USER.patientP1, "reset"],
    ];
    for (const [name, userId, purpose] of cases) {
      const insert = await attempt(() =>
        as(db, USER.nurseA1, (tx) =>
          createInvitation(tx, { userId, purpose, createdBy: USER.nurseA1, now: new Date() }),
        ),
      );
      expect({ name, insert }).toMatchObject({ name, insert: { ok: false, state: PERMISSION_DENIED } });
    }
  });

  test("an admin cannot issue a link for a patient account (it would let them sign in as the patient)", async () => {
    const pending = await pendingPatient(TEAM.A1);
    for (const [userId, purpose] of [
      [USER.patientP1, "reset"],
      [pending.userId, "activate"],
    ] as const) {
      const insert = await attempt(() =>
        as(db, USER.adminA, (tx) => createInvitation(tx, { userId, purpose, createdBy: USER.adminA, now: new Date() })),
      );
      expect(insert).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    }
  });

  test("a link names its real issuer", async () => {
    const insert = await attempt(() =>
      as(db, USER.adminA, (tx) =>
        createInvitation(tx, { userId: USER.adminA, purpose: "reset", createdBy: USER.nurseA1, now: new Date() }),
      ),
    );
    expect(insert).toMatchObject({ ok: false, state: PERMISSION_DENIED });
  });

  // A clinician's link takes a second admin (tests/two-person.test.ts); an admin's is one admin's to issue.
  test("the patient's care team issues the activation of a patient with no password yet; an admin, a new colleague's", async () => {
    const pending = await pendingPatient(TEAM.A1);
    const patientLink = await as(db, USER.nurseA1, (tx) =>
      createInvitation(tx, { userId: pending.userId, purpose: "activate", createdBy: USER.nurseA1, now: new Date() }),
    );
    expect(await describeLink(db.runtime, patientLink.token, new Date())).toMatchObject({
      status: "valid",
      link: { userId: pending.userId, purpose: "activate" },
    });
    // A staff account with no role yet is one admin's to send a link; one with a role (here another
    // admin's) takes a second admin (tests/two-person.test.ts).
    const newcomer = randomUUID();
    await db.asOwner((o) =>
      o.insert(t.users).values({
        id: newcomer,
        organisationId: ORG.A,
        kind: "staff",
        email: `newcomer.${newcomer.slice(0, 8)}@fixture.example`,
        displayName: "New Colleague",
      }),
    );
    const staffLink = await as(db, USER.adminOncologistA, (tx) =>
      createInvitation(tx, {
        userId: newcomer,
        purpose: "activate",
        createdBy: USER.adminOncologistA,
        now: new Date(),
      }),
    );
    expect(await describeLink(db.runtime, staffLink.token, new Date())).toMatchObject({
      status: "valid",
      link: { userId: newcomer, purpose: "activate" },
    });
    expect(
      await attempt(() =>
        as(db, USER.adminOncologistA, (tx) =>
          createInvitation(tx, {
            userId: USER.adminA,
            purpose: "reset",
            createdBy: USER.adminOncologistA,
            now: new Date(),
          }),
        ),
      ),
    ).toMatchObject({ ok: false, state: PERMISSION_DENIED });
  });

  test("nobody on the request role reads a stored token hash, so an admin cannot redeem a patient's pending activation", async () => {
    const pending = await pendingPatient(TEAM.A1);
    await ownerLink({ userId: pending.userId, purpose: "activate", expiresIn: "1 day" });
    for (const who of [USER.adminA, USER.nurseA1, USER.patientP1, null]) {
      const read = await attempt(() =>
        as(db, who, (tx) => rowsOf<{ token_hash: string }>(tx, sql`select token_hash from invitations`)),
      );
      expect(read).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    }
    // The hash itself is no key: only the raw token redeems a link.
    const [{ token_hash: stolen }] = await db.asOwner((o) =>
      rowsOf<{ token_hash: string }>(o, sql`select token_hash from invitations where user_id = ${pending.userId}`),
    );
    for (const call of [
      sql`select * from app.redeem_invitation(${stolen}, ${PASSWORD_HASH})`,
      sql`select * from app.redeem_invitation(${stolen}, ${PASSWORD_HASH}, now())`,
    ]) {
      const redeemed = await attempt(() => as(db, USER.adminA, (tx) => rowsOf(tx, call)));
      expect(redeemed.ok ? redeemed.value : []).toEqual([]);
    }
    expect(await passwordHashOf(pending.userId)).toBeNull();
  });

  test("an expired link stays expired whatever time the caller claims", async () => {
    const token = await ownerLink({ userId: USER.nurseA2, purpose: "reset", expiresIn: "-1 hour" });
    const before = await passwordHashOf(USER.nurseA2);
    for (const call of [
      sql`select * from app.redeem_invitation(${sha256Hex(token)}, ${PASSWORD_HASH}, now() - interval '1 day')`,
      sql`select * from app.redeem_invitation(${token}, ${PASSWORD_HASH})`,
    ]) {
      const redeemed = await attempt(() => as(db, null, (tx) => rowsOf(tx, call)));
      expect(redeemed.ok ? redeemed.value : []).toEqual([]);
    }
    expect(await passwordHashOf(USER.nurseA2)).toBe(before);
  });

  test("the raw token redeems an open link once, by the database's clock", async () => {
    const token = await ownerLink({ userId: USER.nurseB, purpose: "reset", expiresIn: "1 hour" });
    const redeem = () =>
      as(db, null, (tx) =>
        rowsOf<{ user_id: string; purpose: string }>(
          tx,
          sql`select * from app.redeem_invitation(${token}, ${PASSWORD_HASH})`,
        ),
      );
    expect(await redeem()).toMatchObject([{ user_id: USER.nurseB, purpose: "reset" }]);
    expect(await redeem()).toEqual([]);
    expect(await passwordHashOf(USER.nurseB)).toBe(PASSWORD_HASH);
    const [{ used }] = await db.asOwner((o) =>
      rowsOf<{ used: boolean }>(
        o,
        sql`select bool_and(used_at is not null and used_at <= now()) as used from invitations where user_id = ${USER.nurseB}`,
      ),
    );
    expect(used).toBe(true);
  });
});

describe("finding 9: the source address of sign-in attempts", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** `count` wrong passwords for one account, each with a new X-Forwarded-For value; the refusals. */
  async function rotatingAttempts(email: string, count: number, header: (i: number) => string) {
    const refusals: string[] = [];
    for (let i = 0; i < count; i++) {
      const result = await attemptSignIn(
        db.runtime,
        { email, password: `not the password ${i}` },
        { address: requestAddress(header(i)), userAgent: "vitest", at: new Date() },
      );
      if (!result.ok) refusals.push(result.refusal);
    }
    return refusals;
  }

  test("with no proxy configured, rotating X-Forwarded-For earns no fresh allowance of failures", async () => {
    vi.stubEnv("TRUSTED_PROXY_HOPS", "");
    const refusals = await rotatingAttempts("nursea2@fixture.example", 55, (i) => `198.18.${i}.7`);
    expect(refusals).toHaveLength(55);
    // The 51st failure within the window and every one after are refused as rate-limited.
    expect(refusals.filter((r) => r === "rate_limited")).toHaveLength(5);
  });

  test("behind one proxy, the address it appended is the one counted, whatever the client put before it", async () => {
    vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
    expect(requestAddress("6.6.6.6, 203.0.113.77")).toBe("203.0.113.77");
    const refusals = await rotatingAttempts("unknown-proxy@fixture.example", 55, (i) => `198.18.${i}.9, 203.0.113.77`);
    expect(refusals.filter((r) => r === "rate_limited")).toHaveLength(5);
    // Another client behind the same proxy, on another account, is not held up by that one's failures.
    const other = await rotatingAttempts("nurseb@fixture.example", 1, () => "203.0.113.78");
    expect(other).toEqual(["refused"]);
  });
});

describe("finding 10: emergency access", () => {
  const open = (who: string, patient: string, reason: string, expires: string, startedAt = sql`now()`) =>
    attempt(() =>
      as(db, who, (tx) =>
        tx.execute(sql`insert into emergency_accesses (user_id, patient_id, reason, started_at, expires_at)
          values (${who}, ${patient}, ${reason}, ${startedAt}, now() + ${expires}::interval)`),
      ),
    );
  const setOrgA = (settings: Record<string, unknown>) =>
    db.asOwner((o) =>
      o.execute(sql`update organisations set settings = ${JSON.stringify(settings)}::jsonb
      where id = ${ORG.A}`),
    );
  const accessesOf = (who: string, patient: string) =>
    db.asOwner((o) =>
      rowsOf<{ reason: string; renewal: boolean }>(
        o,
        sql`select reason, renewal from emergency_accesses
          where user_id = ${who} and patient_id = ${patient} order by started_at, expires_at`,
      ),
    );

  test("lasts at most four hours: longer is refused by the database and by the form's query", async () => {
    expect(await open(USER.nurseA1, PATIENT.P3, "Collapsed on the ward, five hours", "5 hours")).toMatchObject({
      ok: false,
      state: PERMISSION_DENIED,
    });
    expect(
      await open(USER.nurseA1, PATIENT.P3, "Collapsed on the ward, four hours and a bit", "4 hours 1 second"),
    ).toMatchObject({ ok: false, state: PERMISSION_DENIED });
    const { startEmergencyAccess } = await import("../db/queries/emergency");
    const eight = await attempt(() =>
      as(db, USER.nurseA1, (tx) =>
        startEmergencyAccess(tx, {
          userId: USER.nurseA1,
          patientId: PATIENT.P3,
          reason: "Collapsed on the ward, eight hours",
          hours: 8,
        }),
      ),
    );
    expect(eight.ok).toBe(false);
    expect(await open(USER.nurseA1, PATIENT.P3, "Collapsed on the ward, four hours", "4 hours")).toMatchObject({
      ok: true,
    });
  });

  test("an organisation's setting may lower the limit, never raise it", async () => {
    // The settings form takes 1 to 4 hours, in a sentence otherwise.
    const { settingsInput } = await import("../app/(admin)/admin/_lib/inputs");
    const settings = (hours?: string) => ({
      ...VALID_SETTINGS_FORM,
      ...(hours === undefined ? {} : { emergencyAccessMaxHours: hours }),
    });
    expect(settingsInput.safeParse(settings("2")).data?.emergencyAccessMaxHours).toBe(2);
    expect(settingsInput.safeParse(settings()).data?.emergencyAccessMaxHours).toBeUndefined();
    const tooMany = settingsInput.safeParse(settings("12"));
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]?.message).toBe("The longest emergency access in hours must be between 1 and 4.");
    try {
      await setOrgA({ emergencyAccessMaxHours: 2 });
      // The clinician's form is refused with a sentence before the database is asked.
      const { startEmergencyAccess } = await import("../db/queries/emergency");
      const { userFacingError } = await import("../server/http/messages");
      const refusal = await as(db, USER.oncologistA1, (tx) =>
        startEmergencyAccess(tx, {
          userId: USER.oncologistA1,
          patientId: PATIENT.P3,
          reason: "Seizure in clinic, three hours",
          hours: 3,
        }),
      ).then(
        () => null,
        (error) => userFacingError(error),
      );
      expect(refusal?.status).toBe(400);
      expect(refusal?.message).toBe("An emergency access can last at most 2 hours here.");
      expect(refusal?.fields).toEqual([{ field: "hours", message: "Choose at most 2 hours." }]);
      expect(await open(USER.oncologistA1, PATIENT.P3, "Seizure in clinic, three hours", "3 hours")).toMatchObject({
        ok: false,
        state: PERMISSION_DENIED,
      });
      expect(await open(USER.oncologistA1, PATIENT.P3, "Seizure in clinic, two hours", "2 hours")).toMatchObject({
        ok: true,
      });
      await setOrgA({ emergencyAccessMaxHours: 12 });
      expect(await open(USER.adminOncologistA, PATIENT.P3, "Seizure in clinic, six hours", "6 hours")).toMatchObject({
        ok: false,
        state: PERMISSION_DENIED,
      });
    } finally {
      await setOrgA({});
    }
  });

  test("starts at the database's clock: a back-dated or future start is refused", async () => {
    for (const startedAt of [
      sql`now() - interval '1 day'`,
      sql`now() - interval '1 second'`,
      sql`now() + interval '1 hour'`,
    ]) {
      expect(await open(USER.nurseB, PATIENT.P4, "Anaphylaxis on the day unit", "1 hour", startedAt)).toMatchObject({
        ok: false,
        state: PERMISSION_DENIED,
      });
    }
  });

  test("a renewal, while one is in force or within the hour after, needs a new reason and is flagged", async () => {
    // nurse A2's fixture access to P2 ended a day ago: a new one is not a renewal.
    expect(await open(USER.nurseA2, PATIENT.P2, "Chest pain, own team unreachable", "1 hour")).toMatchObject({
      ok: true,
    });
    // The same reason again, while it is in force: refused, whatever its case or spacing.
    for (const reason of ["Chest pain, own team unreachable", "  chest pain,  OWN team unreachable "]) {
      expect(await open(USER.nurseA2, PATIENT.P2, reason, "1 hour")).toMatchObject({
        ok: false,
        state: PERMISSION_DENIED,
      });
    }
    expect(await open(USER.nurseA2, PATIENT.P2, "Still waiting for the cardiology review", "1 hour")).toMatchObject({
      ok: true,
    });
    expect(await accessesOf(USER.nurseA2, PATIENT.P2)).toEqual([
      { reason: "Fixture: an emergency that is long over", renewal: false },
      { reason: "Chest pain, own team unreachable", renewal: false },
      { reason: "Still waiting for the cardiology review", renewal: true },
    ]);
    // Just after one has ended it is still a renewal; the request role cannot clear the flag.
    await db.asOwner((o) =>
      o.execute(sql`update emergency_accesses set started_at = now() - interval '3 hours',
        expires_at = now() - interval '30 minutes' where user_id = ${USER.nurseA2} and patient_id = ${PATIENT.P2}
        and reason <> 'Fixture: an emergency that is long over'`),
    );
    expect(
      await attempt(() =>
        as(db, USER.nurseA2, (tx) =>
          tx.execute(sql`insert into emergency_accesses (user_id, patient_id, reason, expires_at, renewal)
            values (${USER.nurseA2}, ${PATIENT.P2}, 'Bleeding again after the transfusion', now() + interval '1 hour', false)`),
        ),
      ),
    ).toMatchObject({ ok: true });
    expect((await accessesOf(USER.nurseA2, PATIENT.P2)).at(-1)).toEqual({
      reason: "Bleeding again after the transfusion",
      renewal: true,
    });
  });

  test("admins see that an emergency access happened and by whom, not the clinical reason", async () => {
    expect(await open(USER.nurseA2, PATIENT.P1, "Hypotensive on the ward, needs history", "1 hour")).toMatchObject({
      ok: true,
    });
    const direct = await as(db, USER.adminA, (tx) =>
      rowsOf<{ reason: string }>(tx, sql`select reason from emergency_accesses`),
    );
    expect(direct).toEqual([]);
    const { listEmergencyAccesses } = await import("../db/queries/emergency");
    const list = await as(db, USER.adminA, (tx) => listEmergencyAccesses(tx, { limit: 200 }));
    const mine = list.rows.find((r) => r.hospitalNumber === sentinels("P1").demographics[2] && r.active);
    expect(mine).toMatchObject({ clinician: { id: USER.nurseA2 }, renewal: false, active: true });
    expect(mine).not.toHaveProperty("reason");
    expect(JSON.stringify(list)).not.toContain("Hypotensive");
    expect(JSON.stringify(list)).not.toContain("Fixture: an emergency");
    // The clinician who opened it and the patient whose record it is still read the reason.
    for (const who of [USER.nurseA2, USER.patientP1]) {
      const reasons = await as(db, who, (tx) =>
        rowsOf<{ reason: string }>(tx, sql`select reason from emergency_accesses where patient_id = ${PATIENT.P1}`),
      );
      expect(reasons.map((r) => r.reason)).toContain("Hypotensive on the ward, needs history");
    }
  });
});
