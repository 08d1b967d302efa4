import { notFound } from "next/navigation";
import { z } from "zod";
import { EmergencyBanner } from "@/components/patients/emergency-banner";
import { PatientPageHeading } from "@/components/patients/patient-page-heading";
import { WithheldNotice } from "@/components/patients/withheld-notice";
import { PhoneReportForm } from "@/components/reports/phone-report-form";
import { AppShell } from "@/components/ui/app-shell";
import { findActiveEmergencyAccess } from "@/db/queries/emergency";
import { findPatientHeader } from "@/db/queries/patients";
import { PHONE_REPORT_CATEGORIES } from "@/lib/reports/phone";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { readForPage } from "@/server/http/page";
import { questionnaireSymptoms } from "@/server/reports/questionnaire";
import { enterPhoneReport } from "./actions";

export const metadata = { title: "Enter a report taken by phone" };

/**
 * A nurse or oncologist enters the symptom report a patient gives by phone, on the patient's own
 * questionnaire. Needs the patient's consent for what the report touches (lib/reports/phone.ts);
 * without it the page names what is withheld and offers no form.
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
  const patientName = header?.name ?? "the patient";

  return (
    <AppShell user={user}>
      {emergency && <EmergencyBanner access={emergency} />}
      <div className="mx-auto max-w-2xl">
        <PatientPageHeading patientId={patientId} header={header} title="Enter a report taken by phone" />
        <WithheldNotice withheld={withheld} patientId={patientId} />
        {withheld.length > 0 || !symptoms ? (
          <p className="mt-4">
            You cannot enter a report for this patient: ask a colleague the patient shares these with.
          </p>
        ) : (
          <>
            <p className="mt-2 text-slate-700">
              Read each question to the patient as it is worded and enter their answers. The report is graded and
              triaged as if they had sent it, and shows in their record as taken by phone by you.
            </p>
            <div className="mt-6">
              <PhoneReportForm
                patientId={patientId}
                clinicianId={user.userId}
                patientName={patientName}
                symptoms={symptoms}
                submit={enterPhoneReport}
              />
            </div>
          </>
        )}
      </div>
    </AppShell>
  );
}
