import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AlertState } from "@/components/reports/alert-state";
import { AppShell } from "@/components/ui/app-shell";
import { Section } from "@/components/ui/section";
import { listConsentRules } from "@/db/queries/consent";
import { findPatientHeader } from "@/db/queries/patients";
import { describeConsentRule, ruleStatus } from "@/lib/consent/describe";
import { localeOfTag } from "@/lib/i18n/locales";
import { requirePageSession } from "@/server/auth/session";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";
import { patientAlertState } from "@/server/reports/patient-alert";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("me"))("pageTitle") };
}

/** The patient's own record and, in plain words, who may see it. */
export default async function MyRecordPage() {
  const me = await requirePageSession(["patient"]);
  const patientId = me.patientId;
  const { header, rules, alert } = await readForPage(
    { roles: ["patient"], auditAction: "own_record_viewed", consent: { patientId, categories: ["demographics"] } },
    async ({ tx, user }) => ({
      header: await findPatientHeader(tx, patientId),
      rules: await listConsentRules(tx, patientId),
      alert: await patientAlertState(tx, user),
    }),
  );
  const at = now();
  const t = await getTranslations("me");
  const locale = localeOfTag(await getLocale());
  const active = rules.filter((r) => ruleStatus(r, at) === "active");
  return (
    <AppShell user={me}>
      <h1 className="text-2xl font-semibold">{t("heading")}</h1>
      {header && (
        <p className="mt-2">
          {t.rich("identity", {
            name: header.name,
            hospitalNumber: header.hospitalNumber,
            careTeam: header.careTeam,
            number: (chunks) => <span className="font-mono">{chunks}</span>,
          })}
        </p>
      )}
      <AlertState view={alert} />
      <p className="mt-4">
        <Link href="/report" className="inline-block rounded-lg bg-blue-700 px-5 py-3 text-lg font-semibold text-white">
          {t("reportToday")}
        </Link>
      </p>
      <p className="mt-2">
        <Link href="/me/reminders" className="text-blue-700 underline">
          {t("reminders")}
        </Link>
      </p>
      <Section id="who-can-see" heading={t("whoCanSee")} className="mt-6">
        {active.length === 0 ? (
          <p className="mt-2">{t("nobodyCanSee")}</p>
        ) : (
          <ul className="mt-2 list-disc space-y-1 pl-6">
            {active.map((r) => (
              <li key={r.id}>{describeConsentRule(r, locale)}</li>
            ))}
          </ul>
        )}
        <p className="mt-2">
          <Link href="/me/sharing" className="text-blue-700 underline">
            {t("changeWhoCanSee")}
          </Link>
        </p>
      </Section>
    </AppShell>
  );
}
