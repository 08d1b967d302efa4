import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { alertSeverity, alertStatus } from "./enums";
import { careTeams } from "./organisations";
import { patients } from "./patients";
import { symptomReports } from "./reports";
import { users } from "./users";

/** A report that needs the care team: red or amber, with every reason in plain words. */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    careTeamId: uuid()
      .notNull()
      .references(() => careTeams.id),
    reportId: uuid()
      .notNull()
      .unique()
      .references(() => symptomReports.id),
    severity: alertSeverity().notNull(),
    reasons: text().array().notNull(),
    status: alertStatus().notNull().default("open"),
    raisedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    assignedTo: uuid().references(() => users.id),
    acknowledgedBy: uuid().references(() => users.id),
    acknowledgedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => users.id),
    resolvedAt: timestamp({ withTimezone: true }),
    outcomeCodes: text().array().notNull().default(sql`'{}'::text[]`),
    /** Bumped on every change so that two clinicians acting at once cannot both win. */
    version: integer().notNull().default(1),
  },
  (t) => [
    index().on(t.patientId, t.raisedAt),
    // The triage queue: open work by team, red first, least time left first.
    index("alerts_queue_idx").on(t.careTeamId, t.status, t.severity, t.dueAt),
    index("alerts_open_due_idx").on(t.status, t.dueAt),
    // What the queue reads under RLS: enum comparisons are not leakproof, so `status` can never be an
    // index condition there; this partial index keeps resolved history out of the scan instead, and
    // (care_team_id, patient_id) lets the policy's `patient_id = ANY(readable)` probe it directly.
    index("alerts_active_team_patient_idx").on(t.careTeamId, t.patientId).where(sql`${t.status} <> 'resolved'`),
    index().on(t.assignedTo),
  ],
);

/** What happened to an alert: acknowledged, assigned, noted, resolved, reopened. */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    alertId: uuid()
      .notNull()
      .references(() => alerts.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    kind: text({ enum: ["acknowledged", "assigned", "note", "resolved", "reopened"] }).notNull(),
    note: text(),
    outcomeCodes: text().array(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.alertId, t.createdAt), index().on(t.patientId), index().on(t.userId)],
);
