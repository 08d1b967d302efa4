/**
 * A treatment plan for every demo patient, with cycles on the same days as the symptom reports of
 * db/seed-reports.ts (21-day cycles, the first one on the patient's `firstCycleDay`), and a history
 * of versions: the plan as created, then one version per cycle given, by the team's nurse. Where the
 * reports show a reason to, the oncologist reduced the dose: for neuropathy reaching grade 2, the
 * agents that cause it (the taxanes and platinums that do) and no other; after a febrile episode,
 * every agent.
 *
 * Deterministic (the same PRNG draws as seed-reports, stable ids) and run as the owner, after
 * `seedDemoData`. Idempotent: a patient who already has a plan is left alone. Multi-row inserts.
 */
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import * as t from "@/db/schema";
import { stableId } from "@/db/stable-id";
import { DEFAULT_REMINDER_DAYS } from "@/lib/notifications/reminders";
import { type CycleFacts, cycleStartedOn } from "@/lib/treatment/cycles";
import { addDays, clinicDate, type IsoDate } from "@/lib/treatment/dates";
import { agentDosesOf, cycleDoseLevel } from "@/lib/treatment/doses";
import type { PlanIntent, PlanSnapshot } from "@/lib/treatment/plan";
import { DEMO_ORG_ID, DEMO_PATIENT_COUNT, DEMO_TEAMS, demoPatientId, demoPatientsWithout, demoStaffId } from "./seed";
import { DEMO_CYCLE_DAYS, DEMO_REPORT_DAYS, demoProfile } from "./seed-reports";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const REPORT_DAYS = DEMO_REPORT_DAYS;
const CYCLE_DAYS = DEMO_CYCLE_DAYS;
/** The day (of the report window) each neuropathy patient's numbness reaches grade 2 (db/seed-reports.ts). */
const NEUROPATHY_GRADE_2_FROM: Record<number, number> = { 4: 29, 13: 27, 22: 47, 31: 22 };

/** The agents whose dose is reduced for peripheral neuropathy, where the regimen has one. */
const NEUROTOXIC = new Set(["docetaxel", "paclitaxel", "oxaliplatin", "cisplatin"]);

/** `reminderDays`: the days of each cycle the patient reports daily (DEFAULT_REMINDER_DAYS unless said). */
type Regimen = { regimen: string; drugs: string[]; intent: PlanIntent; cycles: number; reminderDays?: number };
const REGIMENS: Record<string, Regimen> = {
  "Breast cancer, HER2-positive": {
    regimen: "TCH (docetaxel, carboplatin, trastuzumab)",
    drugs: ["docetaxel", "carboplatin", "trastuzumab"],
    intent: "adjuvant",
    cycles: 6,
  },
  "Breast cancer, triple negative": {
    regimen: "EC (epirubicin, cyclophosphamide)",
    drugs: ["epirubicin", "cyclophosphamide"],
    intent: "neoadjuvant",
    cycles: 4,
  },
  "Ovarian cancer": {
    regimen: "Carboplatin and paclitaxel",
    drugs: ["carboplatin", "paclitaxel"],
    intent: "adjuvant",
    cycles: 6,
  },
  "Breast cancer, ER-positive": {
    regimen: "FEC (fluorouracil, epirubicin, cyclophosphamide)",
    drugs: ["fluorouracil", "epirubicin", "cyclophosphamide"],
    intent: "adjuvant",
    cycles: 6,
  },
  "Non-small cell lung cancer": {
    regimen: "Cisplatin and pemetrexed",
    drugs: ["cisplatin", "pemetrexed"],
    intent: "palliative",
    cycles: 4,
  },
  "Small cell lung cancer": {
    regimen: "Carboplatin and etoposide",
    drugs: ["carboplatin", "etoposide"],
    intent: "curative",
    cycles: 6,
  },
  "Oesophageal cancer": {
    regimen: "ECX (epirubicin, cisplatin, capecitabine)",
    drugs: ["epirubicin", "cisplatin", "capecitabine"],
    intent: "neoadjuvant",
    cycles: 4,
  },
  "Gastric cancer": {
    regimen: "CAPOX (capecitabine, oxaliplatin)",
    drugs: ["capecitabine", "oxaliplatin"],
    intent: "palliative",
    cycles: 6,
    // Capecitabine is taken for the first 14 days of each cycle, and so is the daily report.
    reminderDays: 14,
  },
};
const FALLBACK: Regimen = REGIMENS["Breast cancer, ER-positive"];

type Version = {
  at: Date;
  by: string;
  decidedBy: string | null;
  reason: string | null;
  snapshot: PlanSnapshot;
};

/** The plan's story: created a week before cycle 1, then each cycle given on its day (with any reduction). */
function planHistory(index: number, regimen: Regimen, now: Date, team: "1" | "2"): Version[] {
  const { firstCycleDay, febrileDay } = demoProfile(index);
  const windowStart = now.getTime() - (REPORT_DAYS - 1) * DAY_MS;
  const dayDate = (day: number): IsoDate => clinicDate(new Date(windowStart + day * DAY_MS));
  const today = REPORT_DAYS - 1;
  const nurse = demoStaffId(`nurse${team}`);
  const oncologist = demoStaffId(`oncologist${team}`);
  const startDays = Array.from({ length: regimen.cycles }, (_, k) => firstCycleDay + k * CYCLE_DAYS);
  const startDate = dayDate(startDays[0]);
  let snapshot: PlanSnapshot = {
    regimen: regimen.regimen,
    drugs: regimen.drugs,
    intent: regimen.intent,
    cycleLengthDays: CYCLE_DAYS,
    plannedCycles: regimen.cycles,
    startDate,
    stoppedOn: null,
    cycles: startDays.map((day, k) => ({
      cycleNumber: k + 1,
      plannedDate: dayDate(day),
      givenDate: null,
      dosePercent: 100,
      agentDoses: regimen.drugs.map((agent) => ({ agent, dosePercent: 100, reason: null })),
      status: "planned",
      reason: null,
    })),
  };
  const versions: Version[] = [
    {
      at: new Date(Date.parse(`${addDays(startDate, -7)}T10:30:00Z`)),
      by: oncologist,
      decidedBy: null,
      reason: "New treatment plan agreed at the multidisciplinary meeting.",
      snapshot,
    },
  ];
  let reduced = false;
  startDays.forEach((day, k) => {
    if (day > today) return;
    const neuropathyFrom = NEUROPATHY_GRADE_2_FROM[index];
    const afterNeuropathy = neuropathyFrom !== undefined && day >= neuropathyFrom;
    const afterFever = febrileDay !== null && day > febrileDay;
    const reduceNow = !reduced && k > 0 && (afterNeuropathy || afterFever);
    const given = dayDate(day);
    const at = new Date(Date.parse(`${given}T09:15:00Z`));
    if (reduceNow) {
      reduced = true;
      const neurotoxic = regimen.drugs.filter((d) => NEUROTOXIC.has(d));
      const lowered = afterNeuropathy && neurotoxic.length > 0 ? neurotoxic : regimen.drugs;
      const [why, agentReason] = afterNeuropathy
        ? ["for grade 2 numbness and tingling (peripheral neuropathy)", "Grade 2 peripheral neuropathy"]
        : ["after neutropenic fever in the previous cycle", "Neutropenic fever in the previous cycle"];
      const reason =
        lowered.length < regimen.drugs.length
          ? `${capitalise(lowered.join(" and "))} reduced to 80% ${why}; the other agents continue at full dose.`
          : `Dose reduced to 80% ${why}.`;
      const agentDoses = regimen.drugs.map((agent) =>
        lowered.includes(agent)
          ? { agent, dosePercent: 80, reason: agentReason }
          : { agent, dosePercent: 100, reason: null },
      );
      snapshot = {
        ...snapshot,
        cycles: snapshot.cycles.map((c) =>
          c.cycleNumber > k ? { ...c, agentDoses, dosePercent: cycleDoseLevel(agentDoses, 100) } : c,
        ),
      };
      versions.push({
        at: new Date(at.getTime() - 2 * HOUR_MS),
        by: oncologist,
        decidedBy: oncologist,
        reason,
        snapshot,
      });
    }
    snapshot = {
      ...snapshot,
      cycles: snapshot.cycles.map((c) => (c.cycleNumber === k + 1 ? { ...c, status: "given", givenDate: given } : c)),
    };
    versions.push({ at, by: nurse, decidedBy: null, reason: `Cycle ${k + 1} given.`, snapshot });
  });
  return versions;
}

/**
 * Adds a plan (with its cycles and versions) for every demo patient who has none. Returns how many
 * plans it stored; zero when there is nothing to do.
 */
export async function seedDemoTreatment(db: Database, now = new Date()): Promise<{ plans: number }> {
  const byId = await demoPatientsWithout(db, t.treatmentPlans, t.treatmentPlans.patientId);

  const plans: (typeof t.treatmentPlans.$inferInsert)[] = [];
  const cycles: (typeof t.treatmentCycles.$inferInsert)[] = [];
  const versions: (typeof t.treatmentPlanVersions.$inferInsert)[] = [];
  const doses: (typeof t.treatmentCycleDoses.$inferInsert)[] = [];
  for (let index = 0; index < DEMO_PATIENT_COUNT; index++) {
    const patient = byId.get(demoPatientId(index));
    if (!patient) continue;
    const team = patient.careTeamId === DEMO_TEAMS.breast.id ? "1" : "2";
    const regimen = REGIMENS[patient.diagnosis] ?? FALLBACK;
    const history = planHistory(index, regimen, now, team);
    const planId = stableId(`demo-plan:${index}`);
    const last = history[history.length - 1];
    plans.push({
      id: planId,
      patientId: patient.id,
      regimen: last.snapshot.regimen,
      drugs: last.snapshot.drugs,
      intent: last.snapshot.intent,
      cycleLengthDays: last.snapshot.cycleLengthDays,
      plannedCycles: last.snapshot.plannedCycles,
      startDate: last.snapshot.startDate,
      reminderDays: regimen.reminderDays ?? DEFAULT_REMINDER_DAYS,
      version: history.length,
      updatedBy: last.by,
      updatedAt: last.at,
    });
    for (const c of last.snapshot.cycles as CycleFacts[]) {
      const cycleId = stableId(`demo-cycle:${index}:${c.cycleNumber}`);
      for (const d of agentDosesOf(c, regimen.drugs)) {
        doses.push({
          id: stableId(`demo-cycle-dose:${index}:${c.cycleNumber}:${d.agent}`),
          cycleId,
          patientId: patient.id,
          agent: d.agent,
          dosePercent: d.dosePercent,
          reason: d.reason,
        });
      }
      cycles.push({
        id: cycleId,
        planId,
        patientId: patient.id,
        cycleNumber: c.cycleNumber,
        plannedDate: c.plannedDate,
        givenDate: cycleStartedOn(c) === null ? null : c.givenDate,
        dosePercent: c.dosePercent,
        status: c.status,
        reason: c.reason,
      });
    }
    history.forEach((v, i) => {
      versions.push({
        id: stableId(`demo-plan-version:${index}:${i + 1}`),
        planId,
        patientId: patient.id,
        version: i + 1,
        changedBy: v.by,
        reason: v.reason,
        previous: i === 0 ? null : history[i - 1].snapshot,
        current: { ...v.snapshot, decidedBy: v.decidedBy },
        changedAt: v.at,
      });
    });
  }
  if (plans.length === 0) return { plans: 0 };

  await db.transaction(async (tx) => {
    await tx.insert(t.treatmentPlans).values(plans);
    await tx.insert(t.treatmentCycles).values(cycles);
    await tx.insert(t.treatmentCycleDoses).values(doses);
    await tx.insert(t.treatmentPlanVersions).values(versions);
    await tx.execute(sql`insert into audit_events (action, organisation_id, outcome, details)
      values ('demo_treatment_seeded', ${DEMO_ORG_ID}, 'allowed', ${JSON.stringify({ plans: plans.length })}::jsonb)`);
  });
  return { plans: plans.length };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
