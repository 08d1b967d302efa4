/**
 * A patient revokes their care team's access, through the app's own action, and the team's very
 * next request reads nothing of them: the wrapper refuses before any data query, and the database
 * itself returns no row of the patient to a query that goes round the wrapper. The patient's "who
 * has looked at my record" still lists the team's earlier reads, and the refused attempt.
 * Everything runs as the app runs it; only next-auth's cookie decoding is replaced.
 */
import { sql } from "drizzle-orm";
import { expect, test, vi } from "vitest";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import { grantAccess, revokeRule } from "../app/(patient)/me/sharing/actions";
import { listAccessToPatient } from "../db/queries/access-log";
import { listReportsForPatient } from "../db/queries/report-reads";
import { runWithRls } from "../db/rls";
import { AppError } from "../lib/errors";
import { requireSession } from "../server/auth/session";
import { guarded } from "../server/http/guard";
import { rowsOf } from "./support/database";
import { PATIENT, RECORDS, TEAM, USER } from "./support/fixtures";
import { appDatabaseWithSessions, signedInAs as signIn } from "./support/signed-in-app";

const TEAM_A1 = ["nurseA1", "oncologistA1"] as const;
const db = appDatabaseWithSessions("consent_revocation", [...TEAM_A1, "patientP1"]);

/** Signs the next request in as `key` and returns the user the app then sees. */
async function signedInAs(key: (typeof TEAM_A1)[number] | "patientP1") {
  signIn(key);
  return requireSession();
}

/** What the record page does for P1's symptom reports: the one wrapper, then the query. */
async function readP1Reports(key: (typeof TEAM_A1)[number]) {
  const user = await signedInAs(key);
  return guarded(
    { user, auditAction: "patient_record_viewed", consent: { patientId: PATIENT.P1, categories: ["symptoms"] } },
    ({ tx }) => listReportsForPatient(tx, { patientId: PATIENT.P1, limit: 10 }),
  );
}

/** The same reads without the wrapper: straight to the tables, under row-level security only. */
async function rowsOfP1(key: (typeof TEAM_A1)[number]) {
  return runWithRls(db.runtime, { userId: USER[key] }, async (tx) => {
    const counts = await rowsOf<{ patients: number; reports: number; alerts: number; plans: number }>(
      tx,
      sql`select (select count(*)::int from patients where id = ${PATIENT.P1}) as patients,
                 (select count(*)::int from symptom_reports where patient_id = ${PATIENT.P1}) as reports,
                 (select count(*)::int from alerts where patient_id = ${PATIENT.P1}) as alerts,
                 (select count(*)::int from treatment_plans where patient_id = ${PATIENT.P1}) as plans`,
    );
    return counts[0];
  });
}

test("after the patient revokes the team's access, the team's next query returns nothing of them", async () => {
  // Before: both team members read P1's reports, through the app and straight from the tables.
  for (const key of TEAM_A1) {
    expect((await readP1Reports(key)).length).toBeGreaterThan(0);
    const before = await rowsOfP1(key);
    expect(before.patients).toBe(1);
    expect(before.reports).toBeGreaterThan(0);
  }

  // The patient withdraws the team's rule from "Who can see my record".
  await signedInAs("patientP1");
  const form = new FormData();
  form.set("ruleId", RECORDS.P1.allowRule);
  expect(await revokeRule(null, form)).toEqual({ ok: true, data: { ruleId: RECORDS.P1.allowRule } });

  // The very next request of each team member: refused as "not found", before any data query...
  for (const key of TEAM_A1) {
    const refusal = await readP1Reports(key).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe("not_found");
    // ...and the database gives nothing of the patient to a query that goes round the app.
    expect(await rowsOfP1(key)).toEqual({ patients: 0, reports: 0, alerts: 0, plans: 0 });
  }

  // The patient's access log still shows who read the record before, and the refused attempts.
  const patient = await signedInAs("patientP1");
  const log = await guarded(
    {
      user: patient,
      auditAction: "own_access_log_viewed",
      consent: { patientId: PATIENT.P1, categories: ["demographics"] },
    },
    ({ tx }) => listAccessToPatient(tx, { patientId: PATIENT.P1, ownUserId: patient.userId, limit: 50, offset: 0 }),
  );
  const reads = log.filter((e) => e.action === "patient_record_viewed");
  for (const key of TEAM_A1) {
    // Newest first: the refused attempt after the revocation, then the read before it.
    expect(reads.filter((e) => e.who === `Staff ${key}`).map((e) => e.outcome)).toEqual(["denied", "allowed"]);
  }
});

test("a rule may name only a care team or clinician of the patient's own organisation", async () => {
  const countRules = () =>
    db.asOwner(async (o) => {
      const [row] = await rowsOf<{ n: number }>(
        o,
        sql`select count(*)::int as n from consent_rules where patient_id = ${PATIENT.P1}`,
      );
      return row.n;
    });
  const before = await countRules();
  const grantees = [
    `staff:${USER.nurseB}`, // a nurse of another organisation
    `care_team:${TEAM.B1}`, // a care team of another organisation
    `staff:${USER.patientP1}`, // a patient's account, not a clinician
  ];
  for (const grantee of grantees) {
    signIn("patientP1");
    const form = new FormData();
    form.set("grantee", grantee);
    form.set("effect", "allow");
    form.append("categories", "symptoms");
    const result = await grantAccess(null, form);
    expect(result, grantee).toMatchObject({
      ok: false,
      code: "invalid_input",
      error: "Choose a care team or a clinician from the list.",
    });
  }
  expect(await countRules()).toBe(before);

  // A clinician of the patient's own organisation is a choice the page offers, and is stored.
  signIn("patientP1");
  const form = new FormData();
  form.set("grantee", `staff:${USER.oncologistA1}`);
  form.set("effect", "deny");
  form.append("categories", "demographics");
  expect(await grantAccess(null, form)).toMatchObject({ ok: true });
  expect(await countRules()).toBe(before + 1);
});
