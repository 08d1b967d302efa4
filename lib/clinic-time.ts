/**
 * The cancer centre's time zone, in which every time a user reads is shown (so the server's render
 * and the browser's agree), and the one date-and-time format the pages share.
 */
export const CLINIC_TIME_ZONE = "Europe/London";

const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: CLINIC_TIME_ZONE,
});

const dateTimesByLocale = new Map<string, Intl.DateTimeFormat>([["en-GB", dateTime]]);

/** "12 Mar 2026, 09:14" in the clinic's time zone; in another language with `localeTag` ("12 dic 2026, 9:14"). */
export function formatDateTime(at: Date | number | string, localeTag = "en-GB"): string {
  let format = dateTimesByLocale.get(localeTag);
  if (!format) {
    format = new Intl.DateTimeFormat(localeTag, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: CLINIC_TIME_ZONE,
    });
    dateTimesByLocale.set(localeTag, format);
  }
  return format.format(new Date(at));
}

const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: CLINIC_TIME_ZONE });
const datesByLocale = new Map<string, Intl.DateTimeFormat>([["en-GB", dateOnly]]);

/**
 * "12 Mar 2026" in the clinic's time zone; in another language with `localeTag` ("12 dic 2026"
 * for "es-ES").
 */
export function formatDate(at: Date | number | string, localeTag = "en-GB"): string {
  let format = datesByLocale.get(localeTag);
  if (!format) {
    format = new Intl.DateTimeFormat(localeTag, { dateStyle: "medium", timeZone: CLINIC_TIME_ZONE });
    datesByLocale.set(localeTag, format);
  }
  return format.format(new Date(at));
}

const timeOnly = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone: CLINIC_TIME_ZONE });

/** "09:14" in the clinic's time zone. */
export const formatTime = (at: Date | number | string) => timeOnly.format(new Date(at));

/** "12 Mar 2026, 09:14", or "12 Mar 2026, 09:14–09:52" for a span within one day; `localeTag` as for formatDateTime. */
export function formatDateTimeSpan(from: Date, to: Date, localeTag = "en-GB"): string {
  const start = formatDateTime(from, localeTag);
  const end = formatTime(to);
  return end === formatTime(from) ? start : `${start}–${end}`;
}
