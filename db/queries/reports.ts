import "server-only";
/**
 * Symptom reports: storing a submission with its answers, grades and alert in the caller's
 * transaction, replaying a retried submission, and reading reports back for lists and charts.
 *
 * Every function runs inside `withRls`, so the policies decide whose rows are touched: a patient
 * stores and reads their own reports; a clinician needs the patient's consent for `symptoms` (and
 * `alerts` to see an alert).
 */
import { and, asc, desc, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { ReportSource } from "@/lib/vocabulary";
import type { AlertSummary } from "../../lib/alerts/view";
import { refused } from "../../lib/errors";
import type { CompositeGrade } from "../../lib/grading/composite-table";
import { SYMPTOM_CODES, type SymptomCode, symptomItem } from "../../lib/grading/items";
import { gradeReport, type ReportGrade, type SymptomReportInput } from "../../lib/reports/validation";
import { type PatientAdvice, patientAdvice } from "../../lib/triage/advice";
import type { RedFlag } from "../../lib/triage/red-flags";
import {
  DEFAULT_TRIAGE_SETTINGS,
  type SymptomLevel,
  type TriageLevel,
  type TriageResult,
  type TriageSettings,
  triageReport,
} from "../../lib/triage/rules";
import type { Tx } from "../client";
import { alerts, symptomAnswers, symptomGrades, symptomReports } from "../schema";
import { at, jsonb, queryRows, textArray } from "../sql";

export type { ReportSource };

/** What a patient is told when their organisation has not recorded its 24-hour line. */
export const FALLBACK_HOSPITAL_LINE = "the number on your chemotherapy alert card";

/** The outcome of storing (or replaying) one report: what triage decided and what the patient is told. */
export type ReportResult = {
  reportId: string;
  /** True when the idempotency key was seen before: nothing was stored, this is the first result. */
  replayed: boolean;
  reportedAt: Date;
  level: TriageLevel;
  /** Plain-words reasons, as on the alert. Empty for a green report. */
  reasons: string[];
  /** A red flag was ticked: the patient must call emergency services. */
  emergency: boolean;
  /** Acknowledgement target of the alert; null when no alert was raised. */
  responseMinutes: number | null;
  alertId: string | null;
  /** Composite grade of each graded item the report included, in form order (null: incomplete answers). */
  grades: ReportGrade[];
  /** Triage level of each symptom that has a grade: with the fields above, a `TriageResult`. */
  symptomLevels: SymptomLevel[];
  /** Present when the caller passed `hospitalLine`. */
  advice?: PatientAdvice;
};

export type SubmitReportParams = {
  patientId: string;
  organisationId: string;
  /** The team the alert goes to; the patient's primary care team when omitted. */
  careTeamId?: string | null;
  /** The user who submitted: the patient, or the clinician who took the report by phone. */
  submittedBy: string | null;
  source: ReportSource;
  /** Client-chosen key that makes retries safe; null for submissions that are never retried. */
  idempotencyKey: string | null;
  /** A report already validated by `makeSymptomReportInput`. */
  input: SymptomReportInput;
  triageSettings: TriageSettings;
  /** The hospital's 24-hour line; with it the result carries the patient's advice. */
  hospitalLine?: string;
  now: Date;
};

/**
 * Stores one validated report in the caller's transaction: the report, every answer (null where
 * skipped), a grade for each graded item, and, when triage says red or amber, an alert for the care
 * team with its reasons in plain words and a due time of `now` + the response target.
 *
 * Idempotent per (patient, idempotency key): the unique index decides, with ON CONFLICT DO NOTHING,
 * so of any number of concurrent submissions exactly one stores. Under READ COMMITTED a loser's
 * insert waits for the winner to commit and then does nothing; it then reads the winner's report
 * and returns that first result with `replayed: true`, storing nothing. Reusing a key for a
 * different report is refused (409): answering it with the first report's advice could hide a new
 * emergency.
 */
export async function submitReport(tx: Tx, p: SubmitReportParams): Promise<ReportResult> {
  const { input } = p;
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : p.now;
  const answerRows = Object.entries(input.answers).flatMap(([symptom, answers]) =>
    symptomItem(symptom as SymptomCode).attributes.map((attribute) => ({
      symptom,
      attribute,
      value: answers?.[attribute] ?? null,
    })),
  );
  const grades = gradeReport(input);
  const previous = previousGradesQuery(
    p.patientId,
    grades.map((g) => g.symptom),
    reportedAt,
  );
  // One statement stores the report, its answers and its grades, and reads the grades before it
  // (data-modifying CTEs read the snapshot from before the statement, so not this report's). On a
  // retried idempotency key the report's insert does nothing, and so do the two that need its id.
  const [stored] = await queryRows<{ report_id: string | null; previous: Record<string, number> }>(
    tx,
    sql`with report as (
          insert into symptom_reports (patient_id, source, submitted_by, idempotency_key, reported_at,
            temperature_c, red_flags, can_wait, note, created_at)
          values (${p.patientId}::uuid, ${p.source}::report_source, ${p.submittedBy}::uuid,
            ${p.idempotencyKey}::text, ${at(reportedAt)}, ${input.temperatureC ?? null}::numeric,
            ${textArray(input.redFlags)}, ${input.canWait ?? null}::boolean, ${input.note || null}, ${at(p.now)})
          on conflict (patient_id, idempotency_key) do nothing
          returning id, patient_id
        ),
        answers as (
          insert into symptom_answers (report_id, patient_id, symptom, attribute, value)
          select report.id, report.patient_id, a.symptom, a.attribute, a.value
          from report, jsonb_to_recordset(${jsonb(answerRows)}) as a(symptom text, attribute text, value smallint)
        ),
        grades as (
          insert into symptom_grades (report_id, patient_id, symptom, grade, reported_at)
          select report.id, report.patient_id, g.symptom, g.grade, ${at(reportedAt)}
          from report, jsonb_to_recordset(${jsonb(grades)}) as g(symptom text, grade smallint)
        )
        select (select id from report) as report_id, ${previous} as previous`,
  );
  if (!stored?.report_id) return replay(tx, p);
  const reportId = stored.report_id;
  const previousGrades = gradesOf(stored.previous);

  const triage = triageReport(
    {
      grades,
      previousGrades,
      temperatureC: input.temperatureC ?? null,
      redFlags: input.redFlags,
      canWait: input.canWait ?? null,
    },
    p.triageSettings,
  );

  let alertId: string | null = null;
  if (triage.level !== "green" && triage.responseMinutes !== null) {
    const dueAt = new Date(p.now.getTime() + triage.responseMinutes * 60_000);
    // The alert goes to the given team, else the patient's primary care team, read in the same statement.
    const columns = sql`${reportId}::uuid, ${triage.level}::alert_severity, ${textArray(triage.reasons)}, ${at(p.now)}, ${at(dueAt)}`;
    const [alert] = await queryRows<{ id: string }>(
      tx,
      sql`insert into alerts (patient_id, care_team_id, report_id, severity, reasons, raised_at, due_at)
          ${
            p.careTeamId
              ? sql`values (${p.patientId}::uuid, ${p.careTeamId}::uuid, ${columns})`
              : sql`select p.id, p.primary_care_team_id, ${columns} from patients p
                    where p.id = ${p.patientId} and p.organisation_id = ${p.organisationId}`
          }
          returning id`,
    );
    if (!alert) throw refused({ kind: "record_not_found" });
    alertId = alert.id;
  }

  return {
    reportId,
    replayed: false,
    reportedAt,
    level: triage.level,
    reasons: triage.reasons,
    emergency: triage.emergency,
    responseMinutes: triage.responseMinutes,
    alertId,
    grades,
    symptomLevels: triage.symptomLevels,
    ...(p.hospitalLine !== undefined && { advice: patientAdvice(triage, { hospitalLine: p.hospitalLine }) }),
  };
}

async function replay(tx: Tx, p: SubmitReportParams): Promise<ReportResult> {
  const key = p.idempotencyKey;
  const [existing] = key
    ? await tx
        .select({ id: symptomReports.id })
        .from(symptomReports)
        .where(and(eq(symptomReports.patientId, p.patientId), eq(symptomReports.idempotencyKey, key)))
    : [];
  // The conflicting row is committed by now (READ COMMITTED waited for it), so this cannot happen
  // short of a bug; refuse rather than pretend the report was stored.
  if (!existing) throw refused({ kind: "report_not_stored" });
  const stored = await loadStoredReport(tx, existing.id);
  if (!stored) throw refused({ kind: "report_not_stored" });
  if (!sameReport(stored, p.input)) {
    throw refused({ kind: "idempotency_key_reused" });
  }
  return { ...resultOf(stored, p), replayed: true };
}

/**
 * The latest non-missing grade of each symptom in the patient's reports before `before`, as one
 * jsonb object (symptom to grade): one index probe per symptom on symptom_grades (patient_id,
 * symptom, reported_at), read backwards. A scalar subquery, so it can ride in another statement.
 */
function previousGradesQuery(patientId: string, symptoms: readonly SymptomCode[], before: Date): SQL {
  return sql`(select coalesce(jsonb_object_agg(s.symptom, g.grade), '{}'::jsonb)
    from jsonb_array_elements_text(${jsonb(symptoms)}) as s(symptom)
    cross join lateral (
      select sg.grade from symptom_grades sg
      where sg.patient_id = ${patientId}::uuid and sg.symptom = s.symptom
        and sg.reported_at < ${at(before)} and sg.grade is not null
      order by sg.reported_at desc
      limit 1
    ) as g)`;
}

function gradesOf(previous: Record<string, number> | string): Partial<Record<SymptomCode, number>> {
  const object = typeof previous === "string" ? (JSON.parse(previous) as Record<string, number>) : previous;
  return Object.fromEntries(Object.entries(object).map(([symptom, grade]) => [symptom, Number(grade)]));
}

type StoredReport = {
  id: string;
  patientId: string;
  reportedAt: Date;
  temperatureC: number | null;
  redFlags: RedFlag[];
  canWait: boolean | null;
  note: string | null;
  answers: { symptom: string; attribute: string; value: number | null }[];
  grades: ReportGrade[];
  alert: { id: string; severity: "red" | "amber"; reasons: string[]; raisedAt: Date; dueAt: Date } | null;
  previousGrades: Partial<Record<SymptomCode, number>>;
};

async function loadStoredReport(tx: Tx, reportId: string): Promise<StoredReport | null> {
  const [report] = await tx
    .select({
      id: symptomReports.id,
      patientId: symptomReports.patientId,
      reportedAt: symptomReports.reportedAt,
      temperatureC: symptomReports.temperatureC,
      redFlags: symptomReports.redFlags,
      canWait: symptomReports.canWait,
      note: symptomReports.note,
      alertId: alerts.id,
      severity: alerts.severity,
      reasons: alerts.reasons,
      raisedAt: alerts.raisedAt,
      dueAt: alerts.dueAt,
    })
    .from(symptomReports)
    .leftJoin(alerts, eq(alerts.reportId, symptomReports.id))
    .where(eq(symptomReports.id, reportId));
  if (!report) return null;
  const answers = await tx
    .select({ symptom: symptomAnswers.symptom, attribute: symptomAnswers.attribute, value: symptomAnswers.value })
    .from(symptomAnswers)
    .where(eq(symptomAnswers.reportId, reportId));
  const gradeRows = await tx
    .select({ symptom: symptomGrades.symptom, grade: symptomGrades.grade })
    .from(symptomGrades)
    .where(eq(symptomGrades.reportId, reportId));
  const gradeOf = new Map(gradeRows.map((g) => [g.symptom, g.grade]));
  const grades = SYMPTOM_CODES.filter((code) => gradeOf.has(code)).map((symptom) => ({
    symptom,
    grade: (gradeOf.get(symptom) ?? null) as CompositeGrade | null,
  }));
  const [{ previous }] = await queryRows<{ previous: Record<string, number> }>(
    tx,
    sql`select ${previousGradesQuery(
      report.patientId,
      grades.map((g) => g.symptom),
      report.reportedAt,
    )} as previous`,
  );
  const previousGrades = gradesOf(previous);
  const alert =
    report.alertId && report.severity && report.reasons && report.raisedAt && report.dueAt
      ? {
          id: report.alertId,
          severity: report.severity,
          reasons: report.reasons,
          raisedAt: report.raisedAt,
          dueAt: report.dueAt,
        }
      : null;
  return {
    id: report.id,
    patientId: report.patientId,
    reportedAt: report.reportedAt,
    temperatureC: report.temperatureC,
    redFlags: report.redFlags as RedFlag[],
    canWait: report.canWait,
    note: report.note,
    answers,
    grades,
    alert,
    previousGrades,
  };
}

/** True when a retried submission carries the same report as the stored one. */
function sameReport(stored: StoredReport, input: SymptomReportInput): boolean {
  const canonical = (rows: { symptom: string; attribute: string; value: number | null }[]) =>
    rows
      .map((r) => `${r.symptom}.${r.attribute}=${r.value ?? ""}`)
      .sort()
      .join(";");
  const submitted = Object.entries(input.answers).flatMap(([symptom, answers]) =>
    symptomItem(symptom as SymptomCode).attributes.map((attribute) => ({
      symptom,
      attribute,
      value: answers?.[attribute] ?? null,
    })),
  );
  const tenths = (celsius: number | null | undefined) => (celsius == null ? null : Math.round(celsius * 10));
  return (
    canonical(stored.answers) === canonical(submitted) &&
    tenths(stored.temperatureC) === tenths(input.temperatureC) &&
    [...stored.redFlags].sort().join() === [...input.redFlags].sort().join() &&
    stored.canWait === (input.canWait ?? null) &&
    stored.note === (input.note || null) &&
    (input.reportedAt === undefined || stored.reportedAt.getTime() === new Date(input.reportedAt).getTime())
  );
}

/**
 * The result as it was first returned. The alert, when there is one, is the record of what triage
 * decided; a green report's reasons (only ever the "it can wait" note) are recomputed from the
 * stored answers with the given settings.
 */
function resultOf(
  stored: StoredReport,
  options: { triageSettings?: TriageSettings; hospitalLine?: string },
): Omit<ReportResult, "replayed"> {
  const recomputed = triageReport(
    {
      grades: stored.grades,
      previousGrades: stored.previousGrades,
      temperatureC: stored.temperatureC,
      redFlags: stored.redFlags,
      canWait: stored.canWait,
    },
    options.triageSettings ?? DEFAULT_TRIAGE_SETTINGS,
  );
  const triage: TriageResult = stored.alert
    ? {
        ...recomputed,
        level: stored.alert.severity,
        reasons: stored.alert.reasons,
        responseMinutes: Math.round((stored.alert.dueAt.getTime() - stored.alert.raisedAt.getTime()) / 60_000),
      }
    : {
        ...recomputed,
        level: "green",
        reasons: recomputed.level === "green" ? recomputed.reasons : [],
        responseMinutes: null,
      };
  return {
    reportId: stored.id,
    reportedAt: stored.reportedAt,
    level: triage.level,
    reasons: triage.reasons,
    emergency: stored.redFlags.length > 0,
    responseMinutes: triage.responseMinutes,
    alertId: stored.alert?.id ?? null,
    grades: stored.grades,
    symptomLevels: triage.symptomLevels,
    ...(options.hospitalLine !== undefined && {
      advice: patientAdvice(triage, { hospitalLine: options.hospitalLine }),
    }),
  };
}

/** A stored report's triage result, as `submitReport` returned it; null when the caller may not read it. */
export async function findReportResult(
  tx: Tx,
  reportId: string,
  options: { triageSettings?: TriageSettings; hospitalLine?: string } = {},
): Promise<Omit<ReportResult, "replayed"> | null> {
  const stored = await loadStoredReport(tx, reportId);
  return stored && resultOf(stored, options);
}

export type ReportListItem = {
  id: string;
  reportedAt: Date;
  source: ReportSource;
  temperatureC: number | null;
  redFlags: string[];
  canWait: boolean | null;
  note: string | null;
  grades: ReportGrade[];
  /** Null when no alert was raised, or the caller may not read the patient's alerts. */
  alert: AlertSummary | null;
};

export type ListReportsParams = {
  patientId: string;
  limit: number;
  /** Keyset cursor: reports strictly before this one (the last item of the previous page), or before a time. */
  before?: Date | { reportedAt: Date; id: string };
};

/** A patient's reports, newest first, with their grades and any alert. */
export async function listReportsForPatient(tx: Tx, p: ListReportsParams): Promise<ReportListItem[]> {
  const limit = Math.min(Math.max(Math.trunc(p.limit) || 1, 1), 200);
  const cursor = p.before instanceof Date ? { reportedAt: p.before, id: null } : p.before;
  const rows = await tx
    .select({
      id: symptomReports.id,
      reportedAt: symptomReports.reportedAt,
      source: symptomReports.source,
      temperatureC: symptomReports.temperatureC,
      redFlags: symptomReports.redFlags,
      canWait: symptomReports.canWait,
      note: symptomReports.note,
      alertId: alerts.id,
      severity: alerts.severity,
      status: alerts.status,
      reasons: alerts.reasons,
    })
    .from(symptomReports)
    .leftJoin(alerts, eq(alerts.reportId, symptomReports.id))
    .where(
      and(
        eq(symptomReports.patientId, p.patientId),
        cursor &&
          (cursor.id === null
            ? lt(symptomReports.reportedAt, cursor.reportedAt)
            : or(
                lt(symptomReports.reportedAt, cursor.reportedAt),
                and(eq(symptomReports.reportedAt, cursor.reportedAt), lt(symptomReports.id, cursor.id)),
              )),
      ),
    )
    .orderBy(desc(symptomReports.reportedAt), desc(symptomReports.id))
    .limit(limit);
  const ids = rows.map((r) => r.id);
  const gradeRows = ids.length
    ? await tx
        .select({ reportId: symptomGrades.reportId, symptom: symptomGrades.symptom, grade: symptomGrades.grade })
        .from(symptomGrades)
        .where(and(eq(symptomGrades.patientId, p.patientId), inArray(symptomGrades.reportId, ids)))
    : [];
  const order = new Map(SYMPTOM_CODES.map((code, index) => [code as string, index]));
  const gradesByReport = new Map<string, ReportGrade[]>();
  for (const g of gradeRows.sort((a, b) => (order.get(a.symptom) ?? 0) - (order.get(b.symptom) ?? 0))) {
    const list = gradesByReport.get(g.reportId) ?? [];
    list.push({ symptom: g.symptom as SymptomCode, grade: g.grade as CompositeGrade | null });
    gradesByReport.set(g.reportId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    reportedAt: r.reportedAt,
    source: r.source,
    temperatureC: r.temperatureC,
    redFlags: r.redFlags,
    canWait: r.canWait,
    note: r.note,
    grades: gradesByReport.get(r.id) ?? [],
    alert:
      r.alertId && r.severity && r.status && r.reasons
        ? { id: r.alertId, severity: r.severity, status: r.status, reasons: r.reasons }
        : null,
  }));
}

export type GradeHistoryPoint = { symptom: SymptomCode; grade: CompositeGrade | null; reportedAt: Date };

/**
 * Every grade the patient reported since `since`, oldest first, for charts. A null grade is an
 * item opened but not finished: a gap in the line, not a zero.
 */
export async function gradeHistory(
  tx: Tx,
  p: { patientId: string; since: Date; symptoms?: readonly SymptomCode[] },
): Promise<GradeHistoryPoint[]> {
  const rows = await tx
    .select({ symptom: symptomGrades.symptom, grade: symptomGrades.grade, reportedAt: symptomGrades.reportedAt })
    .from(symptomGrades)
    .where(
      and(
        eq(symptomGrades.patientId, p.patientId),
        gte(symptomGrades.reportedAt, p.since),
        p.symptoms && p.symptoms.length > 0 ? inArray(symptomGrades.symptom, [...p.symptoms]) : undefined,
      ),
    )
    .orderBy(asc(symptomGrades.reportedAt), asc(symptomGrades.symptom));
  return rows.map((r) => ({
    symptom: r.symptom as SymptomCode,
    grade: r.grade as CompositeGrade | null,
    reportedAt: r.reportedAt,
  }));
}
