/**
 * An alert's words in the reader's language, for the triage queue and the record alike: its level
 * and status, outcomes, who was notified and how, durations and clock times. A hook over the
 * "triageQueue" messages, so server and client components say them the same way.
 */
import { useLocale, useTranslations } from "next-intl";
import { formatClock, formatDuration, formatShortClock, type TimeLeft } from "@/lib/alerts/time";
import type { AlertSeverity, AlertStatus } from "@/lib/alerts/transitions";

const CHANNEL_ORDER = ["email", "push", "sms"] as const;

export function useAlertWords() {
  const t = useTranslations("triageQueue");
  const tag = useLocale();
  const duration = (ms: number) => formatDuration(ms, t("underAMinute"));
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return {
    t,
    tag,
    severity: (severity: AlertSeverity) => (severity === "red" ? t("red") : t("amber")),
    status: (status: AlertStatus) =>
      status === "open" ? t("open") : status === "acknowledged" ? t("acknowledged") : t("resolved"),
    /** The label of a stored outcome code; a code this version does not know is shown as stored. */
    outcome: (code: string): string => {
      switch (code) {
        case "self_care_advice":
          return t("outcomeSelfCare");
        case "acute_oncology_referral":
          return t("outcomeAcuteOncology");
        case "emergency_services":
          return t("outcomeEmergency");
        case "treatment_modified":
          return t("outcomeTreatmentModified");
        case "patient_not_contacted":
          return t("outcomeNotContacted");
        case "unable_to_contact":
          return t("outcomeUnableToContact");
        case "no_intervention_needed":
          return t("outcomeNoIntervention");
        default:
          return code;
      }
    },
    /**
     * How a notification reached someone, by the channels that reached them, before their name:
     * "Emailed and sent a push notification to"; "Not acknowledged: emailed" for a later step of
     * the ladder; "Notified" when the channels are not known.
     */
    notified: (escalation: boolean, channels: readonly string[] | null | undefined): string => {
      const known = CHANNEL_ORDER.filter((c) => channels?.includes(c));
      const each = { email: t("channelEmail"), push: t("channelPush"), sms: t("channelSms") };
      const verb =
        known.length === 0
          ? t("channelsUnknown")
          : new Intl.ListFormat(tag, { type: "conjunction" }).format(known.map((c) => each[c]));
      if (escalation) return t("notAcknowledged", { verb: verb.charAt(0).toLowerCase() + verb.slice(1) });
      return capital(verb);
    },
    duration,
    /** "Overdue by 1 h 05 min", "45 min left", "Responded". */
    timeLeft: (left: TimeLeft, status: AlertStatus): string => {
      if (left.kind === "responded") return status === "resolved" ? t("resolved") : t("responded");
      return left.kind === "overdue"
        ? t("overdueBy", { duration: duration(left.ms) })
        : t("timeLeft", { duration: duration(left.ms) });
    },
    /** "12 min ago"; "just now" under a minute or for a time in the future (clock skew). */
    ago: (at: Date | string, now: Date): string => {
      const ms = now.getTime() - new Date(at).getTime();
      return ms < 60_000 ? t("justNow") : t("ago", { duration: duration(ms) });
    },
    /** "14:05" today, otherwise "Mon 23 Nov, 14:05", as the reader's language writes it. */
    clock: (at: Date | string, now: Date) => formatClock(at, now, tag),
    /** "14:05" today, otherwise "23 Nov, 14:05". */
    shortClock: (at: Date | string, now: Date) => formatShortClock(at, now, tag),
  };
}

export type AlertWords = ReturnType<typeof useAlertWords>;
