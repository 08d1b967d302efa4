import Link from "next/link";
import { formatClock, timeLeft } from "@/lib/alerts/time";
import type { LeadOverdueList } from "@/lib/alerts/view";
import { reasonsText } from "./alert-reasons";
import { NAME_WITHHELD, SeverityBadge } from "./labels";

/**
 * For a care team's lead: every alert of their teams past its response target, longest overdue
 * first, whoever holds it, so they can step in. Rendered on the server with the page's "now".
 */
export function LeadOverdueSection({ lead, now }: { lead: LeadOverdueList; now: Date }) {
  if (lead.teams.length === 0) return null;
  const teams = lead.teams.map((t) => t.name).join(", ");
  return (
    <section aria-labelledby="lead-overdue-heading" className="mt-6 rounded-lg border border-red-300 bg-white p-4">
      <h2 id="lead-overdue-heading" className="text-lg font-semibold">
        Overdue in the teams you lead ({lead.total})
      </h2>
      <p className="text-slate-700">
        {teams}.{" "}
        {lead.total === 0
          ? "Every alert has been responded to within its target."
          : "Open alerts past their response target, whoever holds them."}
      </p>
      {lead.rows.length > 0 && (
        <ul className="mt-3 divide-y divide-slate-200">
          {lead.rows.map((row) => (
            <li key={row.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2">
              <SeverityBadge severity={row.severity} />
              {row.patient ? (
                <Link
                  href={`/patients/${row.patientId}`}
                  className="font-medium text-blue-800 underline underline-offset-2"
                >
                  {row.patient.name}
                </Link>
              ) : (
                <span className="italic text-slate-700">{NAME_WITHHELD}</span>
              )}
              <span className="font-semibold text-red-800">{timeLeft(row, now).text}</span>
              <span className="text-slate-700">raised {formatClock(row.raisedAt, now)}</span>
              <span className="text-slate-700">{row.assignee ? `assigned to ${row.assignee.name}` : "unassigned"}</span>
              <span className="basis-full text-sm text-slate-800">{reasonsText(row.reasons)}</span>
            </li>
          ))}
        </ul>
      )}
      {lead.total > lead.rows.length && (
        <p className="mt-2 text-slate-700">
          Showing the {lead.rows.length} longest overdue of {lead.total}.{" "}
          <Link href="/triage?overdue=1" className="text-blue-800 underline">
            See all overdue alerts in the queue
          </Link>
        </p>
      )}
    </section>
  );
}
