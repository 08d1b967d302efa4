import "server-only";
/**
 * A report as it was stored, read back: to answer a retried submission with its first result, and
 * to show a stored report's triage result again.
 */
import { eq, type SQL, sql } from "drizzle-orm";
import type { CompositeGrade } from "../../lib/grading/composite-table";
import { SYMPTOM_CODES, type SymptomCode, symptomItem } from "../../lib/grading/items";
import type { Locale } from "../../lib/i18n/locales";
import type { ReportGrade, SymptomReportInput } from "../../lib/reports/validation";
import { patientAdvice } from "../../lib/triage/advice";
import type { RedFlag } from "../../lib/triage/red-flags";
import { DEFAULT_TRIAGE_SETTINGS, type TriageResult, type TriageSettings, triageReport } from "../../lib/triage/rules";
import type { Tx } from "../client";
import { alertReports, alerts, symptomAnswers, symptomGrades, symptomReports } from "../schema";
import { at, jsonb, queryRows } from "../sql";
import { reportReasons } from "./alert-reasons";
import type { ReportResult } from "./report-submit";

/**
 * The latest non-missing grade of each symptom in the patient's reports before `before`, as one
 * jsonb object (symptom to grade): one index probe per symptom on symptom_grades (patient_id,
 * symptom, reported_at), read backwards. A scalar subquery, so it can ride in another statement.
 */
/**
 * What a stored report is read back with, by `symptomReports` left-joined to its `alertReports` row:
 * the report's own answers and, when it was amber or red, the alert (episode) it went to, with what
 * triage said about this report alone (null columns when it was green).
 */
export const REPORT_AND_ALERT_COLUMNS = {
  id: symptomReports.id,
  reportedAt: symptomReports.reportedAt,
  temperatureC: symptomReports.temperatureC,
  redFlags: symptomReports.redFlags,
  canWait: symptomReports.canWait,
  note: symptomReports.note,
  alertId: alertReports.alertId,
  severity: alertReports.severity,
  // Through the view that holds them to the symptoms category (db/sql/alert-reasons.sql).
  reasons: reportReasons(sql`${alertReports.reportId}`),
};

export function previousGradesQuery(patientId: string, symptoms: readonly SymptomCode[], before: Date): SQL {
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

export function gradesOf(previous: Record<string, number> | string): Partial<Record<SymptomCode, number>> {
  const object = typeof previous === "string" ? (JSON.parse(previous) as Record<string, number>) : previous;
  return Object.fromEntries(Object.entries(object).map(([symptom, grade]) => [symptom, Number(grade)]));
}

export type StoredReport = {
  id: string;
  patientId: string;
  reportedAt: Date;
  temperatureC: number | null;
  redFlags: RedFlag[];
  canWait: boolean | null;
  note: string | null;
  answers: { symptom: string; attribute: string; value: number | null }[];
  grades: ReportGrade[];
  /** The alert the report went to, with the report's own level, reasons and response target. */
  alert: { id: string; severity: "red" | "amber"; reasons: string[]; responseMinutes: number; joined: boolean } | null;
  previousGrades: Partial<Record<SymptomCode, number>>;
};

export async function loadStoredReport(tx: Tx, reportId: string): Promise<StoredReport | null> {
  const [report] = await tx
    .select({
      ...REPORT_AND_ALERT_COLUMNS,
      patientId: symptomReports.patientId,
      responseMinutes: alertReports.responseMinutes,
      raisedBy: alerts.reportId,
    })
    .from(symptomReports)
    .leftJoin(alertReports, eq(alertReports.reportId, symptomReports.id))
    .leftJoin(alerts, eq(alerts.id, alertReports.alertId))
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
    report.alertId && report.severity && report.reasons && report.responseMinutes !== null
      ? {
          id: report.alertId,
          severity: report.severity,
          reasons: report.reasons,
          responseMinutes: report.responseMinutes,
          joined: report.raisedBy !== null && report.raisedBy !== report.id,
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
export function sameReport(stored: StoredReport, input: SymptomReportInput): boolean {
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
 * The result as it was first returned. The report's link to its alert, when there is one, is the
 * record of what triage decided for it (the alert itself may since have taken later reports); a green report's reasons (only ever the "it can wait" note) are recomputed from the
 * stored answers with the given settings.
 */
export function resultOf(
  stored: StoredReport,
  options: { triageSettings?: TriageSettings; hospitalLine?: string; locale?: Locale },
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
        responseMinutes: stored.alert.responseMinutes,
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
    alertJoined: stored.alert?.joined ?? false,
    grades: stored.grades,
    symptomLevels: triage.symptomLevels,
    ...(options.hospitalLine !== undefined && {
      advice: patientAdvice(triage, { hospitalLine: options.hospitalLine, locale: options.locale }),
    }),
  };
}

export type FindReportResultParams = { reportId: string; triageSettings?: TriageSettings; hospitalLine?: string };

/** A stored report's triage result, as `submitReport` returned it; null when the caller may not read it. */
export async function findReportResult(
  tx: Tx,
  { reportId, ...options }: FindReportResultParams,
): Promise<Omit<ReportResult, "replayed"> | null> {
  const stored = await loadStoredReport(tx, reportId);
  return stored && resultOf(stored, options);
}
