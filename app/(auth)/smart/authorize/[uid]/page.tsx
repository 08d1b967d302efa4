import type { Metadata } from "next";
import { headers } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/ui/message-page";
import { AppError } from "@/lib/errors";
import { localeOfTag } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translate";
import { describeScope } from "@/lib/smart/scopes";
import { requirePageSession } from "@/server/auth/session";
import { siteOrigin } from "@/server/http/origin";
import { type PendingAuthorization, pendingAuthorization } from "@/server/smart/interaction";
import { answerApp } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("smartAuthorize"))("pageTitle") };
}

/**
 * Where a SMART app's authorization request lands (server/smart/provider.ts): the signed-in user
 * sees which app asks for what and allows or refuses it. Only a patient or a clinician may.
 */
export default async function AuthorizeAppPage({ params }: { params: Promise<{ uid: string }> }) {
  const user = await requirePageSession(["patient", "oncologist", "nurse"]);
  const { uid } = await params;
  const t = await getTranslations("smartAuthorize");
  let pending: PendingAuthorization;
  try {
    pending = await pendingAuthorization(siteOrigin(await headers()) ?? "", uid, user);
  } catch (error) {
    if (error instanceof AppError) return <MessagePage title={t("ended")} message={error.message} />;
    throw error;
  }
  const words = translatorFor(localeOfTag(await getLocale()));
  const refused = pending.requested.filter((s) => !pending.grantable.includes(s));
  return (
    <main id="main" className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">{t("heading", { app: pending.clientName })}</h1>
      <p className="mt-4">
        {t.rich("asks", {
          app: pending.clientName,
          name: user.displayName,
          strong: (chunks) => <strong>{chunks}</strong>,
        })}
      </p>
      {pending.grantable.length === 0 ? (
        <p className="mt-4">{t("nothing")}</p>
      ) : (
        <ul className="mt-4 list-disc space-y-1 pl-6">
          {pending.grantable.map((scope) => (
            <li key={scope}>
              {describeScope(words, scope)} <code className="text-sm text-slate-600">({scope})</code>
            </li>
          ))}
        </ul>
      )}
      {refused.length > 0 && <p className="mt-4 text-slate-700">{t("alsoAsks", { scopes: refused.join(", ") })}</p>}
      <p className="mt-4 text-slate-700">{t("limits")}</p>
      <form action={answerApp} className="mt-6 flex gap-3">
        <input type="hidden" name="uid" value={pending.uid} />
        {pending.grantable.length > 0 && (
          <button
            type="submit"
            name="decision"
            value="allow"
            className="rounded bg-blue-700 px-4 py-2 font-medium text-white"
          >
            {t("allow")}
          </button>
        )}
        <button
          type="submit"
          name="decision"
          value="deny"
          className="rounded border border-slate-400 px-4 py-2 font-medium"
        >
          {t("deny")}
        </button>
      </form>
    </main>
  );
}
