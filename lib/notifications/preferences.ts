/**
 * A person's notification preferences: which channels reach them, and quiet hours during which a
 * notification waits until they end. Quiet hours never hold a red alert's step for whoever is on
 * call: that one is sent at once, whatever the hour.
 */
import { z } from "zod";
import { checkboxes } from "../checkboxes";
import { CLINIC_TIME_ZONE } from "../clinic-time";
import { withoutForbiddenCharacters } from "../text";
import { fromWallClock, wallClock } from "./ladder";

export const NOTIFICATION_CHANNELS = ["email", "push", "sms"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Minutes after midnight, clinic time; an end before the start runs past midnight. */
export type QuietHours = { startMinute: number; endMinute: number };

export type NotificationPreferences = {
  channels: NotificationChannel[];
  quietHours: QuietHours | null;
  /** The mobile number text messages go to, in international form (+447700900123); needed for `sms`. */
  smsNumber: string | null;
};

/** Without a choice of their own: email and push (to every browser subscribed), no quiet hours. */
export const DEFAULT_NOTIFICATION_PREFERENCES: Readonly<NotificationPreferences> =
  Object.freeze<NotificationPreferences>({
    channels: ["email", "push"],
    quietHours: null,
    smsNumber: null,
  });

/** A mobile number in E.164 form: a plus, a country code and up to 15 digits in all. */
export const SMS_NUMBER = /^\+[1-9]\d{7,14}$/;

/** The number as typed, spaces and hyphens allowed (+44 7700 900123), or null when empty. */
const smsNumber = z
  .string()
  .trim()
  .max(32, "Give your mobile number in international form, such as +44 7700 900123.")
  .refine(...withoutForbiddenCharacters("Your mobile number"))
  .transform((v) => v.replace(/[\s-]/g, ""))
  .refine(
    (v) => v === "" || SMS_NUMBER.test(v),
    "Give your mobile number in international form, such as +44 7700 900123.",
  )
  .transform((v) => (v === "" ? null : v));

/** "22:30" from 1350. */
export const formatClockTime = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

const clockTime = (what: string) =>
  z
    .string()
    .trim()
    .max(8, `${what} must be a time such as 22:00.`)
    .refine(...withoutForbiddenCharacters(what))
    .refine((v) => v === "" || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), `${what} must be a time such as 22:00.`)
    .transform((v) => (v === "" ? null : Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5))));

/** The preferences form: channel checkboxes and the two ends of the quiet hours ("HH:MM", or both empty). */
export const notificationPreferencesInput = z
  .strictObject({
    channels: checkboxes(NOTIFICATION_CHANNELS, {
      none: "Choose at least one way to be told about alerts: email, push or text message.",
      invalid: "Choose email, push or text message: there is no other way to be told.",
      repeated: "Choose each way to be told once.",
    }),
    quietStart: clockTime("The start of your quiet hours"),
    quietEnd: clockTime("The end of your quiet hours"),
    smsNumber: smsNumber.default(null),
  })
  .superRefine((v, ctx) => {
    if (v.channels.includes("sms") && v.smsNumber === null) {
      ctx.addIssue({
        code: "custom",
        path: ["smsNumber"],
        message: "Give the mobile number text messages should go to.",
      });
    }
    if ((v.quietStart === null) !== (v.quietEnd === null)) {
      ctx.addIssue({
        code: "custom",
        path: [v.quietStart === null ? "quietStart" : "quietEnd"],
        message: "Give both the start and the end of your quiet hours, or leave both empty.",
      });
    } else if (v.quietStart !== null && v.quietStart === v.quietEnd) {
      ctx.addIssue({
        code: "custom",
        path: ["quietEnd"],
        message: "Your quiet hours must end at a different time from when they start.",
      });
    }
  })
  .transform(
    (v): NotificationPreferences => ({
      channels: NOTIFICATION_CHANNELS.filter((c) => v.channels.includes(c)),
      quietHours:
        v.quietStart === null || v.quietEnd === null ? null : { startMinute: v.quietStart, endMinute: v.quietEnd },
      smsNumber: v.smsNumber,
    }),
  );

/**
 * When the quiet hours that `at` falls in end (clinic time), or null when `at` is outside them (or
 * there are none).
 */
export function quietHoursEnd(at: Date, quiet: QuietHours | null, timeZone = CLINIC_TIME_ZONE): Date | null {
  if (!quiet) return null;
  const { startMinute, endMinute } = quiet;
  const local = wallClock(at, timeZone);
  const minute = local.hour * 60 + local.minute;
  const inside =
    startMinute < endMinute ? minute >= startMinute && minute < endMinute : minute >= startMinute || minute < endMinute;
  if (!inside) return null;
  const dayOffset = minute < endMinute ? 0 : 1;
  return fromWallClock(
    local.year,
    local.month,
    local.day + dayOffset,
    Math.floor(endMinute / 60),
    timeZone,
    endMinute % 60,
  );
}

/**
 * Until when a notification due at `at` waits for its recipient's quiet hours, or null to send it
 * now: never held for a red alert's step to the person on call.
 */
export function heldUntil(
  notification: { severity: string | null; onCall: boolean },
  at: Date,
  quiet: QuietHours | null,
): Date | null {
  if (notification.severity === "red" && notification.onCall) return null;
  return quietHoursEnd(at, quiet);
}
