import { randomUUID } from "node:crypto";
import { getTranslations } from "next-intl/server";
import { PageMessages } from "@/components/i18n/page-messages";
import { EnrolForm } from "@/components/patients/enrol-form";
import { AppShell } from "@/components/ui/app-shell";
import { BackLinkHeading } from "@/components/ui/back-link";
import { listEnrolmentTeams } from "@/db/queries/patients";
import { clinicDate } from "@/lib/treatment/dates";
import { CLINICAL_ROLES, isClinicalRole } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";
import { enrolPatientAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("enrolPatient");
  return { title: t("pageTitle") };
}

/** Nurses and oncologists enrol a patient into one of their care teams. */
export default async function EnrolPatientPage() {
  const { user, teams } = await readForPage(
    { roles: CLINICAL_ROLES, auditAction: "enrolment_form_viewed", resourceType: "patient_enrolment" },
    async ({ tx, user }) => {
      const teamIds = user.memberships
        .filter((m) => isClinicalRole(m.role) && m.careTeamId)
        .map((m) => m.careTeamId as string);
      return { user, teams: await listEnrolmentTeams(tx, teamIds) };
    },
  );
  const t = await getTranslations("enrolPatient");
  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-3xl">
        <BackLinkHeading href="/patients" back={t("back")} title={t("pageTitle")} />
        <p className="mt-2 text-slate-700">{t("lead")}</p>
        {teams.length === 0 ? (
          <p className="mt-6 rounded border border-amber-400 bg-amber-50 p-4">{t("noTeam")}</p>
        ) : (
          <div className="mt-6">
            <PageMessages namespaces={["enrolPatient"]}>
              <EnrolForm action={enrolPatientAction} patientId={randomUUID()} teams={teams} today={clinicDate(now())} />
            </PageMessages>
          </div>
        )}
      </div>
    </AppShell>
  );
}
