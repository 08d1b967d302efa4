import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ofParentPatient, requiredRef, timestamptz, timestamptzNow, uuidKey } from "./columns";
import { alertSeverity, alertStatus } from "./enums";
import { careTeams } from "./organisations";
import { patients } from "./patients";
import { symptomReports } from "./reports";
import { users } from "./users";

/**
 * An alert episode: the care team's work on one patient's red or amber reports, with every reason in
 * plain words. A patient has at most one active (open or acknowledged) alert; a red or amber report
 * while it is active joins it (alert_reports, lib/alerts/episodes.ts) rather than raising another.
 * `report_id` is the report that raised it.
 */
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
    /** How many reports the episode holds, the one that raised it included. */
    reportCount: integer().notNull().default(1),
    /** When its latest report came in. */
    lastReportedAt: timestamptzNow(),
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
    // The episode rule: at most one active alert per patient. Concurrent reports meet here
    // (INSERT ... ON CONFLICT on this index, db/queries/alert-episodes.ts).
    uniqueIndex("alerts_one_active_per_patient").on(t.patientId).where(sql`${t.status} <> 'resolved'`),
  ],
);

/**
 * Every report of an episode, the one that raised it included, with what triage said about that
 * report alone (its level, reasons and response target): the episode's own level and reasons are
 * the worst and latest, these are each report's.
 */
export const alertReports = pgTable(
  "alert_reports",
  {
    reportId: uuid().primaryKey(),
    alertId: uuid().notNull(),
    patientId: requiredRef(() => patients.id),
    severity: alertSeverity().notNull(),
    reasons: text().array().notNull(),
    responseMinutes: integer().notNull(),
    addedAt: timestamptzNow(),
  },
  (t) => [
    index().on(t.alertId, t.addedAt),
    index().on(t.patientId),
    // A report of the episode's own patient, joined to an episode of that patient.
    ofParentPatient(
      "alert_reports_report_patient_fk",
      [t.reportId, t.patientId],
      [symptomReports.id, symptomReports.patientId],
    ),
    ofParentPatient("alert_reports_alert_patient_fk", [t.alertId, t.patientId], [alerts.id, alerts.patientId]),
  ],
);

/**
 * What happened to an alert: reports added, escalated, acknowledged, assigned, noted, resolved,
 * reopened; and the people its notifications reached (`notified`, `escalation_notified`, written by
 * the notification worker; `user_id` is the person called).
 */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: uuidKey(),
    alertId: uuid().notNull(),
    patientId: requiredRef(() => patients.id),
    userId: requiredRef(() => users.id),
    /** `report_added` and `escalated` are written by the report's transaction; `user_id` is its submitter. */
    kind: text({
      enum: [
        "acknowledged",
        "assigned",
        "note",
        "resolved",
        "reopened",
        "report_added",
        "escalated",
        "notified",
        "escalation_notified",
      ],
    }).notNull(),
    /** The report a `report_added` or `escalated` event is about. */
    reportId: uuid(),
    note: text(),
    outcomeCodes: text().array(),
    /**
     * For `notified` and `escalation_notified`: the channels that reached the person (`email`,
     * `push`), as the notification worker recorded them. Null for every other kind, and for
     * events recorded before the channels were kept.
     */
    channels: text().array(),
    createdAt: timestamptzNow(),
  },
  (t) => [
    index().on(t.alertId, t.createdAt),
    index().on(t.patientId),
    index().on(t.userId),
    ofParentPatient("alert_events_alert_patient_fk", [t.alertId, t.patientId], [alerts.id, alerts.patientId]),
    // The report a report_added or escalated event is about is the same patient's.
    ofParentPatient(
      "alert_events_report_patient_fk",
      [t.reportId, t.patientId],
      [symptomReports.id, symptomReports.patientId],
    ),
  ],
);
