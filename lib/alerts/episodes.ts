/**
 * Alert episodes: a patient has at most one active alert (open or acknowledged) at a time, and
 * every amber or red report while it is active joins it instead of raising an alert of its own.
 * Pure: the caller passes the episode as it stands, the new report's triage and the time it came
 * in; db/queries/alert-episodes.ts applies what this decides, and the database refuses any change
 * that would make an episode milder or give it more time (db/sql/alert-episodes.sql).
 *
 * - No active episode: the report raises a new one, due at `at` + its response target.
 * - Same level: the report is added; the level and the clock stay, the reasons become the new
 *   report's (the latest account of the same level).
 * - Milder (red episode, amber report): the report is added; the level, the clock and the reasons
 *   that justify the red stay. The amber report's own reasons are kept with it (alert_reports).
 * - Worse (amber episode, red report): the episode becomes red with the new reasons and its clock
 *   restarts at the red target counted from `at`, but never later than an open episode's current
 *   due time (an overdue amber that turns red stays overdue). An acknowledged episode goes back to
 *   open: the red report needs its own acknowledgement. Whoever it is assigned to stays assigned.
 * - A resolved episode is over: the next report starts a new one.
 */
import type { AlertSeverity, AlertStatus } from "./transitions";

const MINUTE = 60_000;

/** The active episode as stored. */
export type Episode = {
  severity: AlertSeverity;
  status: Exclude<AlertStatus, "resolved">;
  dueAt: Date;
  reasons: readonly string[];
};

/** What triage said about the new report: only amber and red reports join or raise an episode. */
export type EpisodeReport = {
  level: AlertSeverity;
  reasons: readonly string[];
  /** The report's response target in minutes (red or amber target of the organisation). */
  responseMinutes: number;
  /** When the report came in: the clock of a new or escalated episode counts from here. */
  at: Date;
};

export type EpisodeChange =
  | { kind: "raised"; severity: AlertSeverity; status: "open"; dueAt: Date; reasons: string[] }
  | { kind: "escalated"; severity: AlertSeverity; status: "open"; dueAt: Date; reasons: string[] }
  | {
      kind: "report_added";
      severity: AlertSeverity;
      status: Exclude<AlertStatus, "resolved">;
      dueAt: Date;
      reasons: string[];
      /** True when the episode's reasons are replaced by the report's (a same-level report). */
      reasonsChanged: boolean;
    };

const RANK: Readonly<Record<AlertSeverity, number>> = { amber: 1, red: 2 };

/** How severities compare: positive when `a` is worse than `b`. */
export function compareSeverity(a: AlertSeverity, b: AlertSeverity): number {
  return RANK[a] - RANK[b];
}

/** A new episode for a report when the patient has none active. */
export function startEpisode(report: EpisodeReport): EpisodeChange {
  return {
    kind: "raised",
    severity: report.level,
    status: "open",
    dueAt: new Date(report.at.getTime() + report.responseMinutes * MINUTE),
    reasons: [...report.reasons],
  };
}

/** What a new amber or red report does to the patient's episode (`null`: none active). */
export function applyReportToEpisode(episode: Episode | null, report: EpisodeReport): EpisodeChange {
  if (episode === null) return startEpisode(report);
  const order = compareSeverity(report.level, episode.severity);
  if (order > 0) {
    const restarted = new Date(report.at.getTime() + report.responseMinutes * MINUTE);
    const dueAt =
      episode.status === "open" && episode.dueAt.getTime() < restarted.getTime() ? episode.dueAt : restarted;
    return { kind: "escalated", severity: report.level, status: "open", dueAt, reasons: [...report.reasons] };
  }
  const same = order === 0;
  return {
    kind: "report_added",
    severity: episode.severity,
    status: episode.status,
    dueAt: episode.dueAt,
    reasons: same ? [...report.reasons] : [...episode.reasons],
    reasonsChanged: same,
  };
}

/** "1 report", "3 reports": how many reports an episode holds, for a table cell or a heading. */
export function reportCountText(count: number): string {
  return count === 1 ? "1 report" : `${count} reports`;
}
