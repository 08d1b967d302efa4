import "server-only";
/**
 * What the FHIR API reads: a patient's demographics, reports with their answers, the Observations
 * derived from them, alerts, treatment plans, consent rules and the access log. Every function runs inside `withRls` for one patient whose consent
 * the request has already checked; the policies hold each row to the same rule again.
 */
import { type SQL, sql } from "drizzle-orm";
import type { FhirAuditRow } from "../../lib/fhir/audit-event";
import type { FhirAlert, FhirAnswer, FhirObservationRow, FhirPatientRow, FhirReport } from "../../lib/fhir/resources";
import type { TimeRange } from "../../lib/fhir/search";
import type { TreatmentPlanView } from "../../lib/treatment/plan";
import type { AlertSeverity, AlertStatus, ReportSource } from "../../lib/vocabulary";
import type { Tx } from "../client";
import { at, queryRows } from "../sql";
import { alertReasons } from "./alert-reasons";
import { staffDisplayNames } from "./staff";
import { PLAN_SELECT, planFromRow } from "./treatment-plans";

const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

/** `column` within the range, as SQL conditions (true when the range is open). */
function within(column: SQL, range: TimeRange | undefined): SQL {
  const parts: SQL[] = [];
  if (range?.from) parts.push(sql`${column} >= ${at(range.from)}`);
  if (range?.before) parts.push(sql`${column} < ${at(range.before)}`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

export type Page = { limit: number; offset: number };

/** The patient's demographics, or null when the caller may not read them. */
export async function findFhirPatient(tx: Tx, p: { patientId: string }): Promise<FhirPatientRow | null> {
  const [row] = await queryRows<Record<string, unknown>>(
    tx,
    sql`select id, hospital_number, given_name, family_name, date_of_birth::text as date_of_birth
        from patients where id = ${p.patientId}::uuid`,
  );
  if (!row) return null;
  return {
    id: row.id as string,
    hospitalNumber: row.hospital_number as string,
    givenName: row.given_name as string,
    familyName: row.family_name as string,
    dateOfBirth: row.date_of_birth as string,
  };
}

/** The patient of a report, or null when there is no such report the caller may read. */
export async function findReportPatientId(tx: Tx, p: { reportId: string }): Promise<string | null> {
  const [row] = await queryRows<{ patient_id: string }>(
    tx,
    sql`select patient_id from symptom_reports where id = ${p.reportId}::uuid`,
  );
  return row?.patient_id ?? null;
}

export type SearchReportsParams = Page & {
  patientId: string;
  reportId?: string;
  /** The idempotency key the sender chose. */
  key?: string;
  authored?: TimeRange;
  lastUpdated?: TimeRange;
};

/** A patient's reports with their answers, newest first, and how many match in all. */
export async function searchFhirReports(
  tx: Tx,
  p: SearchReportsParams,
): Promise<{ total: number; reports: FhirReport[] }> {
  const where = sql`r.patient_id = ${p.patientId}::uuid
    and ${p.reportId ? sql`r.id = ${p.reportId}::uuid` : sql`true`}
    and ${p.key !== undefined ? sql`r.idempotency_key = ${p.key}` : sql`true`}
    and ${within(sql`r.reported_at`, p.authored)} and ${within(sql`r.created_at`, p.lastUpdated)}`;
  const [{ total }] = await queryRows<{ total: number }>(
    tx,
    sql`select count(*)::int as total from symptom_reports r where ${where}`,
  );
  if (p.limit === 0 || total <= p.offset) return { total, reports: [] };
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`select r.id, r.patient_id, r.source::text as source, r.idempotency_key, r.reported_at, r.created_at, r.temperature_c,
          r.red_flags, r.can_wait, r.note,
          coalesce((select json_agg(json_build_object('symptom', a.symptom, 'attribute', a.attribute, 'value', a.value))
             from symptom_answers a where a.patient_id = r.patient_id and a.report_id = r.id), '[]'::json) as answers
        from symptom_reports r where ${where}
        order by r.reported_at desc, r.id desc limit ${p.limit} offset ${p.offset}`,
  );
  const reports = rows.map((r) => ({
    id: r.id as string,
    patientId: r.patient_id as string,
    source: r.source as ReportSource,
    key: (r.idempotency_key as string | null) ?? null,
    reportedAt: toDate(r.reported_at),
    createdAt: toDate(r.created_at),
    temperatureC: r.temperature_c === null ? null : Number(r.temperature_c),
    redFlags: (r.red_flags as string[] | null) ?? [],
    canWait: r.can_wait as boolean | null,
    note: r.note as string | null,
    answers: (typeof r.answers === "string" ? JSON.parse(r.answers) : r.answers) as FhirAnswer[],
  }));
  return { total, reports };
}

/** Which Observations a search keeps by code: one answer, one grade, or temperature. */
export type ObservationCode =
  | { kind: "answer"; symptom: string; attribute: string }
  | { kind: "grade"; symptom: string }
  | { kind: "temperature" };

export type SearchObservationsParams = Page & {
  patientId: string;
  reportId?: string;
  /** Any of these (null: every code). */
  codes?: readonly ObservationCode[] | null;
  date?: TimeRange;
  lastUpdated?: TimeRange;
};

function codeCondition(code: ObservationCode): SQL {
  switch (code.kind) {
    case "temperature":
      return sql`o.kind = 'temperature'`;
    case "grade":
      return sql`(o.kind = 'grade' and o.symptom = ${code.symptom})`;
    case "answer":
      return sql`(o.kind = 'answer' and o.symptom = ${code.symptom} and o.attribute = ${code.attribute})`;
  }
}

/**
 * The Observations of a patient's reports, newest report first: each answer given (a skipped
 * question is none), each composite grade, and each temperature; with how many match in all.
 */
export async function searchFhirObservations(
  tx: Tx,
  p: SearchObservationsParams,
): Promise<{ total: number; rows: FhirObservationRow[] }> {
  const reports = sql`r.patient_id = ${p.patientId}::uuid
    and ${p.reportId ? sql`r.id = ${p.reportId}::uuid` : sql`true`}
    and ${within(sql`r.reported_at`, p.date)} and ${within(sql`r.created_at`, p.lastUpdated)}`;
  const codes = p.codes && p.codes.length > 0 ? sql.join(p.codes.map(codeCondition), sql` or `) : sql`true`;
  const observations = sql`with o as (
      select r.id as report_id, r.patient_id, r.reported_at, r.created_at, 'answer' as kind, a.symptom, a.attribute,
             a.value, null::smallint as grade, null::numeric as celsius
        from symptom_reports r join symptom_answers a on a.patient_id = r.patient_id and a.report_id = r.id
        where ${reports} and a.value is not null
      union all
      select r.id, r.patient_id, r.reported_at, r.created_at, 'grade', g.symptom, null, null, g.grade, null
        from symptom_reports r join symptom_grades g on g.patient_id = r.patient_id and g.report_id = r.id
        where ${reports}
      union all
      select r.id, r.patient_id, r.reported_at, r.created_at, 'temperature', null, null, null, null, r.temperature_c
        from symptom_reports r where ${reports} and r.temperature_c is not null)`;
  const [{ total }] = await queryRows<{ total: number }>(
    tx,
    sql`${observations} select count(*)::int as total from o where ${codes}`,
  );
  if (p.limit === 0 || total <= p.offset) return { total, rows: [] };
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`${observations} select * from o where ${codes}
        order by o.reported_at desc, o.report_id desc, o.kind, o.symptom, o.attribute
        limit ${p.limit} offset ${p.offset}`,
  );
  return {
    total,
    rows: rows.map((r): FhirObservationRow => {
      const base = {
        reportId: r.report_id as string,
        patientId: r.patient_id as string,
        reportedAt: toDate(r.reported_at),
        createdAt: toDate(r.created_at),
      };
      if (r.kind === "temperature") return { ...base, kind: "temperature", celsius: Number(r.celsius) };
      if (r.kind === "grade")
        return {
          ...base,
          kind: "grade",
          symptom: r.symptom as string,
          grade: r.grade === null ? null : Number(r.grade),
        };
      return {
        ...base,
        kind: "answer",
        symptom: r.symptom as string,
        attribute: r.attribute as string,
        value: Number(r.value),
      };
    }),
  };
}

export type SearchAlertsParams = Page & {
  patientId: string;
  alertId?: string;
  date?: TimeRange;
  lastUpdated?: TimeRange;
};

/**
 * A patient's alerts, newest first, with how many match. Reasons are read through
 * app.readable_alert_reasons, which shows them only to a caller who may read the patient's
 * symptoms too.
 * An alert's last change is the latest of its own times and its history's.
 */
export async function searchFhirAlerts(tx: Tx, p: SearchAlertsParams): Promise<{ total: number; alerts: FhirAlert[] }> {
  const alerts = sql`with al as (
      select a.id, a.patient_id, a.severity::text as severity, a.status::text as status, a.raised_at, a.resolved_at,
             greatest(a.raised_at, a.last_reported_at, a.acknowledged_at, a.resolved_at,
               (select max(e.created_at) from alert_events e where e.alert_id = a.id and e.patient_id = a.patient_id))
               as last_updated
        from alerts a
        where a.patient_id = ${p.patientId}::uuid and ${p.alertId ? sql`a.id = ${p.alertId}::uuid` : sql`true`}
          and ${within(sql`a.raised_at`, p.date)})`;
  const matches = within(sql`al.last_updated`, p.lastUpdated);
  const [{ total }] = await queryRows<{ total: number }>(
    tx,
    sql`${alerts} select count(*)::int as total from al where ${matches}`,
  );
  if (p.limit === 0 || total <= p.offset) return { total, alerts: [] };
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`${alerts} select al.*, ${alertReasons(sql`al.id`)} as reasons from al where ${matches}
        order by al.raised_at desc, al.id desc limit ${p.limit} offset ${p.offset}`,
  );
  return {
    total,
    alerts: rows.map((r) => ({
      id: r.id as string,
      patientId: r.patient_id as string,
      severity: r.severity as AlertSeverity,
      status: r.status as AlertStatus,
      reasons: (r.reasons as string[] | null) ?? null,
      raisedAt: toDate(r.raised_at),
      resolvedAt: r.resolved_at === null ? null : toDate(r.resolved_at),
      lastUpdated: toDate(r.last_updated),
    })),
  };
}

/** The patient's treatment plans with their cycles, the latest first (or the one plan `planId`). */
export async function searchFhirPlans(tx: Tx, p: { patientId: string; planId?: string }): Promise<TreatmentPlanView[]> {
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`${PLAN_SELECT} where p.patient_id = ${p.patientId}::uuid
        and ${p.planId ? sql`p.id = ${p.planId}::uuid` : sql`true`}
        order by p.start_date desc, p.id desc`,
  );
  return rows.map(planFromRow);
}

/** The patient of a treatment plan, or null when there is no such plan the caller may read. */
export async function findPlanPatientId(tx: Tx, p: { planId: string }): Promise<string | null> {
  const [row] = await queryRows<{ patient_id: string }>(
    tx,
    sql`select patient_id from treatment_plans where id = ${p.planId}::uuid`,
  );
  return row?.patient_id ?? null;
}

/** The patient and plan of a treatment cycle, or null when there is no such cycle the caller may read. */
export async function findCycle(tx: Tx, p: { cycleId: string }): Promise<{ patientId: string; planId: string } | null> {
  const [row] = await queryRows<{ patient_id: string; plan_id: string }>(
    tx,
    sql`select patient_id, plan_id from treatment_cycles where id = ${p.cycleId}::uuid`,
  );
  return row ? { patientId: row.patient_id, planId: row.plan_id } : null;
}

/** The patient of a consent rule, or null when there is no such rule the caller may read. */
export async function findConsentRulePatientId(tx: Tx, p: { ruleId: string }): Promise<string | null> {
  const [row] = await queryRows<{ patient_id: string }>(
    tx,
    sql`select patient_id from consent_rules where id = ${p.ruleId}::uuid`,
  );
  return row?.patient_id ?? null;
}

/**
 * Audit events about the patient's record, newest first, leaving out the patient's own use (as
 * their access log does): the one event `eventId`, or a page of those in the time range.
 */
export async function searchFhirAuditEvents(
  tx: Tx,
  p: Page & { patientId: string; ownUserId: string; eventId?: number; date?: TimeRange },
): Promise<{ total: number; events: FhirAuditRow[] }> {
  const where = sql`e.patient_id = ${p.patientId}::uuid and e.actor_user_id is not null
    and e.actor_user_id <> ${p.ownUserId}::uuid
    and ${p.eventId === undefined ? sql`true` : sql`e.id = ${p.eventId}`}
    and ${within(sql`e.occurred_at`, p.date)}`;
  const [{ total }] = await queryRows<{ total: number }>(
    tx,
    sql`select count(*)::int as total from audit_events e where ${where}`,
  );
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`select e.id, e.occurred_at, e.action, e.outcome::text as outcome, e.actor_user_id, e.actor_role, e.patient_id
        from audit_events e where ${where}
        order by e.occurred_at desc, e.id desc limit ${p.limit} offset ${p.offset}`,
  );
  const names = await staffDisplayNames(
    tx,
    rows.map((r) => r.actor_user_id as string),
  );
  return {
    total: Number(total),
    events: rows.map((r) => ({
      id: Number(r.id),
      occurredAt: toDate(r.occurred_at),
      action: r.action as string,
      outcome: r.outcome as "allowed" | "denied",
      actorUserId: r.actor_user_id as string,
      actorName: names.get(r.actor_user_id as string) ?? "A member of staff",
      actorRole: (r.actor_role as string | null) ?? null,
      patientId: r.patient_id as string,
    })),
  };
}
