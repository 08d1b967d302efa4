import Link from "next/link";
import { ColumnHeads } from "@/components/ui/column-heads";
import { CYCLE_STATUS_LABELS, type CyclePosition, describeCyclePosition } from "@/lib/treatment/cycles";
import { formatIsoDate } from "@/lib/treatment/dates";
import { agentDosesOf, describeDoses } from "@/lib/treatment/doses";
import type { TreatmentPlanView } from "@/lib/treatment/plan";
import { PLAN_INTENT_LABELS } from "@/lib/treatment/plan";

/** The treatment plan as the record shows it: regimen, drugs, intent, timing and every cycle. */
export function PlanSummary({
  plan,
  position,
  patientId,
  canEdit,
}: {
  plan: TreatmentPlanView | null;
  position: CyclePosition | null;
  patientId: string;
  canEdit: boolean;
}) {
  const editHref = `/patients/${patientId}/treatment`;
  if (!plan) {
    return (
      <div className="mt-2">
        <p>No treatment plan has been recorded.</p>
        {canEdit && (
          <p className="mt-2">
            <Link href={editHref} className="text-blue-800 underline">
              Record a treatment plan
            </Link>
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="mt-2 rounded bg-white p-3">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr_max-content_1fr]">
        <dt className="text-slate-700">Regimen</dt>
        <dd>{plan.regimen}</dd>
        <dt className="text-slate-700">Drugs</dt>
        <dd>{plan.drugs.join(", ")}</dd>
        <dt className="text-slate-700">Intent</dt>
        <dd>{PLAN_INTENT_LABELS[plan.intent] ?? plan.intent}</dd>
        <dt className="text-slate-700">Cycles</dt>
        <dd>
          {plan.plannedCycles} of {plan.cycleLengthDays} days from {formatIsoDate(plan.startDate)}
        </dd>
        {position && (
          <>
            <dt className="text-slate-700">Now</dt>
            <dd>{describeCyclePosition(position)}</dd>
          </>
        )}
        <dt className="text-slate-700">Version</dt>
        <dd>{plan.version}</dd>
      </dl>
      <table className="mt-3 w-full border-collapse text-left text-sm">
        <caption className="sr-only">Cycles of the treatment plan</caption>
        <ColumnHeads
          labels={["Cycle", "Planned", "Given", "Dose level", "Status", "Reason"]}
          rowClassName="border-b border-slate-300"
          cellClassName="p-1"
        />
        <tbody>
          {plan.cycles.map((c) => (
            <tr key={c.id} className="border-b border-slate-100">
              <th scope="row" className="p-1 font-normal">
                {c.cycleNumber}
              </th>
              <td className="p-1">{formatIsoDate(c.plannedDate)}</td>
              <td className="p-1">{c.givenDate ? formatIsoDate(c.givenDate) : "–"}</td>
              <td
                className={`p-1 ${agentDosesOf(c, plan.drugs).some((d) => d.dosePercent < 100) ? "font-semibold" : ""}`}
              >
                {describeDoses(c, plan.drugs)}
              </td>
              <td className="p-1">{CYCLE_STATUS_LABELS[c.status]}</td>
              <td className="p-1">{c.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 flex flex-wrap gap-4">
        <Link href={editHref} className="text-blue-800 underline">
          {canEdit ? "Change the plan and see its history" : "See the plan's history"}
        </Link>
      </p>
    </div>
  );
}
