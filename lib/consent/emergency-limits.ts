/**
 * How long an emergency access ("break the glass") may last, and when a new one is a renewal. The
 * database enforces the same rules (db/sql/emergency.sql); these let the form offer only what it
 * will accept and word a refusal before the database refuses.
 */

/** The longest any emergency access lasts, in hours. An organisation may lower it, never raise it. */
export const EMERGENCY_ACCESS_MAX_HOURS = 4;

/** A new access within this long after the last one by the same clinician to the same patient ended is a renewal. */
export const EMERGENCY_RENEWAL_WINDOW_MINUTES = 60;

/**
 * The longest an emergency access lasts in an organisation: its `emergencyAccessMaxHours` when
 * that is a whole number from 1 to 4, otherwise four hours.
 */
export function emergencyAccessMaxHours(settings: { emergencyAccessMaxHours?: unknown } | null | undefined): number {
  const value = settings?.emergencyAccessMaxHours;
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= EMERGENCY_ACCESS_MAX_HOURS
    ? value
    : EMERGENCY_ACCESS_MAX_HOURS;
}

/** The durations the form offers, in hours, up to the organisation's limit. */
export function emergencyAccessHourChoices(maxHours: number): number[] {
  return Array.from({ length: Math.max(1, Math.min(maxHours, EMERGENCY_ACCESS_MAX_HOURS)) }, (_, i) => i + 1);
}

/** A reason as compared between an access and its renewal: case and runs of spaces do not count. */
export function emergencyReasonKey(reason: string): string {
  return reason.replace(/\s+/g, " ").trim().toLowerCase();
}
