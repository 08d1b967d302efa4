/**
 * Treatment plans on a real database, through the app's own queries as the runtime role: creating a
 * plan, every change kept as a version with who, when, why and the previous values, the rules a
 * dose reduction or a stop must meet, optimistic concurrency on `version`, and who may write at all
 * (the patient's consent for `treatment`, or an emergency access). Runs on PGlite and PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import { listEmergencyAccesses, startEmergencyAccess } from "../db/queries/emergency";
import { type SavePlanParams, savePlan } from "../db/queries/treatment-changes";
import { listPlanVersions } from "../db/queries/treatment-history";
import { findCurrentPlan, listPrescribers, snapshotOf, type TreatmentPlanView } from "../db/queries/treatment-plans";
import * as t from "../db/schema";
import { AppError } from "../lib/errors";
import { cyclePosition } from "../lib/treatment/cycles";
import { addDays, clinicDate } from "../lib/treatment/dates";
import { describeChange, type PlanSnapshot } from "../lib/treatment/plan";
import { userFacingError } from "../server/http/messages";
import { rowsOf } from "./support/database";
import {
  as,
  EC_PLAN,
  fixtureId,
  ORG,
  PATIENT,
  PERMISSION_DENIED,
  sentinels,
  sqlState,
  TEAM,
  USER,
} from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("treatment");
const now = () => new Date();
const today = () => clinicDate(now());

/** A patient of team A1 with no plan yet, whose team the patient has consented to. */
const FRESH = fixtureId("treatment:fresh-patient");
/** Another such patient, on docetaxel, carboplatin and trastuzumab. */
const HER2 = fixtureId("treatment:her2-patient");

beforeAll(async () => {
  await db.asOwner(async (owner) => {
    await owner.insert(t.patients).values({
      id: FRESH,
      organisationId: ORG.A,
      hospitalNumber: "HN-FRESH",
      givenName: "Fresh",
      familyName: "Patient",
      dateOfBirth: "1970-05-05",
      diagnosis: "Breast cancer",
      primaryCareTeamId: TEAM.A1,
    });
    await owner.insert(t.patients).values({
      id: HER2,
      organisationId: ORG.A,
      hospitalNumber: "HN-HER2",
      givenName: "Her",
      familyName: "Two",
      dateOfBirth: "1971-06-06",
      diagnosis: "Breast cancer, HER2-positive",
      primaryCareTeamId: TEAM.A1,
    });
    await owner.insert(t.consentRules).values({
      patientId: HER2,
      granteeCareTeamId: TEAM.A1,
      effect: "allow",
      categories: ["symptoms", "treatment", "alerts", "demographics"],
      validFrom: sql`now() - interval '1 day'`,
    });
    await owner.insert(t.consentRules).values({
      patientId: FRESH,
      granteeCareTeamId: TEAM.A1,
      effect: "allow",
      categories: ["symptoms", "treatment", "alerts", "demographics"],
      validFrom: sql`now() - interval '1 day'`,
    });
  });
});

function save(userId: string, p: Partial<SavePlanParams> & Pick<SavePlanParams, "plan">) {
  return as(db, userId, (tx) =>
    savePlan(tx, {
      patientId: FRESH,
      planId: null,
      expectedVersion: 0,
      reason: "",
      decidedBy: null,
      changedBy: userId,
      now: now(),
      ...p,
    }),
  );
}

const current = (userId = USER.nurseA1, patientId = FRESH) =>
  as(db, userId, (tx) => findCurrentPlan(tx, { patientId }));

/** The plan as the editor would send it back, with one change applied. */
function edit(plan: TreatmentPlanView, change: (s: PlanSnapshot) => PlanSnapshot): PlanSnapshot {
  return change(snapshotOf(plan));
}
const setCycle = (n: number, patch: Partial<PlanSnapshot["cycles"][number]>) => (s: PlanSnapshot) => ({
  ...s,
  cycles: s.cycles.map((c) => (c.cycleNumber === n ? { ...c, ...patch } : c)),
});

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return userFacingError(error);
}

async function versionRows(planId: string) {
  return db.asOwner((owner) =>
    rowsOf<{ version: number; changed_by: string; reason: string | null; previous: unknown; current: unknown }>(
      owner,
      sql`select version, changed_by, reason, previous, current from treatment_plan_versions
          where plan_id = ${planId} order by version`,
    ),
  );
}
const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as PlanSnapshot & { decidedBy: string | null };

describe("a plan and its versions", () => {
  let planId: string;

  test("a nurse of the team creates a plan: version 1, its cycles filled in, no previous values", async () => {
    const saved = await save(USER.nurseA1, { plan: EC_PLAN });
    planId = saved.planId;
    expect(saved.version).toBe(1);
    const plan = await current();
    expect(plan).toMatchObject({
      id: planId,
      version: 1,
      regimen: EC_PLAN.regimen,
      plannedCycles: 6,
      updatedBy: USER.nurseA1,
    });
    expect(plan?.cycles.map((c) => [c.cycleNumber, c.plannedDate, c.status, c.dosePercent])).toEqual([
      [1, "2026-01-05", "planned", 100],
      [2, "2026-01-26", "planned", 100],
      [3, "2026-02-16", "planned", 100],
      [4, "2026-03-09", "planned", 100],
      [5, "2026-03-30", "planned", 100],
      [6, "2026-04-20", "planned", 100],
    ]);
    const rows = await versionRows(planId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 1, changed_by: USER.nurseA1, previous: null });
    expect(json(rows[0].current).cycles).toHaveLength(6);
  });

  test("giving cycle 1 is version 2, and says why", async () => {
    const plan = (await current()) as TreatmentPlanView;
    const given = addDays(today(), -3);
    const next = edit(plan, setCycle(1, { status: "given", givenDate: given }));
    const refused = await rejection(save(USER.nurseA1, { planId, expectedVersion: 1, plan: next }));
    expect(refused.code).toBe("invalid_input");
    expect(refused.fields).toEqual([{ field: "reason", message: "Say why the plan is changing." }]);
    const saved = await save(USER.nurseA1, { planId, expectedVersion: 1, plan: next, reason: "Cycle 1 given." });
    expect(saved.version).toBe(2);
    expect(saved.changes.map(describeChange)).toEqual([
      "Cycle 1 status: Planned → Given",
      `Cycle 1 date given: none → ${formatted(given)}`,
    ]);
  });

  test("a dose reduction needs who decided it and why; refused, nothing is written", async () => {
    const plan = (await current()) as TreatmentPlanView;
    const next = edit(plan, setCycle(2, { dosePercent: 80 }));
    const refused = await rejection(save(USER.nurseA1, { planId, expectedVersion: 2, plan: next }));
    expect(refused.code).toBe("invalid_input");
    expect(refused.fields?.map((f) => f.field)).toEqual(["reason", "decidedBy"]);
    for (const notAClinician of [USER.adminA, USER.nurseB, randomUUID()]) {
      const wrong = await rejection(
        save(USER.nurseA1, { planId, expectedVersion: 2, plan: next, reason: "Neuropathy", decidedBy: notAClinician }),
      );
      expect(wrong.fields).toEqual([
        { field: "decidedBy", message: "Choose the clinician who decided from the list." },
      ]);
    }
    expect((await current())?.version).toBe(2);
    expect(await versionRows(planId)).toHaveLength(2);
  });

  test("the nurse records the oncologist's dose reduction: version 3 keeps the previous value, who and why", async () => {
    const plan = (await current()) as TreatmentPlanView;
    const next = edit(plan, setCycle(2, { dosePercent: 80 }));
    const saved = await save(USER.nurseA1, {
      planId,
      expectedVersion: 2,
      plan: next,
      reason: "Grade 2 peripheral neuropathy after cycle 1.",
      decidedBy: USER.oncologistA1,
    });
    expect(saved.version).toBe(3);
    expect((await current())?.cycles[1]).toMatchObject({ cycleNumber: 2, dosePercent: 80, status: "planned" });

    const rows = await versionRows(planId);
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3]);
    expect(json(rows[2].previous).cycles[1].dosePercent).toBe(100);
    expect(json(rows[2].current).cycles[1].dosePercent).toBe(80);
    expect(json(rows[2].current).decidedBy).toBe(USER.oncologistA1);
    expect(rows[2]).toMatchObject({ changed_by: USER.nurseA1, reason: "Grade 2 peripheral neuropathy after cycle 1." });

    const history = await as(db, USER.oncologistA1, (tx) => listPlanVersions(tx, { planId }));
    expect(history.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(history[0]).toMatchObject({
      changedBy: { id: USER.nurseA1, name: "Staff nurseA1" },
      decidedBy: { id: USER.oncologistA1, name: "Staff oncologistA1" },
      reason: "Grade 2 peripheral neuropathy after cycle 1.",
      unreadable: false,
    });
    expect(history[0].changes.map(describeChange)).toEqual(["Cycle 2 dose level: 100% → 80%"]);
    expect(history[2].created?.regimen).toBe(EC_PLAN.regimen);
  });

  test("saving from a stale version is a conflict that names who changed it; nothing is written", async () => {
    const plan = (await current()) as TreatmentPlanView;
    const next = edit(plan, setCycle(3, { plannedDate: "2026-02-18" }));
    const conflict = await rejection(
      save(USER.oncologistA1, { planId, expectedVersion: 2, plan: next, reason: "Clinic moved" }),
    );
    expect(conflict.code).toBe("conflict");
    expect(conflict.message).toMatch(
      /^Someone else saved a change to this plan while you were editing it \(version 3, by Staff nurseA1 at .+\)\. Your changes were not saved\./,
    );
    expect((await current())?.version).toBe(3);
    expect(await versionRows(planId)).toHaveLength(3);
  });

  test("more cycles are added at the dose reached; fewer cancel the surplus, never delete", async () => {
    let plan = (await current()) as TreatmentPlanView;
    await save(USER.oncologistA1, {
      planId,
      expectedVersion: 3,
      plan: edit(plan, (s) => ({ ...s, plannedCycles: 8 })),
      reason: "Two more cycles.",
    });
    plan = (await current()) as TreatmentPlanView;
    expect(plan.cycles.map((c) => [c.cycleNumber, c.dosePercent, c.status])).toEqual([
      [1, 100, "given"],
      [2, 80, "planned"],
      [3, 100, "planned"],
      [4, 100, "planned"],
      [5, 100, "planned"],
      [6, 100, "planned"],
      [7, 100, "planned"],
      [8, 100, "planned"],
    ]);
    // Fewer cycles cancels the surplus: a decision, so it names who decided.
    const fewer = edit(plan, (s) => ({ ...s, plannedCycles: 6 }));
    const refused = await rejection(
      save(USER.oncologistA1, { planId, expectedVersion: 4, plan: fewer, reason: "Back to six." }),
    );
    expect(refused.fields).toEqual([
      { field: "decidedBy", message: "Holding or cancelling a cycle needs the name of the clinician who decided it." },
    ]);
    await save(USER.oncologistA1, {
      planId,
      expectedVersion: 4,
      plan: fewer,
      reason: "Back to six cycles.",
      decidedBy: USER.oncologistA1,
    });
    plan = (await current()) as TreatmentPlanView;
    expect(plan.cycles.slice(6).map((c) => [c.cycleNumber, c.status, c.reason])).toEqual([
      [7, "cancelled", "Back to six cycles."],
      [8, "cancelled", "Back to six cycles."],
    ]);
    const [{ n }] = await db.asOwner((owner) =>
      rowsOf<{ n: number }>(owner, sql`select count(*)::int as n from treatment_cycles where plan_id = ${planId}`),
    );
    expect(n).toBe(8);
  });

  test("stopping treatment records who decided and why, and cancels the cycles not yet given", async () => {
    const plan = (await current()) as TreatmentPlanView;
    const stop = edit(plan, (s) => ({ ...s, stoppedOn: today() }));
    const refused = await rejection(
      save(USER.nurseA1, { planId, expectedVersion: 5, plan: stop, reason: "Progression" }),
    );
    expect(refused.fields?.map((f) => f.field)).toEqual(["decidedBy"]);
    await save(USER.nurseA1, {
      planId,
      expectedVersion: 5,
      plan: stop,
      reason: "Disease progression on scan.",
      decidedBy: USER.oncologistA1,
    });
    const stopped = (await current()) as TreatmentPlanView;
    expect(stopped.stoppedOn).toBe(today());
    expect(stopped.cycles.map((c) => c.status)).toEqual(["given", ...Array(7).fill("cancelled")]);
    expect(stopped.cycles[1].reason).toBe("Disease progression on scan.");
    expect(cyclePosition(stopped, today()).kind).toBe("stopped");
    const [latest] = await as(db, USER.nurseA1, (tx) => listPlanVersions(tx, { planId }));
    expect(latest.changes.map(describeChange)).toContain(`Treatment: Continuing → Stopped ${formatted(today())}`);
    expect(latest.decidedBy?.id).toBe(USER.oncologistA1);
  });

  test("the fixture's version with a partial snapshot is still listed, marked unreadable", async () => {
    const plan = (await current(USER.oncologistA1, PATIENT.P1)) as TreatmentPlanView;
    const history = await as(db, USER.oncologistA1, (tx) => listPlanVersions(tx, { planId: plan.id }));
    expect(history).toEqual([expect.objectContaining({ version: 1, unreadable: true, changes: [] })]);
  });
});

function formatted(date: string) {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

describe("who may write a plan", () => {
  const P1_PLAN = fixtureId("P1:plan");

  test.each([
    ["a nurse of another team", USER.nurseA2],
    ["a nurse of another organisation", USER.nurseB],
    ["an admin without a clinical role", USER.adminA],
    ["the patient themself", USER.patientP1],
  ])("%s cannot change P1's plan: not found, nothing written", async (_who, userId) => {
    const plan = (await as(db, USER.oncologistA1, (tx) =>
      findCurrentPlan(tx, { patientId: PATIENT.P1 }),
    )) as TreatmentPlanView;
    const next = edit(plan, setCycle(1, { plannedDate: "2026-01-06" }));
    const refused = await rejection(
      save(userId, {
        patientId: PATIENT.P1,
        planId: P1_PLAN,
        expectedVersion: plan.version,
        plan: next,
        reason: "Moved",
      }),
    );
    expect(refused.code).toBe("not_found");
    expect((await as(db, USER.oncologistA1, (tx) => findCurrentPlan(tx, { patientId: PATIENT.P1 })))?.version).toBe(
      plan.version,
    );
  });

  test("nor create one for a patient whose treatment they may not read", async () => {
    for (const userId of [USER.nurseA2, USER.nurseB, USER.adminA, USER.patientP1]) {
      const error = await save(userId, { patientId: PATIENT.P1, plan: EC_PLAN }).then(
        () => null,
        (e) => e,
      );
      expect(sqlState(error)).toBe(PERMISSION_DENIED);
    }
  });

  test("the patient reads their own plan and its history; a nurse of another team reads nothing", async () => {
    expect((await current(USER.patientP1, PATIENT.P1))?.id).toBe(P1_PLAN);
    expect(await as(db, USER.patientP1, (tx) => listPlanVersions(tx, { planId: P1_PLAN }))).toHaveLength(1);
    expect(await current(USER.nurseA2, PATIENT.P1)).toBeNull();
    expect(await as(db, USER.nurseA2, (tx) => listPlanVersions(tx, { planId: P1_PLAN }))).toEqual([]);
  });

  test("versions are never changed or deleted, not even by a clinician with consent", async () => {
    for (const statement of [
      sql`update treatment_plan_versions set reason = 'rewritten' where plan_id = ${P1_PLAN}`,
      sql`delete from treatment_plan_versions where plan_id = ${P1_PLAN}`,
      sql`delete from treatment_cycles where plan_id = ${P1_PLAN}`,
    ]) {
      const error = await as(db, USER.oncologistA1, (tx: Tx) => tx.execute(statement)).then(
        () => null,
        (e) => e,
      );
      expect(sqlState(error)).toBe(PERMISSION_DENIED);
    }
  });
});

describe("emergency access and plans", () => {
  test("a clinician of another team breaks the glass, then may read and change the plan", async () => {
    expect(await current(USER.nurseA2, PATIENT.P2)).toBeNull();
    const access = await as(db, USER.nurseA2, (tx) =>
      startEmergencyAccess(tx, {
        userId: USER.nurseA2,
        patientId: PATIENT.P2,
        reason: "Attending in A&E overnight, febrile",
        hours: 4,
      }),
    );
    const hours = (access.expiresAt.getTime() - access.startedAt.getTime()) / 3_600_000;
    expect(hours).toBe(4);
    const plan = (await current(USER.nurseA2, PATIENT.P2)) as TreatmentPlanView;
    expect(plan.id).toBe(fixtureId("P2:plan"));
    const saved = await save(USER.nurseA2, {
      patientId: PATIENT.P2,
      planId: plan.id,
      expectedVersion: plan.version,
      plan: edit(plan, setCycle(1, { status: "held", reason: "Admitted with neutropenic sepsis" })),
      reason: "Held on admission.",
      decidedBy: USER.oncologistA1,
    });
    expect(saved.version).toBe(plan.version + 1);

    const admin = await as(db, USER.adminA, (tx) => listEmergencyAccesses(tx, { limit: 50 }));
    // Admins see who opened which record (by hospital number) and when, not the clinical reason.
    const listed = admin.rows.find((r) => r.id === access.id);
    expect(listed).toMatchObject({
      hospitalNumber: sentinels("P2").demographics[2],
      clinician: { id: USER.nurseA2, name: "Staff nurseA2" },
      active: true,
      renewal: false,
    });
    expect(listed).not.toHaveProperty("reason");
    // The fixture's expired accesses are listed as ended; another organisation's are not listed.
    expect(admin.rows.filter((r) => !r.active).length).toBeGreaterThan(0);
    expect(admin.rows.some((r) => r.hospitalNumber === sentinels("P4").demographics[2])).toBe(false);
    const otherAdmin = await as(db, USER.nurseA1, (tx) => listEmergencyAccesses(tx, { limit: 50 }));
    expect(otherAdmin.rows).toEqual([]);
  });

  test("the policies refuse a short reason, more than four hours, or another organisation's patient", async () => {
    const start = (userId: string, patientId: string, reason: string, hours: number) =>
      as(db, userId, (tx) => startEmergencyAccess(tx, { userId, patientId, reason, hours })).then(
        () => null,
        (e) => e,
      );
    expect(sqlState(await start(USER.nurseA2, PATIENT.P1, "urgent", 4))).toBe(PERMISSION_DENIED);
    // Longer than four hours: the query refuses in a sentence, and the policy refuses past it.
    const tooLong = await start(USER.nurseA2, PATIENT.P1, "Seen in A&E with fever", 5);
    expect((tooLong as AppError).code).toBe("invalid_input");
    const pastTheQuery = await as(db, USER.nurseA2, (tx) =>
      tx.execute(sql`insert into emergency_accesses (user_id, patient_id, reason, expires_at)
        values (${USER.nurseA2}, ${PATIENT.P1}, 'Seen in A&E with fever', now() + interval '13 hours')`),
    ).then(
      () => null,
      (e) => e,
    );
    expect(sqlState(pastTheQuery)).toBe(PERMISSION_DENIED);
    const foreign = await start(USER.nurseA2, PATIENT.P4, "Seen in A&E with fever", 4);
    expect(foreign).toBeInstanceOf(AppError);
    expect((foreign as AppError).code).toBe("not_found");
    const admin = await start(USER.adminA, PATIENT.P1, "Seen in A&E with fever", 4);
    expect((admin as AppError).code).toBe("not_found");
  });
});

describe("two clinicians saving at once", () => {
  test("exactly one change wins; the other is told who got there first", async () => {
    const plan = (await current(USER.oncologistA1, PATIENT.P1)) as TreatmentPlanView;
    const attempts = await Promise.allSettled(
      [USER.oncologistA1, USER.nurseA1].map((userId, i) =>
        save(userId, {
          patientId: PATIENT.P1,
          planId: plan.id,
          expectedVersion: plan.version,
          plan: edit(plan, setCycle(1, { plannedDate: `2026-01-0${6 + i}` })),
          reason: `Attempt ${i}`,
        }),
      ),
    );
    const won = attempts.filter((a) => a.status === "fulfilled");
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0].reason as AppError).code).toBe("conflict");
    const after = (await current(USER.oncologistA1, PATIENT.P1)) as TreatmentPlanView;
    expect(after.version).toBe(plan.version + 1);
    expect(await versionRows(plan.id)).toHaveLength(2);
  });
});

describe("doses per agent", () => {
  const TCH: PlanSnapshot = {
    regimen: "TCH (docetaxel, carboplatin, trastuzumab)",
    drugs: ["docetaxel", "carboplatin", "trastuzumab"],
    intent: "adjuvant",
    cycleLengthDays: 21,
    plannedCycles: 6,
    startDate: "2026-01-05",
    stoppedOn: null,
    cycles: [],
  };
  const doses = (plan: TreatmentPlanView | null, n: number) =>
    plan?.cycles.find((c) => c.cycleNumber === n)?.agentDoses?.map((d) => [d.agent, d.dosePercent, d.reason]);

  test("docetaxel and carboplatin are reduced while trastuzumab stays at 100%, each with its reason, as a version", async () => {
    const created = await save(USER.nurseA1, { patientId: HER2, plan: TCH });
    const plan = (await current(USER.nurseA1, HER2)) as TreatmentPlanView;
    // A new plan has every agent at the full dose.
    expect(doses(plan, 2)).toEqual([
      ["docetaxel", 100, null],
      ["carboplatin", 100, null],
      ["trastuzumab", 100, null],
    ]);
    const next = edit(
      plan,
      setCycle(2, {
        agentDoses: [
          { agent: "docetaxel", dosePercent: 80, reason: "Grade 2 peripheral neuropathy" },
          { agent: "carboplatin", dosePercent: 80, reason: null },
          { agent: "trastuzumab", dosePercent: 100, reason: null },
        ],
      }),
    );
    // Only an oncologist who may see the patient can be named as having decided it.
    for (const notAPrescriber of [USER.nurseA1, USER.adminA, USER.nurseB]) {
      const wrong = await rejection(
        save(USER.nurseA1, {
          patientId: HER2,
          planId: created.planId,
          expectedVersion: 1,
          plan: next,
          reason: "Toxicity after cycle 1",
          decidedBy: notAPrescriber,
        }),
      );
      expect(wrong.fields).toEqual([
        { field: "decidedBy", message: "Choose the clinician who decided from the list." },
      ]);
    }
    const saved = await save(USER.nurseA1, {
      patientId: HER2,
      planId: created.planId,
      expectedVersion: 1,
      plan: next,
      reason: "Toxicity after cycle 1",
      decidedBy: USER.oncologistA1,
    });
    expect(saved.version).toBe(2);
    expect(saved.changes.map(describeChange)).toEqual([
      "Cycle 2 docetaxel dose: 100% → 80% (Grade 2 peripheral neuropathy)",
      "Cycle 2 carboplatin dose: 100% → 80% (Toxicity after cycle 1)",
    ]);

    const after = await current(USER.oncologistA1, HER2);
    // A reduced dose without its own reason has the change's; the cycle's level is its highest dose.
    expect(doses(after, 2)).toEqual([
      ["docetaxel", 80, "Grade 2 peripheral neuropathy"],
      ["carboplatin", 80, "Toxicity after cycle 1"],
      ["trastuzumab", 100, null],
    ]);
    expect(after?.cycles[1].dosePercent).toBe(100);
    expect(doses(after, 3)?.map((d) => d[1])).toEqual([100, 100, 100]);

    const history = await as(db, USER.oncologistA1, (tx) => listPlanVersions(tx, { planId: created.planId }));
    expect(history[0].changes.map(describeChange)).toEqual(saved.changes.map(describeChange));
    expect(history[0].decidedBy?.id).toBe(USER.oncologistA1);
    const rows = await versionRows(created.planId);
    expect(json(rows[1].previous).cycles[1].agentDoses?.map((d) => d.dosePercent)).toEqual([100, 100, 100]);
    expect(json(rows[1].current).cycles[1].agentDoses?.map((d) => d.dosePercent)).toEqual([80, 80, 100]);

    // As stored: one row per agent of each cycle, cycle 2's with their reasons.
    const stored = await db.asOwner((owner) =>
      rowsOf<{ agent: string; dose_percent: number; reason: string | null }>(
        owner,
        sql`select d.agent, d.dose_percent, d.reason from treatment_cycle_doses d
            join treatment_cycles c on c.id = d.cycle_id
            where c.plan_id = ${created.planId} and c.cycle_number = 2 order by d.dose_percent, d.agent`,
      ),
    );
    expect(stored.map((r) => [r.agent, Number(r.dose_percent), r.reason])).toEqual([
      ["carboplatin", 80, "Toxicity after cycle 1"],
      ["docetaxel", 80, "Grade 2 peripheral neuropathy"],
      ["trastuzumab", 100, null],
    ]);
  });

  test("a cycle stored with one dose level reads as every agent at that level", async () => {
    // The fixture's cycle of P1 has a row for epirubicin only, as a cycle from before doses per agent.
    const plan = await current(USER.nurseA1, PATIENT.P1);
    expect(doses(plan, 1)).toEqual([
      ["epirubicin", 100, null],
      ["cyclophosphamide", 100, null],
    ]);
  });

  test("'Decided by' offers the oncologists who may see the patient, to a caller who may see them", async () => {
    const forP1 = await as(db, USER.nurseA1, (tx) => listPrescribers(tx, { patientId: PATIENT.P1 }));
    expect(forP1.map((p) => p.id)).toContain(USER.oncologistA1);
    expect(forP1.map((p) => p.id)).not.toContain(USER.nurseA1);
    expect(forP1.map((p) => p.id)).not.toContain(USER.nurseA2);
    // P3 is another team's patient: nurse A1 learns nothing about who may see them.
    expect(await as(db, USER.nurseA1, (tx) => listPrescribers(tx, { patientId: PATIENT.P3 }))).toEqual([]);
  });
});

describe("the migration to doses per agent", () => {
  // Last in this file: it empties treatment_cycle_doses and fills it again as the migration did.
  test("gives every agent of each stored cycle that cycle's one percentage", async () => {
    const migration = readFileSync(join(process.cwd(), "db/migrations/0017_dose_per_agent.sql"), "utf8");
    const backfill = migration.split("--> statement-breakpoint").at(-1) ?? "";
    expect(backfill).toContain('INSERT INTO "treatment_cycle_doses"');
    const rows = await db.asOwner(async (owner) => {
      // The cycles as they were before: one percentage each, which the migration found.
      await owner.execute(sql`delete from treatment_cycle_doses`);
      await owner.execute(sql`update treatment_cycles set dose_percent = 75
        where plan_id = ${fixtureId("P1:plan")} and cycle_number = 1`);
      await owner.execute(sql.raw(backfill));
      return rowsOf<{ agent: string; dose_percent: number; cycles: number; doses: number }>(
        owner,
        sql`select d.agent, d.dose_percent, count(*)::int as cycles,
                   (select count(*)::int from treatment_cycle_doses) as doses
            from treatment_cycle_doses d join treatment_cycles c on c.id = d.cycle_id
            where c.plan_id = ${fixtureId("P1:plan")} and c.cycle_number = 1
            group by d.agent, d.dose_percent order by d.agent`,
      );
    });
    expect(rows.map((r) => [r.agent, Number(r.dose_percent), r.cycles])).toEqual([
      ["cyclophosphamide", 75, 1],
      ["epirubicin", 75, 1],
    ]);
    const [{ expected }] = await db.asOwner((owner) =>
      rowsOf<{ expected: number }>(
        owner,
        sql`select coalesce(sum(cardinality(array(select distinct unnest(p.drugs)))), 0)::int as expected
            from treatment_cycles c join treatment_plans p on p.id = c.plan_id`,
      ),
    );
    expect(rows[0].doses).toBe(expected);
    // And the plan reads as before: every agent at the cycle's level.
    const plan = await current(USER.nurseA1, PATIENT.P1);
    expect(plan?.cycles[0].agentDoses?.map((d) => [d.agent, d.dosePercent])).toEqual([
      ["epirubicin", 75],
      ["cyclophosphamide", 75],
    ]);
  });
});
