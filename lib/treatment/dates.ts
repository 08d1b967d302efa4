/**
 * Calendar days as the clinic counts them. Treatment dates are days, not instants (a cycle is
 * given "on 5 March"), so they travel as ISO dates (YYYY-MM-DD) and day arithmetic is done in UTC,
 * where every day has 24 hours. Instants (a report's time) become a day in the clinic's time zone.
 */

/** A calendar day, `YYYY-MM-DD`. */
export type IsoDate = string;

import { CLINIC_TIME_ZONE } from "../clinic-time";

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written `YYYY-MM-DD` (not 2026-02-30). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== "string" || !ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const dayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: CLINIC_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day an instant falls on in the clinic's time zone. */
export function clinicDate(at: Date): IsoDate {
  return dayFormat.format(at);
}

function utc(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(utc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Midnight at the start of a calendar day in the clinic's zone, as an instant (ms). */
export function startOfClinicDay(date: IsoDate): number {
  // London is UTC+0 or UTC+1: try both offsets and keep the one that lands on the right day.
  for (const offsetHours of [0, 1, -1, 2]) {
    const candidate = utc(date) - offsetHours * 3_600_000;
    if (clinicDate(new Date(candidate)) === date && clinicDate(new Date(candidate - 1)) !== date) return candidate;
  }
  return utc(date);
}

/** Age in whole years on `today`. */
export function ageOn(dateOfBirth: IsoDate, today: IsoDate): number {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

const longDates = new Map<string, Intl.DateTimeFormat>();

/** "5 Mar 2026" for a calendar day; in another language with its BCP 47 `localeTag` ("5 mar 2026"). */
export function formatIsoDate(date: IsoDate | null | undefined, localeTag = "en-GB"): string {
  let longDate = longDates.get(localeTag);
  if (!longDate) {
    longDate = new Intl.DateTimeFormat(localeTag, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
    longDates.set(localeTag, longDate);
  }
  return date && isIsoDate(date) ? longDate.format(new Date(utc(date))) : "";
}
