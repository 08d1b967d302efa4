/**
 * Reminders to report: when a patient is reminded, from the treatment plan's schedule and the
 * patient's own choices.
 *
 * The plan's regimen says how many days of each cycle the patient reports daily (`reminderDays`,
 * by default the first 7, day 1 being the day the cycle was given, or is planned). On each of those
 * days the patient is reminded once, at the time of day they chose, unless they have reported
 * since that day began. Never in their quiet hours: a reminder whose time falls in them waits for
 * their end (into the next morning when they run past midnight). A reminder not sent on its day
 * (the worker was down) is not sent the next day; a day is reminded once, never again.
 */
import { z } from "zod";
import { checkboxes } from "../checkboxes";
import { CLINIC_TIME_ZONE } from "../clinic-time";
import { addDays, clinicDate, daysBetween, type IsoDate, startOfClinicDay } from "../treatment/dates";

/** A time of day: minutes after midnight in the clinic's time zone, 0-1439. */
export type MinuteOfDay = number;

/** How a reminder reaches the patient: by email, and to each browser or phone they subscribed to push. */
export const REMINDER_CHANNELS = ["email", "push"] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

export type ReminderPreferences = {
  enabled: boolean;
  channels: ReminderChannel[];
  remindAt: MinuteOfDay;
  /** Quiet hours from `quietFrom` until `quietUntil` (across midnight when from > until); null: none. */
  quietFrom: MinuteOfDay | null;
  quietUntil: MinuteOfDay | null;
};

/** What a patient has until they choose: reminded by email at 10:00, never between 22:00 and 08:00. */
export const DEFAULT_REMINDER_PREFERENCES: Readonly<ReminderPreferences> = Object.freeze<ReminderPreferences>({
  enabled: true,
  channels: ["email"],
  remindAt: 10 * 60,
  quietFrom: 22 * 60,
  quietUntil: 8 * 60,
});

/** How many days of each cycle a regimen reminds the patient daily, unless it says otherwise. */
export const DEFAULT_REMINDER_DAYS = 7;

const minuteFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: CLINIC_TIME_ZONE,
  hourCycle: "h23",
  hour: "2-digit",
  minute: "2-digit",
});

/** The clinic's wall-clock time of `at`, in minutes after midnight. */
export function clinicMinuteOfDay(at: Date): MinuteOfDay {
  const parts = minuteFormat.formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part("hour") * 60 + part("minute");
}

/** True when `minute` falls in the quiet hours (from inclusive, until exclusive). */
export function inQuietHours(minute: MinuteOfDay, prefs: Pick<ReminderPreferences, "quietFrom" | "quietUntil">) {
  const { quietFrom: from, quietUntil: until } = prefs;
  if (from === null || until === null || from === until) return false;
  return from < until ? minute >= from && minute < until : minute >= from || minute < until;
}

/** True when `day` is one of the first `reminderDays` days of a cycle that started on one of `cycleStarts`. */
export function isReminderDay(day: IsoDate, cycleStarts: readonly IsoDate[], reminderDays: number): boolean {
  return cycleStarts.some((start) => {
    const dayOfCycle = daysBetween(start, day) + 1;
    return dayOfCycle >= 1 && dayOfCycle <= reminderDays;
  });
}

/** One patient's facts, as the worker's pass reads them (db/queries/reminders.ts). */
export type ReminderFacts = {
  preferences: ReminderPreferences;
  /** The days the plan's cycles started or are planned to start (given, or still planned). */
  cycleStarts: readonly IsoDate[];
  reminderDays: number;
  /** The day treatment was stopped, if it was: no reminders from then. */
  stoppedOn: IsoDate | null;
  lastReportAt: Date | null;
  /** The latest day a reminder was queued for, if any. */
  lastReminderDay: IsoDate | null;
};

/**
 * The day a reminder is owed for at `now`, or null: `now` is at or past the day's reminder time
 * (or the end of the quiet hours it fell in), outside the quiet hours, the day is on the plan's
 * schedule, and the patient has neither reported since the day began nor been reminded for it.
 */
export function reminderDue(facts: ReminderFacts, now: Date): IsoDate | null {
  const { preferences: prefs } = facts;
  if (!prefs.enabled || facts.reminderDays <= 0) return null;
  const minute = clinicMinuteOfDay(now);
  if (inQuietHours(minute, prefs)) return null;
  const today = clinicDate(now);
  // Before today's time, only yesterday's reminder can be owed: one whose time fell in quiet
  // hours that ran past midnight, and waited for their end. Any other is missed, not sent late.
  const day = minute >= prefs.remindAt ? today : inQuietHours(prefs.remindAt, prefs) ? addDays(today, -1) : null;
  if (day === null) return null;
  if (!isReminderDay(day, facts.cycleStarts, facts.reminderDays)) return null;
  if (facts.stoppedOn !== null && facts.stoppedOn <= day) return null;
  if (facts.lastReminderDay !== null && facts.lastReminderDay >= day) return null;
  if (facts.lastReportAt !== null && facts.lastReportAt.getTime() >= startOfClinicDay(day)) return null;
  return day;
}

/** "HH:MM" for a minute of the day, as an `<input type="time">` holds it. */
export function formatMinuteOfDay(minute: MinuteOfDay): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A time field: "HH:MM", 24-hour clock. */
const timeOfDay = (what: string) =>
  z
    .string(`Enter ${what}.`)
    .regex(TIME, `Enter ${what} as hours and minutes, like 18:30.`)
    .transform((v) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5)));

const onOff = (message: string) => z.enum(["on", "off"], message);

/** The patient's reminder form, as the server action receives its fields. */
export const reminderPreferencesInput = z
  .strictObject({
    reminders: onOff("Choose whether to get reminders."),
    channels: checkboxes(REMINDER_CHANNELS, {
      none: "Choose how to be reminded: by email, on your phone or browser, or both.",
      invalid: "Choose email or this phone or browser: there is no other way to be reminded.",
      repeated: "Choose each way to be reminded once.",
    }),
    remindAt: timeOfDay("the time to be reminded"),
    quietHours: onOff("Choose whether to have quiet hours."),
    quietFrom: timeOfDay("when your quiet hours start"),
    quietUntil: timeOfDay("when your quiet hours end"),
  })
  .superRefine((v, ctx) => {
    if (v.quietHours === "on" && v.quietFrom === v.quietUntil)
      ctx.addIssue({ code: "custom", path: ["quietUntil"], message: "Quiet hours must end at another time." });
  })
  .transform(
    (v): ReminderPreferences => ({
      enabled: v.reminders === "on",
      channels: REMINDER_CHANNELS.filter((c) => v.channels.includes(c)),
      remindAt: v.remindAt,
      quietFrom: v.quietHours === "on" ? v.quietFrom : null,
      quietUntil: v.quietHours === "on" ? v.quietUntil : null,
    }),
  );

/** When a reminder at `remindAt` actually comes, in words for the patient ("at 08:00, when your quiet hours end"). */
export function describeReminderTime(prefs: ReminderPreferences): string {
  if (inQuietHours(prefs.remindAt, prefs) && prefs.quietUntil !== null)
    return `at ${formatMinuteOfDay(prefs.quietUntil)}, when your quiet hours end (${formatMinuteOfDay(prefs.remindAt)} is in them)`;
  return `at ${formatMinuteOfDay(prefs.remindAt)}`;
}
