/**
 * A patient revokes their care team's access, through the app's own action, and the team's very
 * next request reads nothing of them: the wrapper refuses before any data query, and the database
 * itself returns no row of the patient to a query that goes round the wrapper. The patient's "who
 * has looked at my record" still lists the team's earlier reads, and the refused attempt.
 * Everything runs as the app runs it; only next-auth's cookie decoding is replaced.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test, vi } from "vitest";

const session = vi.hoisted(() => {
  process.env.NEXTAUTH_SECRET ??= "consent-revocation-test-secret-0123456789abcdef";
  return { current: null as null | { uid: string; sid: string }, db: null as unknown };
});
vi.mock("next-auth", () => ({ getServerSession: async () => session.current }));
vi.mock("@/server/database", () => ({
  getDatabase: async () => session.db,
  getAppDatabase: async () => ({ db: session.db, kind: "pglite" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

import { revokeRule } from "../app/(patient)/me/sharing/actions";
import { listAccessToPatient } from "../db/queries/access-log";
import { listReportsForPatient } from "../db/queries/report-reads";
import { runWithRls } from "../db/rls";
import * as t from "../db/schema";
import { AppError } from "../lib/errors";
import { requireSession } from "../server/auth/session";
import { guarded } from "../server/http/guard";
import { createTestDatabase, rowsOf, type TestDatabase } from "./support/database";
import { buildFixtures, PATIENT, RECORDS, USER } from "./support/fixtures";

let db: TestDatabase;
const SESSION: Record<string, string> = {};
const TEAM_A1 = ["nurseA1", "oncologistA1"] as const;

beforeAll(async () => {
  db = await createTestDatabase("consent_revocation");
  session.db = db.runtime;
  await buildFixtures(db);
  await db.asOwner(async (o) => {
    for (const key of [...TEAM_A1, "patientP1"] as const) {
      const [row] = await o
        .insert(t.sessions)
        .values({ userId: USER[key], mfaVerifiedAt: new Date() })
        .returning({ id: t.sessions.id });
      SESSION[key] = row.id;
    }
  });
});
afterAll(async () => {
  await db?.close();
});

async function signedInAs(key: keyof typeof SESSION) {
  session.current = { uid: USER[key as keyof typeof USER], sid: SESSION[key] };
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
