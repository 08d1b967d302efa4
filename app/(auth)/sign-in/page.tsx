import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { LanguageLinks } from "@/components/i18n/language-links";
import { getPendingSignIn, getSessionUser, pendingPath } from "@/server/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signIn"))("pageTitle") };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await getSessionUser()) redirect("/");
  const pending = await getPendingSignIn();
  if (pending) redirect(pendingPath(pending));
  const { notice } = await searchParams;
  const t = await getTranslations("signIn");
  const notices: Record<string, string> = {
    "password-set": t("noticePasswordSet"),
    "signed-out-everywhere": t("noticeSignedOutEverywhere"),
  };
  const noticeText = typeof notice === "string" && Object.hasOwn(notices, notice) ? notices[notice] : undefined;
  return (
    <main id="main" className="mx-auto mt-16 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <LanguageLinks className="mb-6" />
      <h1 className="text-2xl font-semibold">{t("heading")}</h1>
      <p className="mt-2 text-slate-600">{t("lead")}</p>
      {noticeText && (
        <p role="status" className="mt-4 rounded border border-green-300 bg-green-50 p-3 text-green-900">
          {noticeText}
        </p>
      )}
      <SignInForm />
      <details className="mt-6 text-sm text-slate-700">
        <summary className="cursor-pointer text-blue-700 underline">{t("forgotten")}</summary>
        <p className="mt-2">{t("forgottenHelp")}</p>
      </details>
    </main>
  );
}
