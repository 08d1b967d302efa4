import "server-only";
import type { Database } from "@/db/client";
import { type DueReminder, listReminderCandidates, queueReminders } from "@/db/queries/reminders";
import { runWithRls } from "@/db/rls";
import { reminderDue } from "@/lib/notifications/reminders";
import { addDays, clinicDate, startOfClinicDay } from "@/lib/treatment/dates";

/** The worker acts with no user: the reminder functions refuse to act for a signed-in request. */
const WORKER_CONTEXT = { userId: null };

/**
 * The worker's periodic pass over the reminders to report: reads the patients whose plan's
 * schedule covers today or yesterday, decides whose reminder is due at `now`
 * (lib/notifications/reminders.ts), and queues those into the outbox in one transaction, where the
 * delivery round sends them like any other message. Idempotent: a day already reminded (or reported)
 * is not queued again, however often the pass runs or however many workers run it.
 */
export async function queueDueReminders(db: Database, { now }: { now: Date }): Promise<{ queued: number }> {
  const today = clinicDate(now);
  return runWithRls(db, WORKER_CONTEXT, async (tx) => {
    const candidates = await listReminderCandidates(tx, { fromDay: addDays(today, -1), toDay: today });
    const due: DueReminder[] = [];
    for (const candidate of candidates) {
      const day = reminderDue(candidate, now);
      if (day !== null)
        due.push({ patientUserId: candidate.patientUserId, day, dayStartsAt: new Date(startOfClinicDay(day)) });
    }
    return { queued: await queueReminders(tx, { due, now }) };
  });
}
