import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Enrolment } from "@/components/auth/enrolment";
import { AppShell } from "@/components/ui/app-shell";
import { enrolmentFor } from "@/server/auth/mfa";
import { requirePageSession } from "@/server/auth/session";
import { getDatabase } from "@/server/database";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("enrol"))("heading") };
}

/** Turning on the second factor by choice (patients; staff are asked at sign-in). */
export default async function TwoFactorPage() {
  const user = await requirePageSession();
  const enrolment = await enrolmentFor(await getDatabase(), user);
  if (!enrolment) redirect("/account");
  const t = await getTranslations("enrol");
  return (
    <AppShell user={user}>
      <div className="max-w-md">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <Enrolment qrDataUrl={enrolment.qrDataUrl} secret={enrolment.secret} continueTo="/account" />
      </div>
    </AppShell>
  );
}
