import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SignOutEverywhereButton } from "@/components/auth/sign-out-everywhere-button";
import { LanguageForm } from "@/components/i18n/language-form";
import { NotificationPreferencesForm } from "@/components/notifications/preferences-form";
import { PushSubscriptions } from "@/components/notifications/push-subscriptions";
import { AppShell } from "@/components/ui/app-shell";
import { Section } from "@/components/ui/section";
import { countUnusedRecoveryCodes, findMfaState } from "@/db/queries/auth";
import { findNotificationPreferences, listPushSubscriptions } from "@/db/queries/notification-preferences";
import { listOpenSessions } from "@/db/queries/sessions";
import { sessionLimits } from "@/lib/auth/session-policy";
import { formatDateTime } from "@/lib/clinic-time";
import { hasRole, requirePageSession } from "@/server/auth/session";
import { now } from "@/server/clock";
import { guarded } from "@/server/http/guard";
import { vapidKeysFromEnvironment } from "@/server/notifications/push";
import { smsSenderFromEnvironment } from "@/server/notifications/sms";
import {
  addPushSubscriptionAction,
  removePushSubscriptionAction,
  saveLanguageAction,
  saveNotificationPreferencesAction,
} from "./actions";

export const metadata = { title: "Your account" };

/**
 * The language the signed-in person reads the app in, sign-in security (their second factor and where they are signed in)
 * and, for a clinician, how they are told about alerts: channels, quiet hours, subscribed browsers.
 */
export default async function AccountPage() {
  const user = await requirePageSession();
  const clinician = hasRole(user, ["oncologist", "nurse"]);
  const idleSince = new Date(now().getTime() - sessionLimits(user.organisationSettings).idleTimeoutMinutes * 60_000);
  const { mfa, recoveryLeft, sessions, alerts } = await guarded(
    { user, auditAction: "account_security_viewed", resourceType: "user", resourceId: user.userId },
    async ({ tx }) => ({
      mfa: await findMfaState(tx, user.userId),
      recoveryLeft: await countUnusedRecoveryCodes(tx, user.userId),
      sessions: await listOpenSessions(tx, { userId: user.userId, since: idleSince }),
      alerts: clinician
        ? {
            preferences: await findNotificationPreferences(tx, { userId: user.userId }),
            browsers: await listPushSubscriptions(tx, { userId: user.userId }),
          }
        : null,
    }),
  );
  const t = await getTranslations("language");
  return (
    <AppShell user={user}>
      <h1 className="text-2xl font-semibold">Your account</h1>
      <Section id="language-heading" heading={t("accountHeading")} className="mt-6">
        <LanguageForm action={saveLanguageAction} />
      </Section>
      <Section id="mfa-heading" heading="Two-factor sign-in" className="mt-6">
        {mfa?.mfaEnabledAt ? (
          <p className="mt-2">
            On since {formatDateTime(mfa.mfaEnabledAt)}. You have {recoveryLeft} unused recovery code
            {recoveryLeft === 1 ? "" : "s"}. If you lose your phone, an administrator can reset it.
          </p>
        ) : (
          <p className="mt-2">
            Off. A code from your phone at each sign-in keeps your record safe even if someone learns your password.{" "}
            <Link href="/account/two-factor" className="text-blue-700 underline">
              Set up two-factor sign-in
            </Link>
          </p>
        )}
      </Section>
      {alerts && (
        <Section id="alerts-heading" heading="How you are told about alerts" className="mt-6">
          <NotificationPreferencesForm
            preferences={alerts.preferences}
            action={saveNotificationPreferencesAction}
            smsConfigured={smsSenderFromEnvironment() !== null}
          />
          <h3 className="mt-6 font-medium">Browsers and phones that show alerts</h3>
          <PushSubscriptions
            publicKey={vapidKeysFromEnvironment()?.publicKey ?? null}
            browsers={alerts.browsers.map((b) => ({ ...b, createdAt: b.createdAt.toISOString() }))}
            subscribe={addPushSubscriptionAction}
            remove={removePushSubscriptionAction}
          />
        </Section>
      )}
      <Section id="sessions-heading" heading="Where you are signed in" className="mt-6">
        <ul className="mt-2 space-y-2">
          {sessions.map((s) => (
            <li key={s.id} className="rounded border border-slate-200 bg-white p-3">
              {s.id === user.sessionId ? <strong>This browser. </strong> : null}
              Signed in {formatDateTime(s.createdAt)}, last active {formatDateTime(s.lastSeenAt)}
              {s.userAgent ? <span className="block text-sm text-slate-600">{s.userAgent.slice(0, 120)}</span> : null}
            </li>
          ))}
        </ul>
        <div className="mt-4">
          <SignOutEverywhereButton />
        </div>
      </Section>
    </AppShell>
  );
}
