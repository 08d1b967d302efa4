/**
 * One patient's report of one day as the app would have stored it: graded with lib/grading,
 * triaged with lib/triage, with its alert (handled according to its age), the alert's history and
 * the audit events of it all. As in the app, a patient has one active alert at a time: an amber or
 * red report while the latest alert is still active at that moment joins it (lib/alerts/episodes),
 * so each alert's row is written once its last report is in (`writeEpisode`).
 */
import { applyReportToEpisode } from "../../lib/alerts/episodes";
import type { StoredAuditRow } from "../../lib/audit/chain";
import { gradeReport } from "../../lib/reports/validation";
import { DEFAULT_TRIAGE_SETTINGS, triageReport } from "../../lib/triage/rules";
import { field } from "./copy";
import type { DayReport } from "./course";
import type { PatientState } from "./enrol";
import { type Streams, TABLE } from "./streams";
import {
  careTeamId,
  NURSES_PER_TEAM,
  ONCOLOGISTS_PER_TEAM,
  orderedId,
  organisationId,
  patientId,
  patientUserId,
  staffId,
  teamOrganisation,
} from "./world";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** An audit event before the chain numbers it. `details` is jsonb's own text form (keys by length). */
export type PendingAudit = Omit<StoredAuditRow, "id" | "occurredAt" | "prevHash" | "hash"> & { at: number };
export type Counters = { reports: number; alerts: number; active: number; alertEvents: number };

/** A patient's latest alert while reports may still join it; times in epoch milliseconds. */
export type ScaleEpisode = {
  id: string;
  patientId: string;
  careTeamId: string;
  reportId: string;
  severity: "red" | "amber";
  reasons: string[];
  status: "open" | "acknowledged" | "resolved";
  raisedAt: number;
  dueAt: number;
  assignedTo: string | null;
  ackBy: string | null;
  ackAt: number | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
  outcomeCodes: string[];
  version: number;
  reportCount: number;
  lastReportedAt: number;
};

/** Writes an alert's row once no more reports will join it: the next alert is raised, or the load ends. */
export async function writeEpisode(s: Streams, e: ScaleEpisode, counters: Counters): Promise<void> {
  if (e.status !== "resolved") counters.active++;
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  await s.alerts.write([
    e.id,
    e.patientId,
    e.careTeamId,
    e.reportId,
    e.severity,
    e.reasons,
    e.status,
    new Date(e.raisedAt),
    new Date(e.dueAt),
    e.assignedTo,
    e.ackBy,
    date(e.ackAt),
    e.resolvedBy,
    date(e.resolvedAt),
    e.outcomeCodes,
    e.version,
    e.reportCount,
    new Date(e.lastReportedAt),
  ]);
}

/** One day's report of one patient, with its answers, grades, alert, alert history and audit events. */
export async function writeReport(
  s: Streams,
  p: PatientState,
  day: number,
  report: DayReport,
  reportedAt: number,
  now: number,
  counters: Counters,
  audit: (event: PendingAudit) => void,
): Promise<void> {
  const { index: i, team } = p;
  const id = patientId(i);
  const org = organisationId(teamOrganisation(team));
  const reportId = orderedId(day, TABLE.report, counters.reports++);
  const grades = gradeReport({ answers: report.answers });
  const triage = triageReport(
    {
      grades,
      previousGrades: { ...p.previous },
      temperatureC: report.temperatureC,
      redFlags: report.redFlags,
      canWait: null,
    },
    DEFAULT_TRIAGE_SETTINGS,
  );
  for (const { symptom, grade } of grades) if (grade !== null) p.previous[symptom] = grade;
  const at = new Date(reportedAt);
  await s.symptom_reports.write([
    reportId,
    id,
    "patient",
    patientUserId(i),
    at,
    report.temperatureC,
    report.redFlags,
    null,
    report.note,
    at,
  ]);
  // The symptoms and attributes are the PRO-CTCAE vocabulary's names: nothing to escape.
  const key = `${reportId}\t${id}\t`;
  let answers = "";
  let answerCount = 0;
  for (const [symptom, values] of Object.entries(report.answers)) {
    for (const [attribute, value] of Object.entries(values ?? {})) {
      answers += `${key}${symptom}\t${attribute}\t${field(value)}\n`;
      answerCount++;
    }
  }
  await s.symptom_answers.writeLines(answers, answerCount);
  const atText = at.toISOString();
  let gradeLines = "";
  for (const { symptom, grade } of grades) gradeLines += `${key}${symptom}\t${field(grade)}\t${atText}\n`;
  await s.symptom_grades.writeLines(gradeLines, grades.length);
  audit({
    at: reportedAt,
    organisationId: org,
    actorUserId: patientUserId(i),
    actorRole: "patient",
    action: "symptom_report_submitted",
    patientId: id,
    resourceType: "symptom_report",
    resourceId: reportId,
    outcome: "allowed",
    details: '{"source": "patient", "replayed": false}',
  });

  if (triage.level === "green" || triage.responseMinutes === null) return;
  const link = (alertId: string) =>
    s.alert_reports.write([reportId, alertId, id, triage.level, triage.reasons, triage.responseMinutes, at]);
  const current = p.episode;
  if (current && (current.resolvedAt === null || reportedAt < current.resolvedAt)) {
    const acknowledged = current.ackAt !== null && current.ackAt <= reportedAt;
    const change = applyReportToEpisode(
      {
        severity: current.severity,
        status: acknowledged && current.status !== "open" ? "acknowledged" : "open",
        dueAt: new Date(current.dueAt),
        reasons: current.reasons,
      },
      { level: triage.level, reasons: triage.reasons, responseMinutes: triage.responseMinutes, at },
    );
    Object.assign(current, {
      severity: change.severity,
      dueAt: change.dueAt.getTime(),
      reasons: change.reasons,
      reportCount: current.reportCount + 1,
      lastReportedAt: reportedAt,
      version: current.version + 1,
    });
    // A worse report on an acknowledged alert that is still active needs a new acknowledgement.
    if (change.kind === "escalated" && acknowledged && current.status === "acknowledged") {
      Object.assign(current, { status: "open", ackBy: null, ackAt: null });
    }
    await link(current.id);
    await s.alert_events.write([
      orderedId(day, TABLE.alertEvent, counters.alertEvents++),
      current.id,
      id,
      patientUserId(i),
      change.kind === "escalated" ? "escalated" : "report_added",
      null,
      null,
      at,
      reportId,
    ]);
    return;
  }
  if (current) await writeEpisode(s, current, counters);
  const alertId = orderedId(day, TABLE.alert, counters.alerts++);
  const red = triage.level === "red";
  const rolls = [p.random(), p.random(), p.random(), p.random()];
  const nurse = staffId(team, "nurse", Math.floor(rolls[0] * NURSES_PER_TEAM));
  const resolver = red ? staffId(team, "oncologist", i % ONCOLOGISTS_PER_TEAM) : nurse;
  const ackAt = reportedAt + (red ? 8 + rolls[1] * 20 : 40 + rolls[1] * 300) * MINUTE_MS;
  const resolvedAt = ackAt + (15 + rolls[2] * 90) * MINUTE_MS;
  const age = now - reportedAt;
  // Older than a week: resolved (follow-up calls and clinic reviews take days). Older than twelve
  // hours: mostly acknowledged. The rest are still open.
  const status = age > 7 * DAY_MS ? "resolved" : age > 12 * HOUR_MS && rolls[3] < 0.8 ? "acknowledged" : "open";
  const outcome = red ? "acute_oncology_referral" : rolls[2] < 0.6 ? "self_care_advice" : "no_intervention_needed";
  const handled = status !== "open";
  const resolved = status === "resolved";
  p.episode = {
    id: alertId,
    patientId: id,
    careTeamId: careTeamId(team),
    reportId,
    severity: triage.level,
    reasons: triage.reasons,
    status,
    raisedAt: reportedAt,
    dueAt: reportedAt + triage.responseMinutes * MINUTE_MS,
    assignedTo: handled ? nurse : null,
    ackBy: handled ? nurse : null,
    ackAt: handled ? ackAt : null,
    resolvedBy: resolved ? resolver : null,
    resolvedAt: resolved ? resolvedAt : null,
    outcomeCodes: resolved ? [outcome] : [],
    version: resolved ? 3 : handled ? 2 : 1,
    reportCount: 1,
    lastReportedAt: reportedAt,
  };
  await link(alertId);
  if (!handled) return;
  const event = (kind: string, user: string, time: number, codes: string[] | null) =>
    s.alert_events.write([
      orderedId(day, TABLE.alertEvent, counters.alertEvents++),
      alertId,
      id,
      user,
      kind,
      null,
      codes,
      new Date(time),
      null,
    ]);
  const staffAudit = (action: string, user: string, role: string, time: number, type: string, details: string) =>
    audit({
      at: time,
      organisationId: org,
      actorUserId: user,
      actorRole: role,
      action,
      patientId: id,
      resourceType: type,
      resourceId: type === "patient" ? id : alertId,
      outcome: "allowed",
      details,
    });
  staffAudit("patient_record_viewed", nurse, "nurse", ackAt - MINUTE_MS, "patient", VIEW_DETAILS);
  await event("acknowledged", nurse, ackAt, null);
  staffAudit("alert_acknowledged", nurse, "nurse", ackAt, "alert", "");
  if (!resolved) return;
  await event("resolved", resolver, resolvedAt, [outcome]);
  staffAudit("alert_resolved", resolver, red ? "oncologist" : "nurse", resolvedAt, "alert", "");
}

const VIEW_DETAILS = '{"withheld": null, "emergency": false}';
