import "server-only";
import type { OrganisationSettings } from "@/db/schema/organisations";
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  type NotificationSettings,
  resolveNotificationSettings,
} from "@/lib/notifications/ladder";
import { FALLBACK_HOSPITAL_LINE } from "@/lib/triage/advice";
import { DEFAULT_TRIAGE_SETTINGS, resolveTriageSettings, type TriageSettings } from "@/lib/triage/rules";
import { log } from "@/server/log";

/**
 * Settings are validated when an admin saves them; should stored ones ever be unreadable, the
 * signed-off product defaults are safer than refusing (and so losing) the patient's report.
 */
function orDefaults<T>(what: string, resolve: () => T, defaults: Readonly<T>): T {
  try {
    return resolve();
  } catch {
    log.warn(`organisation ${what} settings are invalid; using the product defaults`);
    return { ...defaults };
  }
}

/** Triage and notification settings and the 24-hour line of an organisation, from its stored settings. */
export function reportSettingsFor(settings: OrganisationSettings | Record<string, unknown>): {
  triageSettings: TriageSettings;
  notificationSettings: NotificationSettings;
  hospitalLine: string;
} {
  const { triage, notifications } = settings as OrganisationSettings;
  const triageSettings = orDefaults("triage", () => resolveTriageSettings(triage ?? {}), DEFAULT_TRIAGE_SETTINGS);
  const notificationSettings = orDefaults(
    "notification",
    () => resolveNotificationSettings(notifications ?? {}),
    DEFAULT_NOTIFICATION_SETTINGS,
  );
  return { triageSettings, notificationSettings, hospitalLine: hospitalLineOf(settings) };
}

/** The organisation's 24-hour line, as every patient page and all advice give it. */
export function hospitalLineOf(settings: OrganisationSettings | Record<string, unknown>): string {
  const { hospitalLine } = settings as OrganisationSettings;
  return typeof hospitalLine === "string" && hospitalLine.trim() ? hospitalLine.trim() : FALLBACK_HOSPITAL_LINE;
}
