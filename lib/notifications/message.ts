/**
 * What a notification says, and when a failed one is tried again. An alert's message names the
 * alert level and the care team and links to the alert (an opaque id, which opens only after
 * signing in, for someone who may read it), or to the triage queue: never the patient, their
 * hospital number or their symptoms, which the recipient reads only after signing in. An account's
 * message carries its one-time link and nothing else; a patient's reminder to report, a sign-in
 * link and the 24-hour line, and nothing about their health.
 */

export type AlertMessageInput = {
  severity: string;
  teamName: string;
  appUrl: string;
  step?: string;
  /** The alert's id: the link opens it (after sign-in); without it, the triage queue. */
  alertId?: string;
};
export type AlertMessage = { subject: string; text: string };

/** A later step of the escalation ladder: the alert was not acknowledged in time. */
const isEscalation = (step: string | undefined) => step === "second" || step === "escalation";

/** Where a message about an alert leads: the alert itself (after sign-in), or the triage queue. */
const alertLink = (appUrl: string, alertId: string | undefined) =>
  `${appUrl.replace(/\/+$/, "")}${alertId ? `/alerts/${encodeURIComponent(alertId)}` : "/triage"}`;

export function alertMessage({ severity, teamName, appUrl, step, alertId }: AlertMessageInput): AlertMessage {
  const level = severity === "red" ? "Red" : severity === "amber" ? "Amber" : "New";
  const link = alertLink(appUrl, alertId);
  const escalated = isEscalation(step);
  return {
    subject: `${level} alert for ${teamName}${escalated ? ": not yet acknowledged" : ""}`,
    text: [
      escalated
        ? `A ${level.toLowerCase()} alert for ${teamName} has not been acknowledged in time, and you are next on its escalation list.`
        : `A ${level.toLowerCase()} alert is waiting for ${teamName}.`,
      "",
      `Sign in to see it: ${link}`,
      "",
      "This message holds no patient details. Please do not reply.",
    ].join("\n"),
  };
}

export type AccountLinkMessageInput = { purpose: "activate" | "reset"; linkPath: string; appUrl: string };

/** The email with a one-time link, to the account's own address. */
export function accountLinkMessage({ purpose, linkPath, appUrl }: AccountLinkMessageInput): AlertMessage {
  const link = `${appUrl.replace(/\/+$/, "")}${linkPath}`;
  const what = purpose === "activate" ? "set up your SERUMS Oncology account" : "choose a new SERUMS Oncology password";
  return {
    subject: purpose === "activate" ? "Set up your SERUMS Oncology account" : "Reset your SERUMS Oncology password",
    text: [
      `Use this link to ${what}. It works once, for 72 hours:`,
      "",
      link,
      "",
      "If you did not expect this message, tell your administrator. Please do not reply.",
    ].join("\n"),
  };
}

export type ReminderMessageInput = { appUrl: string; hospitalLine: string };

/** A patient's reminder to report: when to, where to sign in, and whom to call meanwhile. */
export function reminderMessage({ appUrl, hospitalLine }: ReminderMessageInput): AlertMessage {
  const link = `${appUrl.replace(/\/+$/, "")}/report`;
  return {
    subject: "Time to tell your care team how you are",
    text: [
      "It is time to tell your team how you are.",
      "",
      `Sign in to report: ${link}`,
      "",
      `If you feel unwell, do not wait for a reminder: call the 24-hour line on ${hospitalLine}, day or night. In an emergency, call 999.`,
      "",
      "Please do not reply to this message.",
    ].join("\n"),
  };
}

/**
 * A reminder's push notification: the same words as its email, shortened, and the report form as
 * its link; nothing about the patient's health.
 */
export function reminderPushMessage({ appUrl, hospitalLine }: ReminderMessageInput): PushMessage {
  return {
    title: "Time to tell your care team how you are",
    body: `Tap to report. If you feel unwell, call the 24-hour line on ${hospitalLine}.`,
    url: `${appUrl.replace(/\/+$/, "")}/report`,
  };
}

/** Attempts before a notification is given up as dead. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The wait before attempt `attempt + 1` after attempt `attempt` (1-based) failed: 30 seconds,
 * doubling each time, at most 15 minutes; null when `attempt` was the last one.
 */
export function retryDelayMs(attempt: number, maxAttempts = DEFAULT_MAX_ATTEMPTS, baseMs = 30_000): number | null {
  if (attempt >= maxAttempts) return null;
  return Math.min(baseMs * 2 ** (attempt - 1), 15 * 60_000);
}

/** What a push notification shows: a title, one line, and the page its click opens. */
export type PushMessage = { title: string; body: string; url: string };

/**
 * An alert's push notification: the same words as its email (the level, the team, whether it is a
 * later step) and a link to sign in to the triage queue; no patient data.
 */
export function alertPushMessage(input: AlertMessageInput): PushMessage {
  const { subject, text } = alertMessage(input);
  return {
    title: subject,
    body: `${text.split("\n")[0]} Sign in to see it.`,
    url: alertLink(input.appUrl, input.alertId),
  };
}

/**
 * An alert's text message: the level, the team and the link, in one short line (a single SMS of
 * 160 characters for a link of ordinary length); no patient data.
 */
export function alertSmsMessage(input: AlertMessageInput): string {
  const { subject } = alertMessage(input);
  return `SERUMS: ${subject}. Sign in to see it: ${alertLink(input.appUrl, input.alertId)}`;
}
