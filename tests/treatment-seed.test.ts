/**
 * The demo treatment plans (db/seed-treatment.ts) agree with the demo reports (db/seed-reports.ts):
 * every patient's cycles are given on the days their reports treat as treatment days, so the record's
 * cycle markers, day of cycle and toxicity grid line up with the symptoms. Idempotent.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { listPlanVersions } from "../db/queries/treatment-history";
import { findCurrentPlan, type TreatmentPlanView } from "../db/queries/treatment-plans";
import { cycleOfDay, cyclePosition, cycleWindows } from "../lib/treatment/cycles";
import { clinicDate, daysBetween } from "../lib/treatment/dates";
import { DEMO_PATIENT_COUNT, demoPatientId, demoStaffId, seedDemoData } from "../server/demo/seed";
import { seedDemoReports } from "../server/demo/seed-reports";
import { seedDemoTreatment } from "../server/demo/seed-treatment";
import { rowsOf } from "./support/database";
import { as } from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("treatment_seed", { fixtures: false });
// Late afternoon, so reports (made up to six hours before this time of day) keep their calendar day.
const NOW = new Date("2026-06-15T16:00:00Z");

beforeAll(async () => {
  await db.asOwner(async (owner) => {
    await seedDemoData(owner, NOW);
    await seedDemoReports(owner, NOW);
  });
});

describe("demo treatment plans", () => {
  test("one plan per demo patient, multi-row and idempotent", async () => {
    expect(await db.asOwner((owner) => seedDemoTreatment(owner, NOW))).toEqual({ plans: DEMO_PATIENT_COUNT });
    expect(await db.asOwner((owner) => seedDemoTreatment(owner, NOW))).toEqual({ plans: 0 });
    const [counts] = await db.asOwner((owner) =>
      rowsOf<{ plans: number; lengths: number[] }>(
        owner,
        sql`select count(*)::int as plans, array_agg(distinct cycle_length_days)::int[] as lengths from treatment_plans`,
      ),
    );
    expect(counts.plans).toBe(DEMO_PATIENT_COUNT);
    expect(counts.lengths).toEqual([21]);
  });

  test("nausea of grade 2 or more falls on days 2 to 4 of a cycle, as the reports were made", async () => {
    const rows = await db.asOwner((owner) =>
      rowsOf<{ patient_id: string; reported_at: string | Date }>(
        owner,
        sql`select patient_id, reported_at from symptom_grades where symptom = 'nausea' and grade >= 2`,
      ),
    );
    expect(rows.length).toBeGreaterThan(20);
    const plans = new Map<string, TreatmentPlanView>();
    for (let i = 0; i < DEMO_PATIENT_COUNT; i++) {
      const team = i % 2 === 0 ? "1" : "2";
      const plan = await as(db, demoStaffId(`oncologist${team}`), (tx) =>
        findCurrentPlan(tx, { patientId: demoPatientId(i) }),
      );
      if (plan) plans.set(plan.patientId, plan);
    }
    // Patient 4's consent to the team has expired, so the oncologist cannot read that plan.
    expect(plans.size).toBe(DEMO_PATIENT_COUNT - 1);
    let checked = 0;
    for (const row of rows) {
      const plan = plans.get(row.patient_id);
      if (!plan) continue;
      const day = clinicDate(new Date(row.reported_at));
      const cycle = cycleOfDay(day, cycleWindows(plan));
      expect(typeof cycle).toBe("number");
      const window = cycleWindows(plan).find((w) => w.cycleNumber === cycle);
      const dayOfCycle = daysBetween(window?.from as string, day) + 1;
      expect(dayOfCycle).toBeGreaterThanOrEqual(2);
      expect(dayOfCycle).toBeLessThanOrEqual(4);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  test("every patient is in treatment today, and their history explains each version", async () => {
    const plan = (await as(db, demoStaffId("oncologist1"), (tx) =>
      findCurrentPlan(tx, { patientId: demoPatientId(4 + 2) }),
    )) as TreatmentPlanView;
    const position = cyclePosition(plan, clinicDate(NOW));
    expect(position.kind).toBe("in_cycle");
    const history = await as(db, demoStaffId("nurse1"), (tx) => listPlanVersions(tx, { planId: plan.id }));
    expect(history.at(-1)?.created).not.toBeNull();
    expect(history.every((v) => !v.unreadable)).toBe(true);
    expect(history.length).toBe(plan.version);
  });

  test("the neuropathy patient's dose was reduced by the oncologist, with the reason", async () => {
    const plan = (await as(db, demoStaffId("oncologist1"), (tx) =>
      findCurrentPlan(tx, { patientId: demoPatientId(22) }),
    )) as TreatmentPlanView;
    const history = await as(db, demoStaffId("oncologist1"), (tx) => listPlanVersions(tx, { planId: plan.id }));
    const reduction = history.find((v) => v.changes.some((c) => c.kind === "dose_reduced"));
    expect(reduction).toMatchObject({
      decidedBy: { id: demoStaffId("oncologist1") },
      reason: expect.stringMatching(/neuropathy|neutropenic fever/),
    });
    // Patient 22 is on carboplatin and paclitaxel: only the taxane, which causes the neuropathy, is reduced.
    expect(plan.drugs).toEqual(["carboplatin", "paclitaxel"]);
    expect(reduction?.reason).toBe(
      "Paclitaxel reduced to 80% for grade 2 numbness and tingling (peripheral neuropathy); the other agents continue at full dose.",
    );
    const last = plan.cycles.at(-1);
    expect(last?.agentDoses).toEqual([
      { agent: "carboplatin", dosePercent: 100, reason: null },
      { agent: "paclitaxel", dosePercent: 80, reason: "Grade 2 peripheral neuropathy" },
    ]);
  });
});
