/**
 * Times on the triage queue, in words a clinician reads at a glance. Pure and deterministic: the
 * caller passes "now", and clock times are shown in the cancer centre's time zone so the server's
 * first render and the browser's updates agree.
 */
import { CLINIC_TIME_ZONE } from "../clinic-time";
import type { AlertStatus } from "./transitions";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A positive duration, rounded down to the minute: "under 1 min", "45 min", "1 h 05 min", "2 d 3 h".
 * The units are the abbreviations every language of the app reads; only "under 1 min" is words,
 * given in the reader's language.
 */
export function formatDuration(ms: number, underAMinute = "under 1 min"): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  if (minutes < 1) return underAMinute;
  if (minutes < 60) return `${minutes} min`;
  if (minutes < DAY / MINUTE) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, "0")} min`;
  }
  const d = Math.floor(minutes / (DAY / MINUTE));
  const h = Math.floor((minutes % (DAY / MINUTE)) / 60);
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

export type TimeLeft =
  /** Open, with time to spare; `urgent` when under a quarter of an hour is left. */
  | { kind: "left"; ms: number; urgent: boolean; text: string }
  | { kind: "overdue"; ms: number; text: string }
  /** Acknowledged or resolved: the response target no longer applies. */
  | { kind: "responded"; text: string };

/** Time left to the response target of an alert, or how far past it an open alert is. */
export function timeLeft(alert: { status: AlertStatus; dueAt: Date | string }, now: Date): TimeLeft {
  if (alert.status !== "open") {
    return { kind: "responded", text: alert.status === "resolved" ? "Resolved" : "Responded" };
  }
  const ms = new Date(alert.dueAt).getTime() - now.getTime();
  if (ms < 0) return { kind: "overdue", ms: -ms, text: `Overdue by ${formatDuration(-ms)}` };
  return { kind: "left", ms, urgent: ms < 15 * MINUTE, text: `${formatDuration(ms)} left` };
}

const WITH_CLOCK = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

/** The clock formats of one language, made once: Intl formatters are costly to build. */
type ClockFormats = {
  clock: Intl.DateTimeFormat;
  dayAndClock: Intl.DateTimeFormat;
  dayMonthClock: Intl.DateTimeFormat;
};
const formats = new Map<string, ClockFormats>();

function clockFormats(tag: string): ClockFormats {
  let made = formats.get(tag);
  if (!made) {
    made = {
      clock: new Intl.DateTimeFormat(tag, { timeZone: CLINIC_TIME_ZONE, ...WITH_CLOCK }),
      dayAndClock: new Intl.DateTimeFormat(tag, {
        timeZone: CLINIC_TIME_ZONE,
        weekday: "short",
        day: "numeric",
        month: "short",
        ...WITH_CLOCK,
      }),
      dayMonthClock: new Intl.DateTimeFormat(tag, {
        timeZone: CLINIC_TIME_ZONE,
        day: "numeric",
        month: "short",
        ...WITH_CLOCK,
      }),
    };
    formats.set(tag, made);
  }
  return made;
}

const dayKey = new Intl.DateTimeFormat("en-CA", {
  timeZone: CLINIC_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/**
 * "14:05" today, otherwise "Mon 23 Nov, 14:05", in the clinic's time zone, written as the reader's
 * language (`tag`, a BCP 47 tag) writes dates: "lun, 23 nov, 14:05" in Spanish.
 */
export function formatClock(at: Date | string, now: Date, tag = "en-GB"): string {
  const date = new Date(at);
  const { clock, dayAndClock } = clockFormats(tag);
  if (dayKey.format(date) === dayKey.format(now)) return clock.format(date);
  return dayAndClock.format(date);
}

/** "14:05" today, otherwise "23 Nov, 14:05": for a narrow column, where the weekday adds nothing. */
export function formatShortClock(at: Date | string, now: Date, tag = "en-GB"): string {
  const date = new Date(at);
  const { clock, dayMonthClock } = clockFormats(tag);
  if (dayKey.format(date) === dayKey.format(now)) return clock.format(date);
  return dayMonthClock.format(date);
}

/** "12 min ago", "3 h 05 min ago"; a time in the future (clock skew) reads "just now". */
export function formatAgo(at: Date | string, now: Date): string {
  const ms = now.getTime() - new Date(at).getTime();
  if (ms < MINUTE) return "just now";
  return `${formatDuration(ms)} ago`;
}
