import { ReminderForm } from "@/components/reminders/reminder-form";
import { AppShell } from "@/components/ui/app-shell";
import { findReminderPreferences } from "@/db/queries/reminders";
import { describeReminderTime, formatMinuteOfDay } from "@/lib/notifications/reminders";
import { requirePageSession } from "@/server/auth/session";
import { readForPage } from "@/server/http/page";
import { saveReminders } from "./actions";

export const metadata = { title: "Reminders to report" };

/** The patient's reminders to report: on or off, when, and their quiet hours. */
export default async function RemindersPage() {
  const me = await requirePageSession(["patient"]);
  const preferences = await readForPage(
    {
      roles: ["patient"],
      auditAction: "own_reminders_viewed",
      consent: { patientId: me.patientId, categories: ["demographics"] },
    },
    ({ tx }) => findReminderPreferences(tx, { patientId: me.patientId }),
  );
  const quiet = preferences.quietFrom !== null && preferences.quietUntil !== null;
  return (
    <AppShell user={me}>
      <div className="mx-auto max-w-2xl">
        <h1 className="text-2xl font-semibold">Reminders to report</h1>
        <p className="mt-2 text-slate-700">
          During the days of each treatment cycle when your care team asks you to report (usually the first week), we
          can email you a reminder once a day, unless you have already reported that day. The email says only that it is
          time to report; nothing about your health.
        </p>
        <p role="status" className="mt-4 rounded border border-slate-300 bg-white p-3">
          {preferences.enabled
            ? `Reminders are on: ${describeReminderTime(preferences)}${
                quiet
                  ? `, never between ${formatMinuteOfDay(preferences.quietFrom ?? 0)} and ${formatMinuteOfDay(preferences.quietUntil ?? 0)}`
                  : ""
              }.`
            : "Reminders are off."}
        </p>
        <div className="mt-6">
          <ReminderForm
            initial={{
              enabled: preferences.enabled,
              remindAt: formatMinuteOfDay(preferences.remindAt),
              quietHours: quiet,
              quietFrom: formatMinuteOfDay(preferences.quietFrom ?? 22 * 60),
              quietUntil: formatMinuteOfDay(preferences.quietUntil ?? 8 * 60),
            }}
            action={saveReminders}
          />
        </div>
      </div>
    </AppShell>
  );
}
