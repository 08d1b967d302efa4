/**
 * What an organisation's settings come to once the defaults fill what is not stored, and which of
 * them a change really changed, with the value before and after. Comparing the stored JSON instead
 * would list a setting as changed when the form stores a default that was only implied before (or
 * drops an override equal to the default), though nothing a user sees or the triage rules use moved.
 * Settings are not clinical data, so their values may be kept in the audit trail.
 */
import { sessionLimits } from "../auth/session-policy";
import { emergencyAccessMaxHours } from "../consent/emergency-limits";
import { resolveNotificationSettings } from "../notifications/ladder";
import { resolveTriageSettings } from "../triage/rules";

/** A setting's value as the audit trail keeps it. */
export type SettingValue = string | number | boolean | null;

export type SettingChange = { key: string; before: SettingValue; after: SettingValue };

/** The settings an organisation stores, as far as this module reads them. */
export type StoredSettings = {
  mfaRequiredForStaff?: boolean;
  idleTimeoutMinutes?: number;
  absoluteTimeoutHours?: number;
  hospitalLine?: string;
  emergencyAccessMaxHours?: number;
  showOneTimeLinks?: boolean;
  triage?: Record<string, unknown>;
  notifications?: Record<string, unknown>;
};

const asValue = (v: unknown): SettingValue =>
  v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean"
    ? v
    : v === undefined
      ? null
      : JSON.stringify(v);

/** Stored overrides with their defaults; as stored when they do not validate (the change is still named). */
function resolved(resolve: (overrides: unknown) => object, overrides: Record<string, unknown> | undefined): object {
  try {
    return resolve(overrides ?? {});
  } catch {
    return overrides ?? {};
  }
}

/** Every setting in effect, flat (`triage.feverC`, `notifications.workdayStartHour`), defaults included. */
export function effectiveSettings(s: StoredSettings): Record<string, SettingValue> {
  const limits = sessionLimits(s);
  const flat: Record<string, SettingValue> = {
    mfaRequiredForStaff: s.mfaRequiredForStaff !== false,
    idleTimeoutMinutes: limits.idleTimeoutMinutes,
    absoluteTimeoutHours: limits.absoluteTimeoutHours,
    emergencyAccessMaxHours: emergencyAccessMaxHours(s),
    hospitalLine: asValue(s.hospitalLine),
    showOneTimeLinks: s.showOneTimeLinks === true,
  };
  for (const [k, v] of Object.entries(resolved(resolveTriageSettings, s.triage))) flat[`triage.${k}`] = asValue(v);
  for (const [k, v] of Object.entries(resolved(resolveNotificationSettings, s.notifications)))
    flat[`notifications.${k}`] = asValue(v);
  return flat;
}

/** The settings whose value in effect differs between `before` and `after`, by name. */
export function settingChanges(before: StoredSettings, after: StoredSettings): SettingChange[] {
  const a = effectiveSettings(before);
  const b = effectiveSettings(after);
  return Object.keys({ ...a, ...b })
    .sort()
    .filter((key) => a[key] !== b[key])
    .map((key) => ({ key, before: a[key] ?? null, after: b[key] ?? null }));
}

/** The audit details of a change: the names, and each one's value before and after. */
export function settingChangeDetails(changes: readonly SettingChange[]): Record<string, SettingValue> {
  const details: Record<string, SettingValue> = { changed: changes.map((c) => c.key).join(",") || "none" };
  for (const c of changes) {
    details[`before.${c.key}`] = c.before;
    details[`after.${c.key}`] = c.after;
  }
  return details;
}
