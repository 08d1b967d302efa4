/**
 * The sentences a clinician reads when their action on an alert did not go through because the
 * alert had changed: who did what, and when, so they know at once whether anything is left to do.
 */
import { outcomeLabel } from "./outcomes";
import { formatClock } from "./time";
import type { AlertAction } from "./transitions";
import type { AlertSnapshot } from "./view";

export type { AlertSnapshot };

const PAST: Record<AlertAction, string> = {
  acknowledge: "acknowledged",
  assign: "assigned",
  note: "noted",
  resolve: "resolved",
  reopen: "reopened",
};

const NOUN: Record<AlertAction, string> = {
  acknowledge: "acknowledgement",
  assign: "assignment",
  note: "note",
  resolve: "resolution",
  reopen: "reopening",
};

const who = (person: { id: string; name: string } | null, viewerId: string) =>
  person === null ? "A colleague" : person.id === viewerId ? "You" : person.name;

/** What the alert is now, in one sentence: "Fiona Grant acknowledged it at 14:05." */
export function describeAlertState(alert: AlertSnapshot, viewerId: string, now: Date): string {
  if (alert.status === "resolved") {
    const outcomes = alert.outcomeCodes.map(outcomeLabel).join(", ");
    const when = alert.resolvedAt ? ` at ${formatClock(alert.resolvedAt, now)}` : "";
    return `${who(alert.resolvedBy, viewerId)} resolved it${when}${outcomes ? ` (${outcomes})` : ""}.`;
  }
  if (alert.status === "acknowledged") {
    const when = alert.acknowledgedAt ? ` at ${formatClock(alert.acknowledgedAt, now)}` : "";
    const owner = alert.assignee
      ? ` It is assigned to ${alert.assignee.id === viewerId ? "you" : alert.assignee.name}.`
      : "";
    return `${who(alert.acknowledgedBy, viewerId)} acknowledged it${when}.${owner}`;
  }
  return alert.assignee
    ? `It is still open, now assigned to ${alert.assignee.id === viewerId ? "you" : alert.assignee.name}.`
    : "It is still open.";
}

/**
 * Someone else changed the alert between the clinician seeing it and acting on it. Nothing was
 * changed by this action; the table shows the alert as it now is.
 */
export function conflictMessage(action: AlertAction, alert: AlertSnapshot, viewerId: string, now: Date): string {
  return `Your ${NOUN[action]} did not go through: this alert changed just before. ${describeAlertState(alert, viewerId, now)} Nothing was changed by you; the table now shows the alert as it is.`;
}

/** The alert is in a state where the action makes no sense (e.g. acknowledging a resolved alert). */
export function notAllowedMessage(action: AlertAction, alert: AlertSnapshot, viewerId: string, now: Date): string {
  return `This alert cannot be ${PAST[action]} now. ${describeAlertState(alert, viewerId, now)}`;
}
