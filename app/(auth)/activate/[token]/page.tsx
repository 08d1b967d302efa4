import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ActivationForm } from "@/components/auth/activation-form";
import { describeLink } from "@/server/auth/invitations";
import { now } from "@/server/clock";
import { getDatabase } from "@/server/database";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("activation"))("pageTitle") };
}

/**
 * A one-time link from an administrator (or, for patients, the care team): a new account's
 * activation or a password reset. Opening it changes nothing; setting the password uses it up.
 */
export default async function ActivatePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const state = await describeLink(await getDatabase(), token, now());
  const t = await getTranslations("activation");
  const unusable = { invalid: t("invalid"), expired: t("expired"), used: t("used") };
  return (
    <main id="main" className="mx-auto mt-16 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      {state.status === "valid" ? (
        <>
          <h1 className="text-2xl font-semibold">
            {state.link.purpose === "activate" ? t("setHeading") : t("resetHeading")}
          </h1>
          <p className="mt-2 text-slate-600">
            {t.rich("forEmail", {
              email: state.link.email,
              strong: (chunks) => <span className="font-medium">{chunks}</span>,
            })}
            {state.link.purpose === "activate" && state.link.kind === "staff" ? ` ${t("staffNext")}` : ""}
          </p>
          <ActivationForm token={token} email={state.link.email} submitLabel={t("submit")} />
        </>
      ) : (
        <>
          <h1 className="text-2xl font-semibold">{t("unusableHeading")}</h1>
          <p role="alert" className="mt-4">
            {unusable[state.status]}
          </p>
          <p className="mt-4">
            <Link className="text-blue-700 underline" href="/sign-in">
              {t("goToSignIn")}
            </Link>
          </p>
        </>
      )}
    </main>
  );
}
