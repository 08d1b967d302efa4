import Link from "next/link";
import { BackLinkHeading } from "@/components/ui/back-link";
import type { EmergencyAccessView } from "@/db/queries/emergency";
import type { PatientHeader } from "@/db/queries/patients";
import type { RecordAlert } from "@/db/queries/record";
import { type CyclePosition, describeCyclePosition } from "@/lib/treatment/cycles";
import { ageOn, formatIsoDate } from "@/lib/treatment/dates";
import { reducedDoses } from "@/lib/treatment/doses";
import type { TreatmentPlanView } from "@/lib/treatment/plan";
import type { DataCategory } from "@/lib/vocabulary";
import { formatDateTime } from "./format";

const SHARED_WORDS: Record<DataCategory, string> = {
  demographics: "personal details",
  symptoms: "symptom reports",
  alerts: "alerts",
  treatment: "treatment plan",
};
const withheldText = "Withheld";

/**
 * The record's header: who the patient is, their regimen and where they are in it, open alerts, and
 * what the patient shares with this clinician. A value the patient has not shared says so.
 */
export function RecordHeader({
  patientId,
  header,
  plan,
  position,
  openAlerts,
  readable,
  emergency,
  today,
}: {
  patientId: string;
  header: PatientHeader | null;
  plan: TreatmentPlanView | null;
  position: CyclePosition | null;
  openAlerts: RecordAlert[] | null;
  readable: DataCategory[];
  emergency: EmergencyAccessView | null;
  today: string;
}) {
  const can = (c: DataCategory) => readable.includes(c);
  // The current cycle's doses, per agent when they differ, when any is reduced.
  const cycle =
    position?.kind === "in_cycle" ? plan?.cycles.find((c) => c.cycleNumber === position.cycleNumber) : undefined;
  const doses = cycle && plan ? reducedDoses(cycle, plan.drugs) : null;
  const red = openAlerts?.filter((a) => a.severity === "red").length ?? 0;
  const amber = openAlerts?.filter((a) => a.severity === "amber").length ?? 0;
  const shared = (["demographics", "symptoms", "alerts", "treatment"] as const).filter(can);
  return (
    <header>
      <BackLinkHeading href="/patients" back="Patients" title={header ? header.name : "Patient record"} />
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded-lg bg-white p-4 sm:grid-cols-[max-content_1fr_max-content_1fr]">
        <dt className="text-slate-700">Hospital number</dt>
        <dd className="font-mono">{header ? header.hospitalNumber : withheldText}</dd>
        <dt className="text-slate-700">Age</dt>
        <dd>
          {header ? (
            <>
              {ageOn(header.dateOfBirth, today)}{" "}
              <span className="text-slate-700">(born {formatIsoDate(header.dateOfBirth)})</span>
            </>
          ) : (
            withheldText
          )}
        </dd>
        <dt className="text-slate-700">Diagnosis</dt>
        <dd>{header ? header.diagnosis : withheldText}</dd>
        <dt className="text-slate-700">Care team</dt>
        <dd>{header ? header.careTeam : withheldText}</dd>
        <dt className="text-slate-700">Regimen</dt>
        <dd>{can("treatment") ? (plan ? plan.regimen : "No plan recorded") : withheldText}</dd>
        <dt className="text-slate-700">Cycle</dt>
        <dd>
          {can("treatment") ? (
            position ? (
              <>
                {describeCyclePosition(position)}
                {doses && <span className="text-slate-700"> at {doses} dose</span>}
              </>
            ) : (
              "–"
            )
          ) : (
            withheldText
          )}
        </dd>
        <dt className="text-slate-700">Open alerts</dt>
        <dd>
          {openAlerts === null ? (
            withheldText
          ) : openAlerts.length === 0 ? (
            "None"
          ) : (
            <a href="#alerts" className="font-semibold text-blue-800 underline">
              {[red ? `${red} red` : null, amber ? `${amber} amber` : null].filter(Boolean).join(", ")}
            </a>
          )}
        </dd>
        <dt className="text-slate-700">Consent</dt>
        <dd>
          {emergency ? (
            <span className="font-semibold text-red-800">
              Emergency access until {formatDateTime(emergency.expiresAt)}
            </span>
          ) : shared.length === 4 ? (
            "Shares the whole record with you"
          ) : (
            `Shares with you: ${shared.map((c) => SHARED_WORDS[c]).join(", ")}`
          )}
        </dd>
      </dl>
      {can("treatment") && (
        <p className="mt-2">
          <Link href={`/patients/${patientId}/treatment`} className="text-blue-800 underline">
            {plan ? "Change the treatment plan" : "Record a treatment plan"}
          </Link>
        </p>
      )}
    </header>
  );
}
