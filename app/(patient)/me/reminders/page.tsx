import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { addPushSubscriptionAction, removePushSubscriptionAction } from "@/app/(auth)/account/actions";
import { PushSubscriptions } from "@/components/notifications/push-subscriptions";
import { ReminderForm } from "@/components/reminders/reminder-form";
import { AppShell } from "@/components/ui/app-shell";
import { listPushSubscriptions } from "@/db/queries/notification-preferences";
import { findReminderPreferences } from "@/db/queries/reminders";
import { describeReminderTime, formatMinuteOfDay } from "@/lib/notifications/reminders";
import { requirePageSession } from "@/server/auth/session";
import { readForPage } from "@/server/http/page";
import { vapidKeysFromEnvironment } from "@/server/notifications/push";
import { saveReminders } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reminders"))("pageTitle") };
}

/** The patient's reminders to report: on or off, by email or push, when, and their quiet hours. */
export default async function RemindersPage() {
  const me = await requirePageSession(["patient"]);
  const { preferences, browsers } = await readForPage(
    {
      roles: ["patient"],
      auditAction: "own_reminders_viewed",
      consent: { patientId: me.patientId, categories: ["demographics"] },
    },
    async ({ tx }) => ({
      preferences: await findReminderPreferences(tx, { patientId: me.patientId }),
      browsers: await listPushSubscriptions(tx, { userId: me.userId }),
    }),
  );
  const by = preferences.channels.map((c) => (c === "email" ? "by email" : "on your phone or browser")).join(" and ");
  const t = await getTranslations("reminders");
  const quiet = preferences.quietFrom !== null && preferences.quietUntil !== null;
  return (
    <AppShell user={me}>
      <div className="mx-auto max-w-2xl">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <p className="mt-2 text-slate-700">{t("lead")}</p>
        <p role="status" className="mt-4 rounded border border-slate-300 bg-white p-3">
          {preferences.enabled
            ? `Reminders are on, ${by}: ${describeReminderTime(preferences)}${
                quiet
                  ? `, never between ${formatMinuteOfDay(preferences.quietFrom ?? 0)} and ${formatMinuteOfDay(preferences.quietUntil ?? 0)}`
                  : ""
              }.`
            : t("off")}
        </p>
        <div className="mt-6">
          <ReminderForm
            initial={{
              enabled: preferences.enabled,
              channels: preferences.channels,
              remindAt: formatMinuteOfDay(preferences.remindAt),
              quietHours: quiet,
              quietFrom: formatMinuteOfDay(preferences.quietFrom ?? 22 * 60),
              quietUntil: formatMinuteOfDay(preferences.quietUntil ?? 8 * 60),
            }}
            action={saveReminders}
          />
        </div>
        <section aria-labelledby="reminder-browsers-heading" className="mt-8">
          <h2 id="reminder-browsers-heading" className="text-lg font-semibold">
            {t("browsersHeading")}
          </h2>
          <PushSubscriptions
            shows="reminders"
            publicKey={vapidKeysFromEnvironment()?.publicKey ?? null}
            browsers={browsers.map((b) => ({ ...b, createdAt: b.createdAt.toISOString() }))}
            subscribe={addPushSubscriptionAction}
            remove={removePushSubscriptionAction}
          />
        </section>
      </div>
    </AppShell>
  );
}
