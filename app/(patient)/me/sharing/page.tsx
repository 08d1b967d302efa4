import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { GrantAccessForm, RevokeRuleButton } from "@/components/consent/grant-access-form";
import { AppShell } from "@/components/ui/app-shell";
import { Section } from "@/components/ui/section";
import { listConsentRules, listGranteeOptions } from "@/db/queries/consent";
import { categoryReveals, describeConsentRule, ruleStatus } from "@/lib/consent/describe";
import { localeOfTag } from "@/lib/i18n/locales";
import { requirePageSession } from "@/server/auth/session";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";
import { grantAccess, revokeRule } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("sharing"))("pageTitle") };
}

export default async function SharingPage() {
  const me = await requirePageSession(["patient"]);
  const patientId = me.patientId;
  const { rules, options } = await readForPage(
    { roles: ["patient"], auditAction: "own_consent_viewed", consent: { patientId, categories: ["demographics"] } },
    async ({ tx }) => ({ rules: await listConsentRules(tx, patientId), options: await listGranteeOptions(tx) }),
  );
  const t = await getTranslations("sharing");
  const locale = localeOfTag(await getLocale());
  const at = now();
  const withStatus = rules.map((r) => ({ ...r, status: ruleStatus(r, at), text: describeConsentRule(r, locale) }));
  const active = withStatus.filter((r) => r.status === "active" || r.status === "scheduled");
  const past = withStatus.filter((r) => r.status === "revoked" || r.status === "expired");
  return (
    <AppShell user={me}>
      <div className="mx-auto max-w-3xl">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <p className="mt-2 text-slate-700">{t("lead")}</p>
        <Section id="in-force" heading={t("inForce")} className="mt-6">
          {active.length === 0 ? (
            <p className="mt-2">{t("nobody")}</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {active.map((r) => (
                <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 rounded bg-white p-3">
                  <span>
                    {r.text}
                    {r.status === "scheduled" && ` ${t("notStarted")}`}
                  </span>
                  <RevokeRuleButton ruleId={r.id} label={r.text} action={revokeRule} />
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section id="what-each-part-shows" heading={t("whatEachPartShows")} className="mt-8">
          <dl className="mt-2 space-y-2">
            {categoryReveals(locale).map((c) => (
              <div key={c.category}>
                <dt className="font-medium">{c.name}</dt>
                <dd className="text-slate-800">{c.reveals}</dd>
              </div>
            ))}
          </dl>
        </Section>
        <Section id="add-rule" heading={t("addRule")} className="mt-8">
          <div className="mt-2">
            <GrantAccessForm options={options} action={grantAccess} />
          </div>
        </Section>
        {past.length > 0 && (
          <Section id="past" heading={t("earlier")} className="mt-8">
            <ul className="mt-2 space-y-1 text-slate-700">
              {past.map((r) => (
                <li key={r.id}>
                  {r.status === "revoked" ? t("withdrawn", { rule: r.text }) : t("ended", { rule: r.text })}
                </li>
              ))}
            </ul>
          </Section>
        )}
      </div>
    </AppShell>
  );
}
