import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { cyclePositionText } from "@/components/patients/record-words";
import { ColumnHeads } from "@/components/ui/column-heads";
import { localeOfTag } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translate";
import type { CyclePosition, CycleStatus } from "@/lib/treatment/cycles";
import { formatIsoDate } from "@/lib/treatment/dates";
import { agentDosesOf, describeDoses } from "@/lib/treatment/doses";
import type { TreatmentPlanView } from "@/lib/treatment/plan";

/** The treatment plan as the record shows it, in the reader's language: regimen, drugs, intent, timing and every cycle. */
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
  const t = useTranslations("planSummary");
  const tag = useLocale();
  const editHref = `/patients/${patientId}/treatment`;
  const intents: Record<string, string> = {
    curative: t("intentCurative"),
    adjuvant: t("intentAdjuvant"),
    neoadjuvant: t("intentNeoadjuvant"),
    palliative: t("intentPalliative"),
  };
  const statuses: Record<CycleStatus, string> = {
    planned: t("statusPlanned"),
    given: t("statusGiven"),
    delayed: t("statusDelayed"),
    held: t("statusHeld"),
    cancelled: t("statusCancelled"),
  };
  if (!plan) {
    return (
      <div className="mt-2">
        <p>{t("none")}</p>
        {canEdit && (
          <p className="mt-2">
            <Link href={editHref} className="text-blue-800 underline">
              {t("record")}
            </Link>
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="mt-2 rounded bg-white p-3">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr_max-content_1fr]">
        <dt className="text-slate-700">{t("regimen")}</dt>
        <dd>{plan.regimen}</dd>
        <dt className="text-slate-700">{t("drugs")}</dt>
        <dd>{plan.drugs.join(", ")}</dd>
        <dt className="text-slate-700">{t("intent")}</dt>
        <dd>{intents[plan.intent] ?? plan.intent}</dd>
        <dt className="text-slate-700">{t("cycles")}</dt>
        <dd>
          {t("cyclesValue", {
            count: plan.plannedCycles,
            days: plan.cycleLengthDays,
            date: formatIsoDate(plan.startDate, tag),
          })}
        </dd>
        {position && (
          <>
            <dt className="text-slate-700">{t("now")}</dt>
            <dd>{cyclePositionText(translatorFor(localeOfTag(tag)), tag, position)}</dd>
          </>
        )}
        <dt className="text-slate-700">{t("version")}</dt>
        <dd>{plan.version}</dd>
      </dl>
      <table className="mt-3 w-full border-collapse text-left text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <ColumnHeads
          labels={[t("colCycle"), t("colPlanned"), t("colGiven"), t("colDose"), t("colStatus"), t("colReason")]}
          rowClassName="border-b border-slate-300"
          cellClassName="p-1"
        />
        <tbody>
          {plan.cycles.map((c) => (
            <tr key={c.id} className="border-b border-slate-100">
              <th scope="row" className="p-1 font-normal">
                {c.cycleNumber}
              </th>
              <td className="p-1">{formatIsoDate(c.plannedDate, tag)}</td>
              <td className="p-1">{c.givenDate ? formatIsoDate(c.givenDate, tag) : "–"}</td>
              <td
                className={`p-1 ${agentDosesOf(c, plan.drugs).some((d) => d.dosePercent < 100) ? "font-semibold" : ""}`}
              >
                {describeDoses(c, plan.drugs)}
              </td>
              <td className="p-1">{statuses[c.status]}</td>
              <td className="p-1">{c.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 flex flex-wrap gap-4">
        <Link href={editHref} className="text-blue-800 underline">
          {canEdit ? t("change") : t("history")}
        </Link>
      </p>
    </div>
  );
}
