import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { PageMessages } from "@/components/i18n/page-messages";
import { EmergencyBanner } from "@/components/patients/emergency-banner";
import { PatientPageHeading } from "@/components/patients/patient-page-heading";
import { WithheldNotice } from "@/components/patients/withheld-notice";
import { PhoneReportForm } from "@/components/reports/phone-report-form";
import { AppShell } from "@/components/ui/app-shell";
import { findActiveEmergencyAccess } from "@/db/queries/emergency";
import { findPatientHeader } from "@/db/queries/patients";
import { isValidatedWording } from "@/lib/grading/wording";
import { localeOfTag } from "@/lib/i18n/locales";
import { PHONE_REPORT_CATEGORIES } from "@/lib/reports/phone";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { readForPage } from "@/server/http/page";
import { questionnaireSymptoms } from "@/server/reports/questionnaire";
import { enterPhoneReport } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("phoneReport");
  return { title: t("pageTitle") };
}

/**
 * A nurse or oncologist enters the symptom report a patient gives by phone, on the patient's own
 * questionnaire. Needs the patient's consent for what the report touches (lib/reports/phone.ts);
 * without it the page names what is withheld and offers no form. The questions are in the
 * clinician's language, and say so when that wording is not the instrument's validated one.
 */
export default async function PhoneReportPage({ params }: { params: Promise<{ patientId: string }> }) {
  const { patientId } = await params;
  if (!z.uuid().safeParse(patientId).success) notFound();
  const { user, readable, header, emergency, symptoms } = await readForPage(
    {
      roles: CLINICAL_ROLES,
      auditAction: "phone_report_form_viewed",
      // The plan, when the clinician may read it, says which symptoms to ask first.
      consent: { patientId, categories: [...PHONE_REPORT_CATEGORIES, "treatment"] },
      requireAll: false,
    },
    async ({ tx, user, readable }) => ({
      user,
      readable,
      header: readable.includes("demographics") ? await findPatientHeader(tx, patientId) : null,
      emergency: await findActiveEmergencyAccess(tx, { userId: user.userId, patientId }),
      symptoms: readable.includes("symptoms")
        ? await questionnaireSymptoms(tx, { patientId, readsTreatment: readable.includes("treatment") })
        : null,
    }),
  );
  const withheld = PHONE_REPORT_CATEGORIES.filter((c) => !readable.includes(c));
  const t = await getTranslations("phoneReport");
  const validated = isValidatedWording(localeOfTag(await getLocale()));
  const patientName = header?.name ?? t("thePatient");

  return (
    <AppShell user={user}>
      {emergency && <EmergencyBanner access={emergency} />}
      <div className="mx-auto max-w-2xl">
        <PatientPageHeading patientId={patientId} header={header} title={t("pageTitle")} />
        <WithheldNotice withheld={withheld} patientId={patientId} />
        {withheld.length > 0 || !symptoms ? (
          <p className="mt-4">{t("cannotEnter")}</p>
        ) : (
          <>
            <p className="mt-2 text-slate-700">{t("lead")}</p>
            {!validated && (
              <p className="mt-2 rounded border border-amber-400 bg-amber-50 p-3">{t("wordingNotValidated")}</p>
            )}
            <div className="mt-6">
              <PageMessages namespaces={["phoneReport"]}>
                <PhoneReportForm
                  patientId={patientId}
                  clinicianId={user.userId}
                  patientName={patientName}
                  symptoms={symptoms}
                  submit={enterPhoneReport}
                />
              </PageMessages>
            </div>
          </>
        )}
      </div>
    </AppShell>
  );
}
