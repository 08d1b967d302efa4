import { notFound } from "next/navigation";
import { z } from "zod";
import { EmergencyAccessForm } from "@/components/patients/emergency-access-form";
import { AppShell } from "@/components/ui/app-shell";
import { BackLinkHeading } from "@/components/ui/back-link";
import { EMERGENCY_REASON_MIN } from "@/db/queries/emergency";
import { emergencyAccessHourChoices, emergencyAccessMaxHours } from "@/lib/consent/emergency-limits";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { requirePageSession } from "@/server/auth/session";
import { startEmergencyAccessAction } from "./actions";

export const metadata = { title: "Emergency access" };

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
  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-2xl">
        <BackLinkHeading href="/patients" back="Patients" title="Emergency access" />
        <div className="mt-3 space-y-2">
          <p>
            The patient has not shared this record, or not all of it, with you. Open it without their consent only when
            their care needs it now and you cannot ask them.
          </p>
          <ul className="list-disc pl-6">
            <li>Give your reason: it is kept with the access and shown to the patient.</li>
            <li>
              Access lasts the time you choose, at most {maxHours} hour{maxHours === 1 ? "" : "s"}, and ends by itself.
            </li>
            <li>
              Opening it again while your access is in force, or within an hour after it ends, is a renewal: give a new
              reason, saying why you still need the record. Renewals are marked for review.
            </li>
            <li>
              Everything you open is recorded. The patient sees that you opened their record, and your
              organisation&apos;s administrators see every emergency access and who opened it, but not your reason.
            </li>
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
