import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ofParentPatient, requiredRef, timestamptz, timestamptzNow, uuidKey } from "./columns";
import { cycleStatus } from "./enums";
import { patients } from "./patients";
import { users } from "./users";

export const treatmentPlans = pgTable(
  "treatment_plans",
  {
    id: uuidKey(),
    patientId: requiredRef(() => patients.id),
    regimen: text().notNull(),
    drugs: text().array().notNull(),
    intent: text({ enum: ["curative", "adjuvant", "neoadjuvant", "palliative"] }).notNull(),
    cycleLengthDays: smallint().notNull(),
    plannedCycles: smallint().notNull(),
    startDate: date().notNull(),
    /**
     * The regimen's reporting schedule: the patient is reminded to report daily during the first
     * `reminderDays` days of each cycle (0: no reminders).
     */
    reminderDays: smallint().notNull().default(7),
    stoppedAt: timestamptz(),
    version: integer().notNull().default(1),
    updatedBy: uuid().references(() => users.id),
    updatedAt: timestamptzNow(),
  },
  (t) => [
    index().on(t.patientId),
    check("treatment_plans_cycle_length", sql`${t.cycleLengthDays} between 1 and 365`),
    check("treatment_plans_planned_cycles", sql`${t.plannedCycles} between 1 and 100`),
    check("treatment_plans_reminder_days", sql`${t.reminderDays} between 0 and ${t.cycleLengthDays}`),
    // Cycles and versions name their plan with its patient (ofParentPatient).
    unique("treatment_plans_id_patient_key").on(t.id, t.patientId),
  ],
);

export const treatmentCycles = pgTable(
  "treatment_cycles",
  {
    id: uuidKey(),
    planId: uuid().notNull(),
    patientId: requiredRef(() => patients.id),
    cycleNumber: smallint().notNull(),
    plannedDate: date().notNull(),
    givenDate: date(),
    dosePercent: smallint().notNull().default(100),
    status: cycleStatus().notNull().default("planned"),
    reason: text(),
  },
  (t) => [
    uniqueIndex("treatment_cycles_plan_number_key").on(t.planId, t.cycleNumber),
    ofParentPatient(
      "treatment_cycles_plan_patient_fk",
      [t.planId, t.patientId],
      [treatmentPlans.id, treatmentPlans.patientId],
    ),
    index().on(t.patientId),
    check("treatment_cycles_dose", sql`${t.dosePercent} between 0 and 100`),
    // Agents' doses name their cycle with its patient (ofParentPatient).
    unique("treatment_cycles_id_patient_key").on(t.id, t.patientId),
  ],
);

/**
 * The dose of one agent of the plan in one cycle, as a percentage of its full dose, and why it
 * differs from the full dose: docetaxel and carboplatin may be reduced while trastuzumab stays at
 * 100%. The cycle's `dose_percent` is the highest of its agents' (0: nothing given).
 */
export const treatmentCycleDoses = pgTable(
  "treatment_cycle_doses",
  {
    id: uuidKey(),
    cycleId: uuid().notNull(),
    patientId: requiredRef(() => patients.id),
    /** The agent as the plan's `drugs` names it. */
    agent: text().notNull(),
    dosePercent: smallint().notNull().default(100),
    reason: text(),
  },
  (t) => [
    uniqueIndex("treatment_cycle_doses_cycle_agent_key").on(t.cycleId, t.agent),
    ofParentPatient(
      "treatment_cycle_doses_cycle_patient_fk",
      [t.cycleId, t.patientId],
      [treatmentCycles.id, treatmentCycles.patientId],
    ),
    index().on(t.patientId),
    check("treatment_cycle_doses_dose", sql`${t.dosePercent} between 0 and 100`),
  ],
);

/** Every saved change to a plan, with the values before it, who decided it and why. */
export const treatmentPlanVersions = pgTable(
  "treatment_plan_versions",
  {
    id: uuidKey(),
    planId: uuid().notNull(),
    patientId: requiredRef(() => patients.id),
    version: integer().notNull(),
    changedBy: requiredRef(() => users.id),
    reason: text(),
    previous: jsonb(),
    current: jsonb().notNull(),
    changedAt: timestamptzNow(),
  },
  (t) => [
    uniqueIndex("treatment_plan_versions_plan_version_key").on(t.planId, t.version),
    index().on(t.patientId),
    ofParentPatient(
      "treatment_plan_versions_plan_patient_fk",
      [t.planId, t.patientId],
      [treatmentPlans.id, treatmentPlans.patientId],
    ),
  ],
);
