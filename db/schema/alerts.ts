import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { ofParentPatient, requiredRef, timestamptz, timestamptzNow, uuidKey } from "./columns";
import { alertSeverity, alertStatus } from "./enums";
import { careTeams } from "./organisations";
import { patients } from "./patients";
import { symptomReports } from "./reports";
import { users } from "./users";

/** A report that needs the care team: red or amber, with every reason in plain words. */
export const alerts = pgTable(
  "alerts",
  {
    id: uuidKey(),
    patientId: requiredRef(() => patients.id),
    careTeamId: requiredRef(() => careTeams.id),
    reportId: uuid().notNull().unique(),
    severity: alertSeverity().notNull(),
    reasons: text().array().notNull(),
    status: alertStatus().notNull().default("open"),
    raisedAt: timestamptzNow(),
    dueAt: timestamptz().notNull(),
    assignedTo: uuid().references(() => users.id),
    acknowledgedBy: uuid().references(() => users.id),
    acknowledgedAt: timestamptz(),
    resolvedBy: uuid().references(() => users.id),
    resolvedAt: timestamptz(),
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
    // Raised on a report of the alert's own patient; its events name it with that patient.
    ofParentPatient(
      "alerts_report_patient_fk",
      [t.reportId, t.patientId],
      [symptomReports.id, symptomReports.patientId],
    ),
    unique("alerts_id_patient_key").on(t.id, t.patientId),
  ],
);

/** What happened to an alert: acknowledged, assigned, noted, resolved, reopened. */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: uuidKey(),
    alertId: uuid().notNull(),
    patientId: requiredRef(() => patients.id),
    userId: requiredRef(() => users.id),
    kind: text({ enum: ["acknowledged", "assigned", "note", "resolved", "reopened"] }).notNull(),
    note: text(),
    outcomeCodes: text().array(),
    createdAt: timestamptzNow(),
  },
  (t) => [
    index().on(t.alertId, t.createdAt),
    index().on(t.patientId),
    index().on(t.userId),
    ofParentPatient("alert_events_alert_patient_fk", [t.alertId, t.patientId], [alerts.id, alerts.patientId]),
  ],
);
