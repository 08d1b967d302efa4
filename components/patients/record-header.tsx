import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { BackLinkHeading } from "@/components/ui/back-link";
import type { EmergencyAccessView } from "@/db/queries/emergency";
import type { PatientHeader } from "@/db/queries/patients";
import type { RecordAlert } from "@/db/queries/record";
import { localeOfTag } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translate";
import type { CyclePosition } from "@/lib/treatment/cycles";
import { ageOn, formatIsoDate } from "@/lib/treatment/dates";
import { reducedDoses } from "@/lib/treatment/doses";
import type { TreatmentPlanView } from "@/lib/treatment/plan";
import type { DataCategory } from "@/lib/vocabulary";
import { formatDateTime } from "./format";
import { cyclePositionText } from "./record-words";

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
  const t = useTranslations("record");
  const tag = useLocale();
  const sharedWords: Record<DataCategory, string> = {
    demographics: t("sharedDemographics"),
    symptoms: t("sharedSymptoms"),
    alerts: t("sharedAlerts"),
    treatment: t("sharedTreatment"),
  };
  const withheldText = t("withheld");
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
      <BackLinkHeading href="/patients" back={t("back")} title={header ? header.name : t("pageTitle")} />
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded-lg bg-white p-4 sm:grid-cols-[max-content_1fr_max-content_1fr]">
        <dt className="text-slate-700">{t("hospitalNumber")}</dt>
        <dd className="font-mono">{header ? header.hospitalNumber : withheldText}</dd>
        <dt className="text-slate-700">{t("age")}</dt>
        <dd>
          {header ? (
            <>
              {ageOn(header.dateOfBirth, today)}{" "}
              <span className="text-slate-700">{t("born", { date: formatIsoDate(header.dateOfBirth, tag) })}</span>
            </>
          ) : (
            withheldText
          )}
        </dd>
        <dt className="text-slate-700">{t("diagnosis")}</dt>
        <dd>{header ? header.diagnosis : withheldText}</dd>
        <dt className="text-slate-700">{t("careTeam")}</dt>
        <dd>{header ? header.careTeam : withheldText}</dd>
        <dt className="text-slate-700">{t("regimen")}</dt>
        <dd>{can("treatment") ? (plan ? plan.regimen : t("noPlan")) : withheldText}</dd>
        <dt className="text-slate-700">{t("cycle")}</dt>
        <dd>
          {can("treatment") ? (
            position ? (
              <>
                {cyclePositionText(translatorFor(localeOfTag(tag)), tag, position)}
                {doses && <span className="text-slate-700"> {t("atDose", { doses })}</span>}
              </>
            ) : (
              "–"
            )
          ) : (
            withheldText
          )}
        </dd>
        <dt className="text-slate-700">{t("openAlerts")}</dt>
        <dd>
          {openAlerts === null ? (
            withheldText
          ) : openAlerts.length === 0 ? (
            t("none")
          ) : (
            <a href="#alerts" className="font-semibold text-blue-800 underline">
              {[red ? t("redCount", { count: red }) : null, amber ? t("amberCount", { count: amber }) : null]
                .filter(Boolean)
                .join(", ")}
            </a>
          )}
        </dd>
        <dt className="text-slate-700">{t("consent")}</dt>
        <dd>
          {emergency ? (
            <span className="font-semibold text-red-800">
              {t("emergencyUntil", { when: formatDateTime(emergency.expiresAt, tag) })}
            </span>
          ) : shared.length === 4 ? (
            t("sharesAll")
          ) : (
            t("sharesSome", { parts: shared.map((c) => sharedWords[c]).join(", ") })
          )}
        </dd>
      </dl>
      {can("treatment") && (
        <p className="mt-2">
          <Link href={`/patients/${patientId}/treatment`} className="text-blue-800 underline">
            {plan ? t("changePlan") : t("recordPlan")}
          </Link>
        </p>
      )}
    </header>
  );
}
