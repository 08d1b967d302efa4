/**
 * Symptom reports: storing a submission with its answers, grades and alert in the caller's
 * transaction, replaying a retried submission, and reading reports back for lists and charts.
 *
 * Every function runs inside `withRls`, so the policies decide whose rows are touched: a patient
 * stores and reads their own reports; a clinician needs the patient's consent for `symptoms` (and
 * `alerts` to see an alert).
 */
import { and, asc, desc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import { AppError } from "../../lib/errors";
import type { CompositeGrade } from "../../lib/grading/composite-table";
import { SYMPTOM_CODES, type SymptomCode, symptomItem } from "../../lib/grading/items";
import { log } from "../../lib/log";
import { gradeReport, type ReportGrade, type SymptomReportInput } from "../../lib/reports/validation";
import { type PatientAdvice, patientAdvice } from "../../lib/triage/advice";
import type { RedFlag } from "../../lib/triage/red-flags";
import {
  DEFAULT_TRIAGE_SETTINGS,
  resolveTriageSettings,
  type SymptomLevel,
  type TriageLevel,
  type TriageResult,
  type TriageSettings,
  triageReport,
} from "../../lib/triage/rules";
import type { Tx } from "../client";
import { alerts, patients, symptomAnswers, symptomGrades, symptomReports } from "../schema";
import type { OrganisationSettings } from "../schema/organisations";
import { queryRows } from "../sql";

export type ReportSource = (typeof symptomReports.source.enumValues)[number];

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

/** Triage settings and the 24-hour line of an organisation, from its stored settings. */
export function reportSettingsFor(settings: OrganisationSettings | Record<string, unknown>): {
  triageSettings: TriageSettings;
  hospitalLine: string;
} {
  const { triage, hospitalLine } = settings as OrganisationSettings;
  let triageSettings: TriageSettings;
  try {
    triageSettings = resolveTriageSettings(triage ?? {});
  } catch {
    // Settings are validated when an admin saves them; should stored ones ever be unreadable, the
    // signed-off product defaults are safer than refusing (and so losing) the patient's report.
    log.warn("organisation triage settings are invalid; using the product defaults");
    triageSettings = { ...DEFAULT_TRIAGE_SETTINGS };
  }
  const line = typeof hospitalLine === "string" && hospitalLine.trim() ? hospitalLine.trim() : FALLBACK_HOSPITAL_LINE;
  return { triageSettings, hospitalLine: line };
}

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
  const [inserted] = await tx
    .insert(symptomReports)
    .values({
      patientId: p.patientId,
      source: p.source,
      submittedBy: p.submittedBy,
      idempotencyKey: p.idempotencyKey,
      reportedAt,
      temperatureC: input.temperatureC ?? null,
      redFlags: [...input.redFlags],
      canWait: input.canWait ?? null,
      note: input.note || null,
      createdAt: p.now,
    })
    .onConflictDoNothing({ target: [symptomReports.patientId, symptomReports.idempotencyKey] })
    .returning({ id: symptomReports.id });
  if (!inserted) return replay(tx, p);
  const reportId = inserted.id;

  const answerRows = Object.entries(input.answers).flatMap(([symptom, answers]) =>
    symptomItem(symptom as SymptomCode).attributes.map((attribute) => ({
      reportId,
      patientId: p.patientId,
      symptom,
      attribute,
      value: answers?.[attribute] ?? null,
    })),
  );
  if (answerRows.length > 0) await tx.insert(symptomAnswers).values(answerRows);

  const grades = gradeReport(input);
  const previousGrades = await previousGradesFor(tx, {
    patientId: p.patientId,
    symptoms: grades.map((g) => g.symptom),
    before: reportedAt,
  });
  if (grades.length > 0) {
    await tx
      .insert(symptomGrades)
      .values(
        grades.map((g) => ({ reportId, patientId: p.patientId, symptom: g.symptom, grade: g.grade, reportedAt })),
      );
  }

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
    const careTeamId = p.careTeamId ?? (await primaryCareTeamId(tx, p.patientId, p.organisationId));
    const [alert] = await tx
      .insert(alerts)
      .values({
        patientId: p.patientId,
        careTeamId,
        reportId,
        severity: triage.level,
        reasons: triage.reasons,
        raisedAt: p.now,
        dueAt: new Date(p.now.getTime() + triage.responseMinutes * 60_000),
      })
      .returning({ id: alerts.id });
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
  if (!existing) throw new AppError("conflict", "This report could not be stored. Please send it again.");
  const stored = await loadStoredReport(tx, existing.id);
  if (!stored) throw new AppError("conflict", "This report could not be stored. Please send it again.");
  if (!sameReport(stored, p.input)) {
    throw new AppError("conflict", "This Idempotency-Key was already used for a different report.", [
      { field: "Idempotency-Key", message: "Already used for a different report; use a new key for a new report." },
    ]);
  }
  return { ...resultOf(stored, p), replayed: true };
}

/**
 * The latest non-missing grade of each symptom in the patient's reports before `before`: one index
 * probe per symptom on symptom_grades (patient_id, symptom, reported_at), read backwards.
 */
export async function previousGradesFor(
  tx: Tx,
  p: { patientId: string; symptoms: readonly SymptomCode[]; before: Date },
): Promise<Partial<Record<SymptomCode, number>>> {
  if (p.symptoms.length === 0) return {};
  const rows = await queryRows<{ symptom: SymptomCode; grade: number }>(
    tx,
    sql`select s.symptom, g.grade
        from unnest(array[${sql.join(
          p.symptoms.map((s) => sql`${s}`),
          sql`, `,
        )}]::text[]) as s(symptom)
        cross join lateral (
          select sg.grade from symptom_grades sg
          where sg.patient_id = ${p.patientId} and sg.symptom = s.symptom
            and sg.reported_at < ${p.before.toISOString()}::timestamptz and sg.grade is not null
          order by sg.reported_at desc
          limit 1
        ) as g`,
  );
  return Object.fromEntries(rows.map((r) => [r.symptom, Number(r.grade)]));
}

async function primaryCareTeamId(tx: Tx, patientId: string, organisationId: string): Promise<string> {
  const [row] = await tx
    .select({ careTeamId: patients.primaryCareTeamId })
    .from(patients)
    .where(and(eq(patients.id, patientId), eq(patients.organisationId, organisationId)));
  if (!row) throw new AppError("not_found");
  return row.careTeamId;
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
  const previousGrades = await previousGradesFor(tx, {
    patientId: report.patientId,
    symptoms: grades.map((g) => g.symptom),
    before: report.reportedAt,
  });
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
  alert: {
    id: string;
    severity: "red" | "amber";
    status: "open" | "acknowledged" | "resolved";
    reasons: string[];
  } | null;
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
