import "server-only";
/**
 * Storing a symptom report in the caller's transaction: the report with its answers, grades and
 * alert, and replaying a retried submission. Runs inside `withRls`: a patient stores their own
 * reports; a clinician taking a report by phone needs the patient's consent for `symptoms`.
 */
import { and, eq, sql } from "drizzle-orm";
import type { ReportSource } from "@/lib/vocabulary";
import { refused } from "../../lib/errors";
import { type SymptomCode, symptomItem } from "../../lib/grading/items";
import { DEFAULT_LOCALE, type Locale } from "../../lib/i18n/locales";
import type { NotificationSettings } from "../../lib/notifications/ladder";
import { gradeReport, type ReportGrade, type SymptomReportInput } from "../../lib/reports/validation";
import { type PatientAdvice, patientAdvice } from "../../lib/triage/advice";
import { type SymptomLevel, type TriageLevel, type TriageSettings, triageReport } from "../../lib/triage/rules";
import type { Tx } from "../client";
import { symptomReports } from "../schema";
import { at, jsonb, queryRows, textArray } from "../sql";
import { recordAlertReport } from "./alert-episodes";
import { queueAlertNotifications } from "./notifications";
import { gradesOf, loadStoredReport, previousGradesQuery, resultOf, sameReport } from "./stored-reports";

export type { ReportSource };

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
  /** True when the report joined the patient's active alert instead of raising one (lib/alerts/episodes.ts). */
  alertJoined: boolean;
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
  /** When the alert's notifications are due (the escalation ladder); the defaults when omitted. */
  notificationSettings?: NotificationSettings;
  /** The hospital's 24-hour line; with it the result carries the patient's advice. */
  hospitalLine?: string;
  /** The language the questions were read in, and the advice is given in; English when omitted. */
  locale?: Locale;
  now: Date;
};

/**
 * Stores one validated report in the caller's transaction: the report, every answer (null where
 * skipped), a grade for each graded item, and, when triage says red or amber, the report goes to the
 * care team: it raises the patient's alert (reasons in plain words, due at `now` + the response
 * target) or, when one is already active, joins it as lib/alerts/episodes.ts says.
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
            temperature_c, red_flags, can_wait, note, created_at, locale)
          values (${p.patientId}::uuid, ${p.source}::report_source, ${p.submittedBy}::uuid,
            ${p.idempotencyKey}::text, ${at(reportedAt)}, ${input.temperatureC ?? null}::numeric,
            ${textArray(input.redFlags)}, ${input.canWait ?? null}::boolean, ${input.note || null}, ${at(p.now)},
            ${p.locale ?? DEFAULT_LOCALE})
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
  let alertJoined = false;
  if (triage.level !== "green" && triage.responseMinutes !== null) {
    // The patient's active alert takes the report, or a new one is raised (db/queries/alert-episodes.ts).
    const episode = await recordAlertReport(tx, {
      patientId: p.patientId,
      organisationId: p.organisationId,
      careTeamId: p.careTeamId,
      reportId,
      report: { level: triage.level, reasons: triage.reasons, responseMinutes: triage.responseMinutes, at: p.now },
    });
    alertId = episode.alertId;
    alertJoined = episode.change !== "raised";
    // A new alert, or an amber episode this report made red, needs a person: its escalation ladder
    // starts at this report. A report joining an alert that was already as bad owes nothing new.
    // Queued in this transaction, so the notifications stand or fall with the alert's change.
    if (episode.change === "raised" || episode.change === "escalated") {
      await queueAlertNotifications(tx, {
        alertId,
        severity: episode.severity,
        now: p.now,
        dueAt: episode.dueAt,
        settings: p.notificationSettings,
      });
    }
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
    alertJoined,
    grades,
    symptomLevels: triage.symptomLevels,
    ...(p.hospitalLine !== undefined && {
      advice: patientAdvice(triage, { hospitalLine: p.hospitalLine, locale: p.locale }),
    }),
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
