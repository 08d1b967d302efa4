import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Enrolment } from "@/components/auth/enrolment";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { enrolmentFor } from "@/server/auth/mfa";
import { requirePendingSignIn } from "@/server/auth/session";
import { getDatabase } from "@/server/database";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("enrol"))("heading") };
}

/** Staff whose organisation requires a second factor set one up before their first page. */
export default async function EnrolPage() {
  const pending = await requirePendingSignIn("enrol");
  const enrolment = await enrolmentFor(await getDatabase(), pending);
  if (!enrolment) redirect("/sign-in");
  const t = await getTranslations("enrol");
  return (
    <main id="main" className="mx-auto mt-10 max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">{t("heading")}</h1>
      <p className="mt-2 text-slate-600">
        {t.rich("required", {
          email: pending.email,
          strong: (chunks) => <span className="font-medium">{chunks}</span>,
        })}
      </p>
      <Enrolment qrDataUrl={enrolment.qrDataUrl} secret={enrolment.secret} continueTo="/" />
      <div className="mt-6 text-center">
        <SignOutButton label={(await getTranslations("shell"))("signOut")} />
      </div>
    </main>
  );
}
