import "server-only";
/**
 * Reading a patient's reports back, for lists and charts. Runs inside `withRls`: a patient reads
 * their own; a clinician needs the patient's consent for `symptoms` (and `alerts` to see an alert).
 */
import { and, asc, desc, eq, gte, inArray, lt, or } from "drizzle-orm";
import type { ReportSource } from "@/lib/vocabulary";
import type { AlertSummary } from "../../lib/alerts/view";
import type { CompositeGrade } from "../../lib/grading/composite-table";
import { type Attribute, isSymptomCode, SYMPTOM_CODES, type SymptomCode } from "../../lib/grading/items";
import type { AnswersBySymptom } from "../../lib/reports/usual-symptoms";
import type { ReportGrade } from "../../lib/reports/validation";
import type { Tx } from "../client";
import { alertReports, alerts, symptomAnswers, symptomGrades, symptomReports } from "../schema";
import { REPORT_AND_ALERT_COLUMNS } from "./stored-reports";

export type ReportListItem = {
  id: string;
  reportedAt: Date;
  source: ReportSource;
  temperatureC: number | null;
  redFlags: string[];
  canWait: boolean | null;
  note: string | null;
  grades: ReportGrade[];
  /**
   * The alert the report went to (raised or joined), with this report's own level and reasons and
   * the alert's status. Null for a green report, or when the caller may not read the patient's alerts.
   */
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
    .select({ ...REPORT_AND_ALERT_COLUMNS, source: symptomReports.source, status: alerts.status })
    .from(symptomReports)
    .leftJoin(alertReports, eq(alertReports.reportId, symptomReports.id))
    .leftJoin(alerts, eq(alerts.id, alertReports.alertId))
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

export type GradeHistoryParams = { patientId: string; since: Date; symptoms?: readonly SymptomCode[] };

/**
 * Every grade the patient reported since `since`, oldest first, for charts. A null grade is an
 * item opened but not finished: a gap in the line, not a zero.
 */
export async function gradeHistory(tx: Tx, p: GradeHistoryParams): Promise<GradeHistoryPoint[]> {
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

export type LastReportAnswers = { reportedAt: Date; answers: AnswersBySymptom };

export type FindLastReportAnswersParams = { patientId: string };

/**
 * The answers of the patient's latest report (null when they have none), for the form's "Same as
 * my last report": values left unanswered are left out. One probe of (patient_id, reported_at).
 */
export async function findLastReportAnswers(
  tx: Tx,
  { patientId }: FindLastReportAnswersParams,
): Promise<LastReportAnswers | null> {
  const [last] = await tx
    .select({ id: symptomReports.id, reportedAt: symptomReports.reportedAt })
    .from(symptomReports)
    .where(eq(symptomReports.patientId, patientId))
    .orderBy(desc(symptomReports.reportedAt), desc(symptomReports.id))
    .limit(1);
  if (!last) return null;
  const rows = await tx
    .select({ symptom: symptomAnswers.symptom, attribute: symptomAnswers.attribute, value: symptomAnswers.value })
    .from(symptomAnswers)
    .where(and(eq(symptomAnswers.patientId, patientId), eq(symptomAnswers.reportId, last.id)));
  const answers: AnswersBySymptom = {};
  for (const { symptom, attribute, value } of rows) {
    if (value === null || !isSymptomCode(symptom)) continue;
    answers[symptom] = { ...answers[symptom], [attribute as Attribute]: value };
  }
  return { reportedAt: last.reportedAt, answers };
}
