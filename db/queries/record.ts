import "server-only";
/**
 * A patient's record as a clinician opens it: identity, treatment plan, the symptom timeline (every
 * report's grades and temperature over the course), the latest reports with every answer, and the
 * alerts with their history and outcomes. Only the categories the caller may read are queried; the
 * policies enforce the same again on every row.
 *
 * Index-backed and without N+1: a fixed handful of statements whatever the size of the record
 * (tests/record-performance.test.ts holds it to a p95 of 60 ms with 180 days of daily reports).
 */
import { sql } from "drizzle-orm";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/locales";
import type { DataCategory } from "@/lib/vocabulary";
import type { AlertEventKind, AlertView } from "../../lib/alerts/view";
import type { SymptomCode } from "../../lib/grading/items";
import type { TreatmentPlanView } from "../../lib/treatment/plan";
import type { Tx } from "../client";
import { queryRows } from "../sql";
import { alertReasons, reportReasons } from "./alert-reasons";
import { type EmergencyAccessView, findActiveEmergencyAccess } from "./emergency";
import { findPatientHeader, type PatientHeader } from "./patients";
import { staffDisplayNames } from "./staff";
import { findCurrentPlan } from "./treatment-plans";

export const RECORD_DAYS = 180;
export const RECORD_REPORTS_PAGE = 10;

export type TimelineReport = {
  id: string;
  reportedAt: Date;
  temperatureC: number | null;
  grades: { symptom: SymptomCode; grade: number | null }[];
};

export type RecordReport = {
  id: string;
  reportedAt: Date;
  source: "patient" | "device" | "clinician_phone";
  submittedBy: string | null;
  temperatureC: number | null;
  redFlags: string[];
  canWait: boolean | null;
  note: string | null;
  /** The language the patient read the questions in (lib/grading/wording.ts). */
  locale: Locale;
  answers: { symptom: SymptomCode; attribute: string; value: number | null }[];
  grades: { symptom: SymptomCode; grade: number | null }[];
};

export type RecordAlertEvent = {
  id: string;
  kind: AlertEventKind;
  userId: string;
  note: string | null;
  outcomeCodes: string[];
  /** For a notification: the channels that reached the person; null when not known. */
  channels: string[] | null;
  createdAt: Date;
  /** A report that joined the episode (`report_added`, `escalated`): its own level and reasons. */
  report: { id: string; severity: RecordAlert["severity"]; reasons: string[] | null } | null;
};

/**
 * An alert of the patient record: the facts of AlertView, with Date times and the people as ids
 * (the record names them from its own staff list), and the alert's history.
 */
export type RecordAlert = Pick<
  AlertView,
  "id" | "careTeamId" | "careTeamName" | "severity" | "status" | "reasons" | "outcomeCodes" | "version" | "reportCount"
> & {
  lastReportedAt: Date;
  reportId: string;
  raisedAt: Date;
  dueAt: Date;
  assignedTo: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  events: RecordAlertEvent[];
};

export type PatientRecord = {
  readable: DataCategory[];
  header: PatientHeader | null;
  plan: TreatmentPlanView | null;
  /** Null when symptoms are withheld. */
  timeline: { since: Date; reports: TimelineReport[] } | null;
  reports: RecordReport[] | null;
  /** True when older reports exist beyond `reports`. */
  moreReports: boolean;
  alerts: RecordAlert[] | null;
  emergency: EmergencyAccessView | null;
  /** Display names of the staff the record mentions, by user id. */
  staff: Record<string, string>;
};

export type LoadRecordParams = {
  patientId: string;
  viewerId: string;
  readable: readonly DataCategory[];
  now: Date;
  days?: number;
  reportsLimit?: number;
  /** Keyset cursor for older reports: those strictly before this instant. */
  reportsBefore?: Date | null;
};

const DAY_MS = 86_400_000;
const toDate = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
const json = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;
const numberOrNull = (v: unknown) => (v == null ? null : Number(v));
const textArray = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : (json<string[] | null>(v) ?? []));

/** Loads everything the record page shows that the caller may read. */
export async function loadPatientRecord(tx: Tx, p: LoadRecordParams): Promise<PatientRecord> {
  const can = (c: DataCategory) => p.readable.includes(c);
  const header = can("demographics") ? await findPatientHeader(tx, p.patientId) : null;

  const plan = can("treatment") ? await findCurrentPlan(tx, { patientId: p.patientId }) : null;

  const days = p.days ?? RECORD_DAYS;
  // The whole course: from a week before the plan started, but never more than `days` back.
  const earliest = p.now.getTime() - days * DAY_MS;
  const planStart = plan ? Date.parse(`${plan.startDate}T00:00:00Z`) - 7 * DAY_MS : earliest;
  const since = new Date(Math.max(earliest, Math.min(planStart, p.now.getTime() - 28 * DAY_MS)));

  let timeline: PatientRecord["timeline"] = null;
  let reports: RecordReport[] | null = null;
  let moreReports = false;
  if (can("symptoms")) {
    timeline = { since, reports: await timelineReports(tx, p.patientId, since) };
    const limit = p.reportsLimit ?? RECORD_REPORTS_PAGE;
    const page = await reportsWithAnswers(tx, p.patientId, limit + 1, p.reportsBefore ?? null);
    moreReports = page.length > limit;
    reports = page.slice(0, limit);
  }

  const alerts = can("alerts") ? await alertsWithHistory(tx, p.patientId, since) : null;
  const emergency = await findActiveEmergencyAccess(tx, { userId: p.viewerId, patientId: p.patientId });

  const ids = new Set<string>();
  if (plan?.updatedBy) ids.add(plan.updatedBy);
  for (const r of reports ?? []) if (r.submittedBy && r.source === "clinician_phone") ids.add(r.submittedBy);
  for (const a of alerts ?? []) {
    for (const id of [a.assignedTo, a.acknowledgedBy, a.resolvedBy]) if (id) ids.add(id);
    for (const e of a.events) ids.add(e.userId);
  }
  const staff = Object.fromEntries(await staffDisplayNames(tx, [...ids]));

  return { readable: [...p.readable], header, plan, timeline, reports, moreReports, alerts, emergency, staff };
}

/**
 * Every report since `since`, oldest first, with its temperature and grades, in one statement: the
 * reports by (patient_id, reported_at), joined to their grades by (patient_id, report_id), so that no
 * report is compared with every grade of the period. A join, not a sub-query per report: 180
 * reports are one pass.
 */
export async function timelineReports(tx: Tx, patientId: string, since: Date): Promise<TimelineReport[]> {
  const from = since.toISOString();
  const rows = await queryRows<{
    id: string;
    reported_at: unknown;
    temperature_c: unknown;
    symptom: string | null;
    grade: unknown;
  }>(
    tx,
    sql`select r.id, r.reported_at, r.temperature_c, g.symptom, g.grade
        from symptom_reports r
        left join symptom_grades g
          on g.patient_id = r.patient_id and g.report_id = r.id and g.reported_at >= ${from}::timestamptz
        where r.patient_id = ${patientId} and r.reported_at >= ${from}::timestamptz
        order by r.reported_at, r.id`,
  );
  const out: TimelineReport[] = [];
  let last: TimelineReport | undefined;
  for (const r of rows) {
    if (last?.id !== r.id) {
      last = {
        id: r.id,
        reportedAt: toDate(r.reported_at) as Date,
        temperatureC: numberOrNull(r.temperature_c),
        grades: [],
      };
      out.push(last);
    }
    if (r.symptom !== null) last.grades.push({ symptom: r.symptom as SymptomCode, grade: numberOrNull(r.grade) });
  }
  return out;
}

/** The latest reports (before a cursor), newest first, each with every answer and grade. */
export async function reportsWithAnswers(
  tx: Tx,
  patientId: string,
  limit: number,
  before: Date | null,
): Promise<RecordReport[]> {
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`select r.id, r.reported_at, r.source, r.submitted_by, r.temperature_c, to_json(r.red_flags) as red_flags,
          r.can_wait, r.note, r.locale,
          (select json_agg(json_build_object('s', a.symptom, 'a', a.attribute, 'v', a.value))
             from symptom_answers a where a.patient_id = r.patient_id and a.report_id = r.id) as answers,
          (select json_agg(json_build_object('s', g.symptom, 'g', g.grade))
             from symptom_grades g where g.patient_id = r.patient_id and g.report_id = r.id) as grades
        from symptom_reports r
        where r.patient_id = ${patientId}
          ${before ? sql`and r.reported_at < ${before.toISOString()}::timestamptz` : sql``}
        order by r.reported_at desc, r.id desc
        limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    reportedAt: toDate(r.reported_at) as Date,
    source: r.source as RecordReport["source"],
    submittedBy: (r.submitted_by as string | null) ?? null,
    temperatureC: numberOrNull(r.temperature_c),
    redFlags: textArray(r.red_flags),
    canWait: (r.can_wait as boolean | null) ?? null,
    note: (r.note as string | null) ?? null,
    locale: isLocale(r.locale) ? r.locale : DEFAULT_LOCALE,
    answers: (json<{ s: SymptomCode; a: string; v: number | null }[] | null>(r.answers) ?? []).map((a) => ({
      symptom: a.s,
      attribute: a.a,
      value: numberOrNull(a.v),
    })),
    grades: (json<{ s: SymptomCode; g: number | null }[] | null>(r.grades) ?? []).map((g) => ({
      symptom: g.s,
      grade: numberOrNull(g.g),
    })),
  }));
}

/**
 * Alerts raised since `since`, and any older one still open, newest first, each with its history
 * (reports added and escalations, acknowledged, assigned, notes, resolved, reopened) in order: one
 * statement.
 */
export async function alertsWithHistory(tx: Tx, patientId: string, since: Date): Promise<RecordAlert[]> {
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`select a.id, a.report_id, a.care_team_id, t.name as care_team_name, a.severity, a.status,
          to_json(${alertReasons(sql`a.id`)}) as reasons, a.raised_at, a.due_at,
          a.assigned_to, a.acknowledged_by, a.acknowledged_at, a.resolved_by, a.resolved_at,
          to_json(a.outcome_codes) as outcome_codes, a.version, a.report_count, a.last_reported_at,
          (select json_agg(json_build_object('id', e.id, 'kind', e.kind, 'userId', e.user_id, 'note', e.note,
                    'outcomeCodes', e.outcome_codes, 'channels', e.channels, 'createdAt', e.created_at, 'reportId', e.report_id,
                    'reportSeverity', r.severity, 'reportReasons', ${reportReasons(sql`r.report_id`)}) order by e.created_at, e.id)
             from alert_events e left join alert_reports r on r.report_id = e.report_id and r.patient_id = e.patient_id
             where e.alert_id = a.id) as events
        from alerts a left join care_teams t on t.id = a.care_team_id
        where a.patient_id = ${patientId} and (a.raised_at >= ${since.toISOString()}::timestamptz or a.status <> 'resolved')
        order by a.raised_at desc, a.id desc`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    reportId: r.report_id as string,
    careTeamId: r.care_team_id as string,
    careTeamName: (r.care_team_name as string | null) ?? null,
    severity: r.severity as RecordAlert["severity"],
    status: r.status as RecordAlert["status"],
    reasons: r.reasons === null ? null : textArray(r.reasons),
    raisedAt: toDate(r.raised_at) as Date,
    dueAt: toDate(r.due_at) as Date,
    assignedTo: (r.assigned_to as string | null) ?? null,
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    acknowledgedAt: toDate(r.acknowledged_at),
    resolvedBy: (r.resolved_by as string | null) ?? null,
    resolvedAt: toDate(r.resolved_at),
    outcomeCodes: textArray(r.outcome_codes),
    version: Number(r.version),
    reportCount: Number(r.report_count),
    lastReportedAt: toDate(r.last_reported_at) as Date,
    events: (json<Record<string, unknown>[] | null>(r.events) ?? []).map((e) => ({
      id: e.id as string,
      kind: e.kind as RecordAlertEvent["kind"],
      userId: e.userId as string,
      note: (e.note as string | null) ?? null,
      outcomeCodes: textArray(e.outcomeCodes),
      channels: e.channels == null ? null : textArray(e.channels),
      createdAt: toDate(e.createdAt) as Date,
      report:
        e.reportId && e.reportSeverity
          ? {
              id: e.reportId as string,
              severity: e.reportSeverity as RecordAlert["severity"],
              reasons: e.reportReasons == null ? null : textArray(e.reportReasons),
            }
          : null,
    })),
  }));
}
