import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SecondFactorForm } from "@/components/auth/second-factor-form";
import { requirePendingSignIn } from "@/server/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("secondFactor"))("heading") };
}

/** The second step of signing in, for a browser that has passed the password. */
export default async function VerifyPage() {
  const pending = await requirePendingSignIn("second_factor");
  const t = await getTranslations("secondFactor");
  return (
    <main id="main" className="mx-auto mt-16 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">{t("heading")}</h1>
      <p className="mt-2 text-slate-600">
        {t.rich("signingInAs", {
          email: pending.email,
          strong: (chunks) => <span className="font-medium">{chunks}</span>,
        })}
      </p>
      <SecondFactorForm />
    </main>
  );
}
