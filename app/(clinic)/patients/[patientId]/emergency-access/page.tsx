import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { EmergencyAccessForm } from "@/components/patients/emergency-access-form";
import { AppShell } from "@/components/ui/app-shell";
import { BackLinkHeading } from "@/components/ui/back-link";
import { EMERGENCY_REASON_MIN } from "@/db/queries/emergency";
import { emergencyAccessHourChoices, emergencyAccessMaxHours } from "@/lib/consent/emergency-limits";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { requirePageSession } from "@/server/auth/session";
import { startEmergencyAccessAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("emergencyAccess");
  return { title: t("pageTitle") };
}

/**
 * "Break the glass": asks a clinician why they need a record they have no consent for, and for how
 * long. Shows nothing of the patient: until the access starts this clinician may not read any of it.
 */
export default async function EmergencyAccessPage({ params }: { params: Promise<{ patientId: string }> }) {
  const { patientId } = await params;
  if (!z.uuid().safeParse(patientId).success) notFound();
  const user = await requirePageSession(CLINICAL_ROLES);
  // Four hours at most, or the organisation's lower limit; the database checks it again.
  const maxHours = emergencyAccessMaxHours(user.organisationSettings);
  const t = await getTranslations("emergencyAccess");
  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-2xl">
        <BackLinkHeading href="/patients" back={t("back")} title={t("pageTitle")} />
        <div className="mt-3 space-y-2">
          <p>{t("lead")}</p>
          <ul className="list-disc pl-6">
            <li>{t("reason")}</li>
            <li>{t("lasts", { count: maxHours })}</li>
            <li>{t("renewal")}</li>
            <li>{t("recorded")}</li>
          </ul>
        </div>
        <EmergencyAccessForm
          patientId={patientId}
          action={startEmergencyAccessAction}
          hours={emergencyAccessHourChoices(maxHours)}
          defaultHours={maxHours}
          minReason={EMERGENCY_REASON_MIN}
        />
      </div>
    </AppShell>
  );
}
