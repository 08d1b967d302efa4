/**
 * What a notification says, and when a failed one is tried again. An alert's message names the
 * alert level and the care team and links to the alert (an opaque id, which opens only after
 * signing in, for someone who may read it), or to the triage queue: never the patient, their
 * hospital number or their symptoms, which the recipient reads only after signing in. An account's
 * message carries its one-time link and nothing else; a patient's reminder to report, a sign-in
 * link and the 24-hour line, and nothing about their health. Each is written in the recipient's
 * language (their own choice, else their organisation's default: see app.claim_notifications).
 */

import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { translatorFor } from "../i18n/translate";

export type AlertMessageInput = {
  severity: string;
  teamName: string;
  appUrl: string;
  step?: string;
  /** The alert's id: the link opens it (after sign-in); without it, the triage queue. */
  alertId?: string;
  /** The recipient's language; English when not given. */
  locale?: Locale;
};
export type AlertMessage = { subject: string; text: string };

/** A later step of the escalation ladder: the alert was not acknowledged in time. */
const isEscalation = (step: string | undefined) => step === "second" || step === "escalation";

/** Where a message about an alert leads: the alert itself (after sign-in), or the triage queue. */
const alertLink = (appUrl: string, alertId: string | undefined) =>
  `${appUrl.replace(/\/+$/, "")}${alertId ? `/alerts/${encodeURIComponent(alertId)}` : "/triage"}`;

/** The alert's level as the messages' ICU select reads it: red, amber, or anything else as new. */
const levelOf = (severity: string) => (severity === "red" || severity === "amber" ? severity : "new");

export function alertMessage({
  severity,
  teamName,
  appUrl,
  step,
  alertId,
  locale = DEFAULT_LOCALE,
}: AlertMessageInput): AlertMessage {
  const t = translatorFor(locale);
  const words = { level: levelOf(severity), team: teamName };
  const link = alertLink(appUrl, alertId);
  const escalated = isEscalation(step);
  return {
    subject: escalated ? t("notifications.alertSubjectEscalated", words) : t("notifications.alertSubject", words),
    text: [
      escalated ? t("notifications.alertEscalated", words) : t("notifications.alertWaiting", words),
      "",
      t("notifications.signInToSeeIt", { link }),
      "",
      t("notifications.noPatientDetails"),
    ].join("\n"),
  };
}

export type AccountLinkMessageInput = {
  purpose: "activate" | "reset";
  linkPath: string;
  appUrl: string;
  locale?: Locale;
};

/** The email with a one-time link, to the account's own address. */
export function accountLinkMessage({
  purpose,
  linkPath,
  appUrl,
  locale = DEFAULT_LOCALE,
}: AccountLinkMessageInput): AlertMessage {
  const t = translatorFor(locale);
  const link = `${appUrl.replace(/\/+$/, "")}${linkPath}`;
  const activate = purpose === "activate";
  return {
    subject: activate ? t("notifications.activateSubject") : t("notifications.resetSubject"),
    text: [
      activate ? t("notifications.activateLink") : t("notifications.resetLink"),
      "",
      link,
      "",
      t("notifications.unexpected"),
    ].join("\n"),
  };
}

export type ReminderMessageInput = { appUrl: string; hospitalLine: string; locale?: Locale };

/** A patient's reminder to report: when to, where to sign in, and whom to call meanwhile. */
export function reminderMessage({ appUrl, hospitalLine, locale = DEFAULT_LOCALE }: ReminderMessageInput): AlertMessage {
  const t = translatorFor(locale);
  const link = `${appUrl.replace(/\/+$/, "")}/report`;
  return {
    subject: t("notifications.reminderSubject"),
    text: [
      t("notifications.reminderIntro"),
      "",
      t("notifications.reminderSignIn", { link }),
      "",
      t("notifications.reminderUnwell", { line: hospitalLine }),
      "",
      t("notifications.doNotReply"),
    ].join("\n"),
  };
}

/**
 * A reminder's push notification: the same words as its email, shortened, and the report form as
 * its link; nothing about the patient's health.
 */
export function reminderPushMessage({
  appUrl,
  hospitalLine,
  locale = DEFAULT_LOCALE,
}: ReminderMessageInput): PushMessage {
  const t = translatorFor(locale);
  return {
    title: t("notifications.reminderSubject"),
    body: t("notifications.reminderPush", { line: hospitalLine }),
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
    body: `${text.split("\n")[0]} ${translatorFor(input.locale ?? DEFAULT_LOCALE)("notifications.signInToSeeItShort")}`,
    url: alertLink(input.appUrl, input.alertId),
  };
}

/**
 * An alert's text message: the level, the team and the link, in one short line (a single SMS of
 * 160 characters for a link of ordinary length); no patient data.
 */
export function alertSmsMessage(input: AlertMessageInput): string {
  const { subject } = alertMessage(input);
  const t = translatorFor(input.locale ?? DEFAULT_LOCALE);
  return t("notifications.sms", { subject, link: alertLink(input.appUrl, input.alertId) });
}
