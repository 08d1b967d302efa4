/**
 * The tables the scale seed streams, their columns in COPY order, and the streams themselves.
 */
import type postgres from "postgres";
import { CopyStream } from "./copy";

/** The ordered-id table codes (world.ts orderedId). */
export const TABLE = { report: 1, alert: 2, alertEvent: 3, cycle: 4, consent: 5, plan: 6 } as const;

export const COLUMNS = {
  users: ["id", "organisation_id", "kind", "email", "display_name", "created_at"],
  patients: [
    "id",
    "organisation_id",
    "hospital_number",
    "given_name",
    "family_name",
    "date_of_birth",
    "diagnosis",
    "primary_care_team_id",
    "user_id",
    "created_at",
  ],
  treatment_plans: [
    "id",
    "patient_id",
    "regimen",
    "drugs",
    "intent",
    "cycle_length_days",
    "planned_cycles",
    "start_date",
    "updated_by",
    "updated_at",
  ],
  treatment_cycles: [
    "id",
    "plan_id",
    "patient_id",
    "cycle_number",
    "planned_date",
    "given_date",
    "dose_percent",
    "status",
  ],
  consent_rules: [
    "id",
    "patient_id",
    "grantee_user_id",
    "grantee_care_team_id",
    "effect",
    "categories",
    "valid_from",
    "valid_until",
    "revoked_at",
    "created_by",
    "created_at",
    // Set by a trigger on ordinary inserts; the bulk load skips triggers, so it is written here.
    "patient_organisation_id",
  ],
  symptom_reports: [
    "id",
    "patient_id",
    "source",
    "submitted_by",
    "reported_at",
    "temperature_c",
    "red_flags",
    "can_wait",
    "note",
    "created_at",
  ],
  symptom_answers: ["report_id", "patient_id", "symptom", "attribute", "value"],
  symptom_grades: ["report_id", "patient_id", "symptom", "grade", "reported_at"],
  alerts: [
    "id",
    "patient_id",
    "care_team_id",
    "report_id",
    "severity",
    "reasons",
    "status",
    "raised_at",
    "due_at",
    "assigned_to",
    "acknowledged_by",
    "acknowledged_at",
    "resolved_by",
    "resolved_at",
    "outcome_codes",
    "version",
    "report_count",
    "last_reported_at",
  ],
  alert_reports: ["report_id", "alert_id", "patient_id", "severity", "reasons", "response_minutes", "added_at"],
  alert_events: ["id", "alert_id", "patient_id", "user_id", "kind", "note", "outcome_codes", "created_at", "report_id"],
  audit_events: [
    "id",
    "occurred_at",
    "organisation_id",
    "actor_user_id",
    "actor_role",
    "action",
    "patient_id",
    "resource_type",
    "resource_id",
    "outcome",
    "details",
    "prev_hash",
    "hash",
  ],
} as const;

export type Streams = Record<keyof typeof COLUMNS, CopyStream>;
/** Opens one COPY per table, each skipping triggers (foreign keys and the audit chain; see index.ts). */
export async function openStreams(sql: postgres.Sql): Promise<Streams> {
  const prepare = ["set local session_replication_role = replica", "set local synchronous_commit = off"];
  const entries = await Promise.all(
    Object.entries(COLUMNS).map(async ([table, columns]) => [
      table,
      await CopyStream.open(sql, table, columns, prepare),
    ]),
  );
  return Object.fromEntries(entries) as Streams;
}
