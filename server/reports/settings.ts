import "server-only";
import type { OrganisationSettings } from "@/db/schema/organisations";
import { FALLBACK_HOSPITAL_LINE } from "@/lib/triage/advice";
import { DEFAULT_TRIAGE_SETTINGS, resolveTriageSettings, type TriageSettings } from "@/lib/triage/rules";
import { log } from "@/server/log";

/** Triage settings and the 24-hour line of an organisation, from its stored settings. */
export function reportSettingsFor(settings: OrganisationSettings | Record<string, unknown>): {
  triageSettings: TriageSettings;
  hospitalLine: string;
} {
  const { triage, hospitalLine } = settings as OrganisationSettings;
  let triageSettings: TriageSettings;
  try {
    triageSettings = resolveTriageSettings(triage ?? {});
  } catch {
    // Settings are validated when an admin saves them; should stored ones ever be unreadable, the
    // signed-off product defaults are safer than refusing (and so losing) the patient's report.
    log.warn("organisation triage settings are invalid; using the product defaults");
    triageSettings = { ...DEFAULT_TRIAGE_SETTINGS };
  }
  const line = typeof hospitalLine === "string" && hospitalLine.trim() ? hospitalLine.trim() : FALLBACK_HOSPITAL_LINE;
  return { triageSettings, hospitalLine: line };
}
