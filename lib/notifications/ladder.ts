/**
 * The escalation ladder: when each step of an alert's notifications falls due.
 *
 * A red alert calls the care team's on-call clinician at once (step `on_call`); still not
 * acknowledged after `secondStepMinutes` (by default half the alert's response target), the second
 * on-call and the team's leads (step `second`); still not acknowledged at its target, the
 * organisation's escalation contacts (step `escalation`). Acknowledging or resolving the alert
 * cancels the steps not yet sent (db/sql/notifications.sql). An amber alert calls the on-call
 * clinician only, during working hours, or at the start of the next working day.
 */
import { z } from "zod";
import { CLINIC_TIME_ZONE } from "../clinic-time";

/** The steps of the ladder, in order. */
export const LADDER_STEPS = ["on_call", "second", "escalation"] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];

/** An organisation's notification settings (stored as `settings.notifications`). */
export interface NotificationSettings {
  /** Minutes after a red alert is raised that the second step is due; null: half its response target. */
  secondStepMinutes: number | null;
  /** Working hours for amber alerts, whole hours in the clinic's time zone: from `workdayStartHour`:00 ... */
  workdayStartHour: number;
  /** ... to `workdayEndHour`:00. */
  workdayEndHour: number;
  /** Staff of the organisation called at the third step. */
  escalationContactIds: string[];
}

export const DEFAULT_NOTIFICATION_SETTINGS: Readonly<NotificationSettings> = Object.freeze({
  secondStepMinutes: null,
  workdayStartHour: 8,
  workdayEndHour: 18,
  escalationContactIds: [],
});

/** Bounds of the settings, shared by the admin form. */
export const LADDER_BOUNDS = { secondStepMin: 5, secondStepMax: 120, maxEscalationContacts: 10 } as const;

const hour = (what: string) =>
  z.number().int(`${what} must be a whole hour`).min(0, `${what} must be 0-24`).max(24, `${what} must be 0-24`);

/** Organisation overrides: any subset, within bounds, nothing else. */
export const notificationSettingsSchema = z
  .strictObject({
    secondStepMinutes: z
      .number()
      .int("Minutes before the second step must be a whole number")
      .min(LADDER_BOUNDS.secondStepMin, `At least ${LADDER_BOUNDS.secondStepMin} minutes before the second step`)
      .max(LADDER_BOUNDS.secondStepMax, `At most ${LADDER_BOUNDS.secondStepMax} minutes before the second step`)
      .nullable(),
    workdayStartHour: hour("The working day's start"),
    workdayEndHour: hour("The working day's end"),
    escalationContactIds: z
      .array(z.uuid("An escalation contact must be a staff member"))
      .max(LADDER_BOUNDS.maxEscalationContacts, `At most ${LADDER_BOUNDS.maxEscalationContacts} escalation contacts`),
  })
  .partial();

/**
 * Merges an organisation's overrides onto the defaults.
 * @throws ZodError when an override is unknown, out of bounds, or the working day ends before it starts.
 */
export function resolveNotificationSettings(overrides: unknown = {}): NotificationSettings {
  const parsed = notificationSettingsSchema.parse(overrides ?? {});
  const defined = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined));
  const settings = { ...DEFAULT_NOTIFICATION_SETTINGS, ...defined } as NotificationSettings;
  if (settings.workdayEndHour <= settings.workdayStartHour) {
    throw new z.ZodError([
      {
        code: "custom",
        path: ["workdayEndHour"],
        message: "The working day must end after it starts",
        input: settings.workdayEndHour,
      },
    ]);
  }
  return settings;
}

/** When the steps of an alert's notifications fall due; `secondAt` is null for amber (one step only). */
export type LadderSchedule = { firstAt: Date; secondAt: Date | null };

export type LadderInput = {
  severity: "red" | "amber";
  /** When the alert was raised, or made red: its ladder starts here. */
  at: Date;
  /** Its response target: when it must have been acknowledged. */
  dueAt: Date;
  settings: NotificationSettings;
};

/**
 * A red alert: first step at once, the second after `secondStepMinutes` or by default half the time
 * to its target (never later than the target, nor earlier than now), the third at the target itself
 * (the alert's due time, which the database reads). An amber alert: its one step at `at` if within
 * working hours, or at the start of the next working day.
 */
export function ladderSchedule({ severity, at, dueAt, settings }: LadderInput): LadderSchedule {
  if (severity === "amber") return { firstAt: nextWorkingMoment(at, settings), secondAt: null };
  const untilDue = Math.max(0, dueAt.getTime() - at.getTime());
  const wait = Math.min(
    settings.secondStepMinutes === null ? untilDue / 2 : settings.secondStepMinutes * 60_000,
    untilDue,
  );
  return { firstAt: at, secondAt: new Date(at.getTime() + wait) };
}

/** `at` itself when it falls within working hours (clinic time), else the next start of the working day. */
export function nextWorkingMoment(
  at: Date,
  { workdayStartHour, workdayEndHour }: Pick<NotificationSettings, "workdayStartHour" | "workdayEndHour">,
  timeZone = CLINIC_TIME_ZONE,
): Date {
  const local = wallClock(at, timeZone);
  const hourNow = local.hour + local.minute / 60;
  if (hourNow >= workdayStartHour && hourNow < workdayEndHour) return at;
  const dayOffset = hourNow < workdayStartHour ? 0 : 1;
  return fromWallClock(local.year, local.month, local.day + dayOffset, workdayStartHour, timeZone);
}

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number };

/** What the clock in `timeZone` reads at `at`. */
export function wallClock(at: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part("year"), month: part("month"), day: part("day"), hour: part("hour"), minute: part("minute") };
}

/** The instant at which the clock in `timeZone` reads the given date, hour and minute. */
export function fromWallClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  timeZone: string,
  minute = 0,
): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at that moment, read back from the wall clock (twice, across a change of offset).
  let instant = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(instant), timeZone);
    const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - instant;
    instant = asUtc - offset;
  }
  return new Date(instant);
}
