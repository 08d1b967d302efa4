import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { findAlertPatientId } from "@/db/queries/alert-rows";
import { isUuid } from "@/lib/uuid";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { readForPage } from "@/server/http/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("alertLink"))("pageTitle") };
}

/**
 * Where a notification's link leads (lib/notifications/message.ts): the message names only the
 * alert, so this finds its patient, if the signed-in clinician may read the patient's alerts, and
 * opens the alerts of their record, where it is acknowledged. Anyone else is told it was not found.
 */
export default async function AlertLinkPage({ params }: { params: Promise<{ alertId: string }> }) {
  const { alertId } = await params;
  if (!isUuid(alertId)) notFound();
  const patientId = await readForPage(
    { roles: CLINICAL_ROLES, auditAction: "alert_link_opened", resourceType: "alert", resourceId: alertId },
    ({ tx }) => findAlertPatientId(tx, { alertId }),
  );
  if (!patientId) notFound();
  redirect(`/patients/${patientId}#alerts`);
}
