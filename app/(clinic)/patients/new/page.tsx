import { randomUUID } from "node:crypto";
import { EnrolForm } from "@/components/patients/enrol-form";
import { AppShell } from "@/components/ui/app-shell";
import { BackLinkHeading } from "@/components/ui/back-link";
import { listEnrolmentTeams } from "@/db/queries/patients";
import { clinicDate } from "@/lib/treatment/dates";
import { CLINICAL_ROLES, isClinicalRole } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";
import { enrolPatientAction } from "./actions";

export const metadata = { title: "Enrol a patient" };

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
  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-3xl">
        <BackLinkHeading href="/patients" back="Patients" title="Enrol a patient" />
        <p className="mt-2 text-slate-700">
          The patient joins the care team you choose, which can then see what the patient agrees to share. They get
          their own account to report symptoms and to choose who sees their record.
        </p>
        {teams.length === 0 ? (
          <p className="mt-6 rounded border border-amber-400 bg-amber-50 p-4">
            You are not a nurse or oncologist in any care team, so you cannot enrol patients. Ask an administrator to
            add you to one.
          </p>
        ) : (
          <div className="mt-6">
            <EnrolForm action={enrolPatientAction} patientId={randomUUID()} teams={teams} today={clinicDate(now())} />
          </div>
        )}
      </div>
    </AppShell>
  );
}
