import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { PageMessages } from "@/components/i18n/page-messages";
import { EmergencyBanner } from "@/components/patients/emergency-banner";
import { PatientPageHeading } from "@/components/patients/patient-page-heading";
import { cyclePositionText } from "@/components/patients/record-words";
import { WithheldNotice } from "@/components/patients/withheld-notice";
import { PlanEditor } from "@/components/treatment/plan-editor";
import { PlanHistory } from "@/components/treatment/plan-history";
import { AppShell } from "@/components/ui/app-shell";
import { Section } from "@/components/ui/section";
import { findActiveEmergencyAccess } from "@/db/queries/emergency";
import { findPatientHeader } from "@/db/queries/patients";
import { listPlanVersions } from "@/db/queries/treatment-history";
import { findCurrentPlan, listPrescribers, snapshotOf } from "@/db/queries/treatment-plans";
import { localeOfTag } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translate";
import { cyclePosition } from "@/lib/treatment/cycles";
import { clinicDate } from "@/lib/treatment/dates";
import type { DataCategory } from "@/lib/vocabulary";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";
import { savePlanAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("treatmentPlan");
  return { title: t("pageTitle") };
}

const NEEDED: DataCategory[] = ["treatment", "demographics"];

/**
 * The treatment plan editor and the plan's history (nurses and oncologists). Reading needs the
 * patient's consent for `treatment` (or an emergency access); every save is a new version.
 */
export default async function TreatmentPlanPage({ params }: { params: Promise<{ patientId: string }> }) {
  const { patientId } = await params;
  if (!z.uuid().safeParse(patientId).success) notFound();
  const data = await readForPage(
    {
      roles: CLINICAL_ROLES,
      auditAction: "treatment_plan_viewed",
      consent: { patientId, categories: NEEDED },
      requireAll: false,
    },
    async ({ tx, user, readable }) => {
      const canTreatment = readable.includes("treatment");
      const plan = canTreatment ? await findCurrentPlan(tx, { patientId }) : null;
      return {
        user,
        readable,
        header: readable.includes("demographics") ? await findPatientHeader(tx, patientId) : null,
        plan,
        versions: plan ? await listPlanVersions(tx, { planId: plan.id }) : [],
        prescribers: canTreatment ? await listPrescribers(tx, { patientId }) : [],
        emergency: await findActiveEmergencyAccess(tx, { userId: user.userId, patientId }),
      };
    },
  );
  const { user, readable, header, plan, versions, prescribers, emergency } = data;
  const today = clinicDate(now());
  const withheld = NEEDED.filter((c) => !readable.includes(c));
  const position = plan ? cyclePosition(plan, today) : null;
  const t = await getTranslations("treatmentPlan");
  const tag = await getLocale();

  return (
    <AppShell user={user}>
      {emergency && <EmergencyBanner access={emergency} />}
      <PatientPageHeading patientId={patientId} header={header} title={t("pageTitle")} />
      {position && <p className="mt-1">{cyclePositionText(translatorFor(localeOfTag(tag)), tag, position)}</p>}
      <WithheldNotice withheld={withheld} patientId={patientId} />
      {readable.includes("treatment") && (
        <>
          <Section
            id="editor"
            heading={plan ? t("changeHeading", { version: plan.version }) : t("recordHeading")}
            className="mt-6"
          >
            <div className="mt-2">
              <PageMessages namespaces={["treatmentPlan", "planSummary", "planCycles"]}>
                <PlanEditor
                  patientId={patientId}
                  plan={plan ? { id: plan.id, version: plan.version, snapshot: snapshotOf(plan) } : null}
                  prescribers={prescribers}
                  today={today}
                  save={savePlanAction}
                />
              </PageMessages>
            </div>
          </Section>
          <Section id="history" heading={t("historyHeading")} className="mt-10">
            <p className="text-slate-700">{t("historyLead")}</p>
            <PlanHistory versions={versions} />
          </Section>
        </>
      )}
    </AppShell>
  );
}
