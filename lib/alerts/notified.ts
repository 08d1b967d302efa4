/**
 * How an alert's history and the triage queue say that a notification reached someone: by the
 * channels that actually reached them (`alert_events.channels`, recorded by the notification
 * worker), never "emailed" for a push notification. Pure, for server and client.
 */

const CHANNEL_VERBS: Record<string, string> = {
  email: "emailed",
  push: "sent a push notification to",
  sms: "texted",
};

/** The channels in a stable order: email, push, SMS, then any other. */
const ORDER = ["email", "push", "sms"];

/**
 * "Emailed", "Sent a push notification to", "Emailed and sent a push notification to"; "Notified"
 * when the channels are not known (an event recorded before they were kept).
 */
export function notifiedVerb(channels: readonly string[] | null | undefined): string {
  const known = [...new Set(channels ?? [])]
    .filter((c) => c in CHANNEL_VERBS)
    .sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  if (known.length === 0) return "Notified";
  const words = known.map((c) => CHANNEL_VERBS[c]).join(" and ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * A notification event's words before the person's name, on the alert's history: "Emailed", or
 * for a later step of the ladder "Not acknowledged, so sent a push notification to".
 */
export function notifiedLabel(escalation: boolean, channels: readonly string[] | null | undefined): string {
  const verb = notifiedVerb(channels);
  return escalation ? `Not acknowledged, so ${lowerFirst(verb)}` : verb;
}

/** The same, as the triage queue's row says it: "Not acknowledged: emailed". */
export function notifiedQueueLabel(escalation: boolean, channels: readonly string[] | null | undefined): string {
  const verb = notifiedVerb(channels);
  return escalation ? `Not acknowledged: ${lowerFirst(verb)}` : verb;
}
