import "server-only";
/**
 * Reminders to report: a patient's own choices (read and saved under RLS), and the worker's reads
 * of who may be owed one and its queuing of those due (db/sql/reminders.sql, for a transaction with
 * no user only). Whether one is due is decided by lib/notifications/reminders.ts.
 */
import { sql } from "drizzle-orm";
import {
  DEFAULT_REMINDER_PREFERENCES,
  REMINDER_CHANNELS,
  type ReminderFacts,
  type ReminderPreferences,
} from "@/lib/notifications/reminders";
import { clinicDate, type IsoDate } from "@/lib/treatment/dates";
import type { Tx } from "../client";
import { at, queryRows, textArray } from "../sql";

type PreferenceRow = {
  enabled: boolean | null;
  channels: string[] | null;
  remind_at: number | null;
  quiet_from: number | null;
  quiet_until: number | null;
};

/** A stored row's choices, the defaults for what it lacks (no row: the defaults). */
function preferencesOf(row: PreferenceRow | undefined): ReminderPreferences {
  if (!row || row.enabled === null) return { ...DEFAULT_REMINDER_PREFERENCES };
  return {
    enabled: row.enabled,
    channels: REMINDER_CHANNELS.filter((c) => (row.channels ?? DEFAULT_REMINDER_PREFERENCES.channels).includes(c)),
    remindAt: Number(row.remind_at ?? DEFAULT_REMINDER_PREFERENCES.remindAt),
    quietFrom: row.quiet_from === null ? null : Number(row.quiet_from),
    quietUntil: row.quiet_until === null ? null : Number(row.quiet_until),
  };
}

/** The patient's reminder choices (their own record only, by RLS); the defaults until they choose. */
export async function findReminderPreferences(tx: Tx, p: { patientId: string }): Promise<ReminderPreferences> {
  const [row] = await queryRows<PreferenceRow>(
    tx,
    sql`select enabled, channels, remind_at, quiet_from, quiet_until from reminder_preferences
        where patient_id = ${p.patientId}::uuid`,
  );
  return preferencesOf(row);
}

export type SaveReminderPreferencesParams = {
  patientId: string;
  preferences: ReminderPreferences;
  /** The caller: the database refuses any other author. */
  by: string;
  now: Date;
};

/** Saves the patient's reminder choices (insert or replace). */
export async function saveReminderPreferences(tx: Tx, p: SaveReminderPreferencesParams): Promise<void> {
  const { enabled, channels, remindAt, quietFrom, quietUntil } = p.preferences;
  await tx.execute(
    sql`insert into reminder_preferences (patient_id, enabled, channels, remind_at, quiet_from, quiet_until, updated_by,
          updated_at)
        values (${p.patientId}::uuid, ${enabled}, ${textArray(channels)}::text[], ${remindAt}, ${quietFrom}, ${quietUntil},
          ${p.by}::uuid, ${at(p.now)})
        on conflict (patient_id) do update set enabled = excluded.enabled, channels = excluded.channels,
          remind_at = excluded.remind_at,
          quiet_from = excluded.quiet_from, quiet_until = excluded.quiet_until, updated_by = excluded.updated_by,
          updated_at = excluded.updated_at`,
  );
}

/** A patient who may be owed a reminder, with the facts that decide it. */
export type ReminderCandidate = ReminderFacts & { patientUserId: string };

/**
 * The patients whose plan's schedule covers a day from `fromDay` to `toDay` and who have not
 * switched reminders off (a transaction with no user only: the notification worker).
 */
export async function listReminderCandidates(
  tx: Tx,
  p: { fromDay: IsoDate; toDay: IsoDate },
): Promise<ReminderCandidate[]> {
  const rows = await queryRows<
    PreferenceRow & {
      patient_user_id: string;
      reminder_days: number;
      stopped_at: string | Date | null;
      cycle_starts: string[];
      last_report_at: string | Date | null;
      last_reminder_day: string | null;
    }
  >(
    tx,
    sql`select patient_user_id, enabled, remind_at, quiet_from, quiet_until, reminder_days, stopped_at,
          cycle_starts::text[] as cycle_starts, last_report_at, last_reminder_day::text as last_reminder_day
        from app.reminder_candidates(${p.fromDay}::date, ${p.toDay}::date)`,
  );
  return rows.map((r) => ({
    patientUserId: r.patient_user_id,
    preferences: preferencesOf(r),
    cycleStarts: r.cycle_starts,
    reminderDays: Number(r.reminder_days),
    stoppedOn: r.stopped_at === null ? null : clinicDate(new Date(r.stopped_at)),
    lastReportAt: r.last_report_at === null ? null : new Date(r.last_report_at),
    lastReminderDay: r.last_reminder_day,
  }));
}

export type DueReminder = { patientUserId: string; day: IsoDate; dayStartsAt: Date };

/**
 * Queues the reminders due at `now`, one per patient and day (queuing one again adds nothing), each
 * unless the patient reported since its day began. Returns how many were queued.
 */
export async function queueReminders(tx: Tx, p: { due: readonly DueReminder[]; now: Date }): Promise<number> {
  if (p.due.length === 0) return 0;
  const [row] = await queryRows<{ queued: number }>(
    tx,
    sql`select app.queue_reminders(
          ${textArray(p.due.map((d) => d.patientUserId))}::uuid[],
          ${textArray(p.due.map((d) => d.day))}::date[],
          ${textArray(p.due.map((d) => d.dayStartsAt.toISOString()))}::timestamptz[],
          ${at(p.now)}) as queued`,
  );
  return Number(row?.queued ?? 0);
}
