import Link from "next/link";
import { useTranslations } from "next-intl";
import { timeLeft } from "@/lib/alerts/time";
import type { LeadOverdueList } from "@/lib/alerts/view";
import { reasonsText } from "./alert-reasons";
import { NameWithheld, SeverityBadge } from "./labels";
import { useAlertWords } from "./use-alert-words";

/**
 * For a care team's lead: every alert of their teams past its response target, longest overdue
 * first, whoever holds it, so they can step in. Rendered on the server with the page's "now".
 */
export function LeadOverdueSection({ lead, now }: { lead: LeadOverdueList; now: Date }) {
  const words = useAlertWords();
  const t = useTranslations("triageQueue");
  if (lead.teams.length === 0) return null;
  const teams = lead.teams.map((t) => t.name).join(", ");
  return (
    <section aria-labelledby="lead-overdue-heading" className="mt-6 rounded-lg border border-red-300 bg-white p-4">
      <h2 id="lead-overdue-heading" className="text-lg font-semibold">
        {t("leadHeading", { total: lead.total })}
      </h2>
      <p className="text-slate-700">
        {teams}. {lead.total === 0 ? t("leadNone") : t("leadSome")}
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
                <NameWithheld />
              )}
              <span className="font-semibold text-red-800">{words.timeLeft(timeLeft(row, now), row.status)}</span>
              <span className="text-slate-700">{t("raisedAt", { when: words.clock(row.raisedAt, now) })}</span>
              <span className="text-slate-700">
                {row.assignee ? t("assignedToName", { name: row.assignee.name }) : t("unassignedLower")}
              </span>
              <span className="basis-full text-sm text-slate-800">
                {reasonsText(row.reasons, t("reasonsWithheld"))}
              </span>
            </li>
          ))}
        </ul>
      )}
      {lead.total > lead.rows.length && (
        <p className="mt-2 text-slate-700">
          {t("leadShowing", { shown: lead.rows.length, total: lead.total })}{" "}
          <Link href="/triage?overdue=1" className="text-blue-800 underline">
            {t("seeAllOverdue")}
          </Link>
        </p>
      )}
    </section>
  );
}
