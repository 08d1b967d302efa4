/**
 * The demo seed's alert episodes: as in the app (lib/alerts/episodes.ts), a patient has one active
 * alert at a time. An amber or red report while the patient's latest alert is still active at
 * that moment (not yet resolved) joins it, with its own link (alert_reports) and a history event
 * by the patient (when the patient has an account); otherwise the report raises a new alert.
 */
import type * as t from "@/db/schema";
import { applyReportToEpisode } from "@/lib/alerts/episodes";
import type { TriageResult } from "@/lib/triage/rules";

type AlertRow = typeof t.alerts.$inferInsert;
type EventRow = typeof t.alertEvents.$inferInsert;
type LinkRow = typeof t.alertReports.$inferInsert;

export type DemoReportTriage = Pick<TriageResult, "level" | "reasons" | "responseMinutes">;

export class DemoEpisodes {
  readonly alerts: AlertRow[] = [];
  readonly events: EventRow[] = [];
  readonly links: LinkRow[] = [];
  /** Each patient's latest alert and when it is resolved (null: still active today). */
  private readonly latest = new Map<string, { alert: AlertRow; resolvedAt: Date | null }>();

  /**
   * Adds the report to the patient's alert when one is active at `at`, as the app would, and says
   * whether it did; when it did not, the caller raises a new alert with `raise`.
   */
  join(p: { patientId: string; userId: string | null; reportId: string; triage: DemoReportTriage; at: Date }): boolean {
    const current = this.latest.get(p.patientId);
    const level = p.triage.level;
    if (!current || level === "green" || p.triage.responseMinutes === null) return false;
    if (current.resolvedAt !== null && current.resolvedAt.getTime() <= p.at.getTime()) return false;
    const a = current.alert;
    const acknowledged = a.acknowledgedAt != null && a.acknowledgedAt.getTime() <= p.at.getTime();
    const change = applyReportToEpisode(
      {
        severity: a.severity,
        status: acknowledged && a.status !== "open" ? "acknowledged" : "open",
        dueAt: a.dueAt,
        reasons: a.reasons,
      },
      { level, reasons: p.triage.reasons, responseMinutes: p.triage.responseMinutes, at: p.at },
    );
    a.severity = change.severity;
    a.dueAt = change.dueAt;
    a.reasons = change.reasons;
    a.reportCount = (a.reportCount ?? 1) + 1;
    a.lastReportedAt = p.at;
    a.version = (a.version ?? 1) + 1;
    // A worse report on an acknowledged alert that is still active needs a new acknowledgement.
    if (change.kind === "escalated" && acknowledged && a.status === "acknowledged") {
      Object.assign(a, { status: "open", acknowledgedBy: null, acknowledgedAt: null });
    }
    this.link(a, p.reportId, p.triage, p.at);
    // The history names the report's submitter; a demo patient without an account has none, and
    // the report's link (alert_reports) is then its only trace on the alert.
    if (!p.userId) return true;
    this.events.push({
      alertId: a.id as string,
      patientId: p.patientId,
      userId: p.userId,
      kind: change.kind === "escalated" ? "escalated" : "report_added",
      reportId: p.reportId,
      createdAt: p.at,
    });
    return true;
  }

  /** A new alert for the report, with the events of what was done to it; `resolvedAt` null when still active. */
  raise(alert: AlertRow, events: EventRow[], triage: DemoReportTriage, resolvedAt: Date | null): void {
    const at = alert.raisedAt as Date;
    alert.lastReportedAt = at;
    this.alerts.push(alert);
    this.events.push(...events);
    this.link(alert, alert.reportId, triage, at);
    this.latest.set(alert.patientId, { alert, resolvedAt });
  }

  private link(alert: AlertRow, reportId: string, triage: DemoReportTriage, at: Date): void {
    if (triage.level === "green" || triage.responseMinutes === null) return;
    this.links.push({
      reportId,
      alertId: alert.id as string,
      patientId: alert.patientId,
      severity: triage.level,
      reasons: triage.reasons,
      responseMinutes: triage.responseMinutes,
      addedAt: at,
    });
  }
}

/** How a demo alert ended, from the report that raised it. */
export function outcomeFor(
  report: { redFlags: readonly string[]; temperatureC: number | null },
  level: "red" | "amber",
  random: () => number,
): { codes: string[]; note: string } {
  if (report.redFlags.length > 0)
    return { codes: ["emergency_services"], note: "Ambulance called; admitted overnight." };
  if (report.temperatureC !== null && report.temperatureC >= 37.5) {
    return { codes: ["acute_oncology_referral"], note: "Seen in acute oncology; antibiotics within the hour." };
  }
  if (level === "red") return { codes: ["acute_oncology_referral"], note: "Reviewed in clinic the same day." };
  const roll = random();
  if (roll < 0.6)
    return { codes: ["self_care_advice"], note: "Phoned; self-care advice given, anti-sickness medicine reviewed." };
  if (roll < 0.85) return { codes: ["no_intervention_needed"], note: "Phoned; already settling." };
  return { codes: ["unable_to_contact"], note: "Three calls unanswered; alert closed, patient to be called tomorrow." };
}
