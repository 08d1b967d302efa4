/**
 * Alerts for the triage suites, inserted as the owner with a report of their own (an alert needs
 * one): any severity, status, due time and assignee, relative to a fixed "now".
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import * as t from "../../db/schema";

const MINUTE = 60_000;

export type NewAlert = {
  patientId: string;
  careTeamId: string;
  severity?: "red" | "amber";
  status?: "open" | "acknowledged" | "resolved";
  /** Minutes from `now` to the response target; negative for an overdue alert. */
  dueIn?: number;
  /** Minutes before `now` the alert was raised. */
  raisedAgo?: number;
  assignedTo?: string | null;
  acknowledgedBy?: string | null;
  reasons?: string[];
  id?: string;
};

export async function insertAlert(owner: Database, now: Date, a: NewAlert): Promise<string> {
  const id = a.id ?? randomUUID();
  const reportId = randomUUID();
  const raisedAt = new Date(now.getTime() - (a.raisedAgo ?? 5) * MINUTE);
  const status = a.status ?? "open";
  await owner
    .insert(t.symptomReports)
    .values({ id: reportId, patientId: a.patientId, source: "patient", reportedAt: raisedAt, createdAt: raisedAt });
  await owner.insert(t.alerts).values({
    id,
    patientId: a.patientId,
    careTeamId: a.careTeamId,
    reportId,
    severity: a.severity ?? "amber",
    reasons: a.reasons ?? [`test alert ${id.slice(0, 8)}`],
    status,
    raisedAt,
    dueAt: new Date(now.getTime() + (a.dueIn ?? 60) * MINUTE),
    assignedTo: a.assignedTo ?? null,
    acknowledgedBy: status !== "open" ? (a.acknowledgedBy ?? a.assignedTo ?? null) : null,
    acknowledgedAt: status !== "open" ? raisedAt : null,
    resolvedAt: status === "resolved" ? now : null,
    resolvedBy: status === "resolved" ? (a.acknowledgedBy ?? a.assignedTo ?? null) : null,
    outcomeCodes: status === "resolved" ? ["self_care_advice"] : [],
    version: status === "open" ? 1 : 2,
  });
  return id;
}

/**
 * A new patient like `like`: the same organisation, care team, names and consent rules, with a new
 * id and a hospital number ending in `-label`, and no records. A patient has at most one active
 * alert (lib/alerts/episodes.ts), so a suite that needs several active alerts in one queue, or a
 * fresh one for a patient whose fixture alert is active, gives each its own patient.
 */
export async function insertPatientLike(owner: Database, like: string, label: string): Promise<string> {
  const id = randomUUID();
  await owner.execute(sql`insert into patients (id, organisation_id, hospital_number, given_name, family_name,
      date_of_birth, diagnosis, primary_care_team_id)
    select ${id}::uuid, organisation_id, hospital_number || '-' || ${label}, given_name, family_name, date_of_birth,
      diagnosis, primary_care_team_id
    from patients where id = ${like}::uuid`);
  await owner.execute(sql`insert into consent_rules (patient_id, grantee_user_id, grantee_care_team_id, effect,
      categories, valid_from, valid_until, revoked_at, created_by)
    select ${id}::uuid, grantee_user_id, grantee_care_team_id, effect, categories, valid_from, valid_until, revoked_at,
      created_by
    from consent_rules where patient_id = ${like}::uuid`);
  return id;
}
