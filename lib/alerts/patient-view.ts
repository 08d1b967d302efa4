/**
 * A patient's alert, in plain words for the patient: that their report reached the care team, that
 * someone saw it (by role, never by name), and that the team has dealt with it; and, while it is
 * open, the 24-hour line. Nothing the clinicians wrote about it.
 */
import { formatClock } from "./time";

export type PatientAlertFacts = {
  severity: "red" | "amber";
  status: "open" | "acknowledged" | "resolved";
  raisedAt: Date;
  lastReportedAt: Date;
  /** Reports in the episode, the one that raised it included. */
  reportCount: number;
  acknowledgedAt: Date | null;
  /** The role of whoever acknowledged it. */
  acknowledgedBy: "nurse" | "oncologist" | null;
  resolvedAt: Date | null;
  /** When the care team was first emailed about the latest report, if it has been. */
  notifiedAt: Date | null;
};

export type PatientAlertView = {
  state: PatientAlertFacts["status"];
  headline: string;
  lines: string[];
};

/** How long a resolved alert stays on the patient's pages. */
export const RESOLVED_SHOWN_DAYS = 7;

/** "21:40" today, "Tue 8 Dec, 21:40" on another day (clinic time). */
export const patientTime = (at: Date, now: Date): string => formatClock(at, now);

const ROLE_WORDS = { nurse: "A nurse", oncologist: "A doctor" } as const;

/** The alert's state as the patient reads it at `now`, with the 24-hour line while it is open. */
export function patientAlertView(alert: PatientAlertFacts, hospitalLine: string, now: Date): PatientAlertView {
  const when = (at: Date) => patientTime(at, now);
  const reports = alert.reportCount > 1 ? ` (${alert.reportCount} reports since ${when(alert.raisedAt)})` : "";
  const sent = `Your report at ${when(alert.lastReportedAt)} was sent to your care team${reports}.`;
  const callLine =
    alert.severity === "red"
      ? `If you have not heard from them, or you feel worse, call the 24-hour line on ${hospitalLine} now.`
      : `If you feel worse before they contact you, call the 24-hour line on ${hospitalLine}.`;

  if (alert.status === "resolved") {
    return {
      state: "resolved",
      headline: "Your team has dealt with this",
      lines: [
        ...(alert.resolvedAt ? [`Your care team closed it at ${when(alert.resolvedAt)}.`] : []),
        `If you feel unwell again, report again or call the 24-hour line on ${hospitalLine}.`,
      ],
    };
  }
  if (alert.status === "acknowledged" && alert.acknowledgedAt) {
    const who = alert.acknowledgedBy ? ROLE_WORDS[alert.acknowledgedBy] : "Someone in your care team";
    return {
      state: "acknowledged",
      headline: `${who} saw your report at ${when(alert.acknowledgedAt)}`,
      lines: [sent, "They are looking after it and will contact you if they need to.", callLine],
    };
  }
  return {
    state: "open",
    headline: sent,
    lines: [
      alert.notifiedAt ? `Your care team was told at ${when(alert.notifiedAt)}.` : "Your care team is being told.",
      callLine,
    ],
  };
}
