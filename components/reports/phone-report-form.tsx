"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import type { QuestionnaireSymptoms } from "@/lib/reports/usual-symptoms";
import type { ActionResult } from "@/server/http/action";
import { type QuestionnaireWording, ReportQuestionnaire, type ReportSubmission } from "./report-form";

/** What the clinician is shown once a report taken by phone is stored. */
export type PhoneReportOutcome = {
  reportId: string;
  /** The same form was sent before: nothing new was stored, this is the first result. */
  replayed: boolean;
  level: "red" | "amber" | "green";
  /** Plain-words reasons, as on the alert; empty for green. */
  reasons: string[];
  /** A red flag was ticked: the patient needs emergency services. */
  emergency: boolean;
  responseMinutes: number | null;
  alertRaised: boolean;
  /** The report was added to the patient's alert already with the care team, rather than raising one. */
  alertJoined: boolean;
};

const STYLES = {
  red: "border-red-600 bg-red-50 text-red-950",
  amber: "border-amber-500 bg-amber-50 text-amber-950",
  green: "border-green-600 bg-green-50 text-green-950",
} as const;

/**
 * The patient's questionnaire as a clinician fills it in during a phone call: the questions are
 * read to the patient as worded for them. The draft is kept for this browser tab only, per
 * clinician and patient, so a shared clinic computer does not keep a half-entered report.
 */
export function PhoneReportForm({
  patientId,
  clinicianId,
  patientName,
  symptoms,
  submit,
}: {
  patientId: string;
  clinicianId: string;
  patientName: string;
  symptoms: QuestionnaireSymptoms;
  submit: (input: ReportSubmission & { patientId: string }) => Promise<ActionResult<PhoneReportOutcome>>;
}) {
  const t = useTranslations("phoneReport");
  const wording: QuestionnaireWording = {
    submit: t("submit"),
    filledFrom: (date) => t("filledFrom", { date }),
    pending: t("pending"),
    notSaved: t("notSaved"),
    unreachable: t("unreachable"),
  };
  return (
    <ReportQuestionnaire
      draftKey={`serums:phone-report-draft:${clinicianId}:${patientId}`}
      draftStorage="session"
      symptoms={symptoms}
      submit={(input) => submit({ ...input, patientId })}
      wording={wording}
      renderResult={(result, startAnother) => (
        <PhoneReportResult
          result={result}
          recordHref={`/patients/${patientId}`}
          patientName={patientName}
          onAnother={startAnother}
        />
      )}
    />
  );
}

function PhoneReportResult({
  result,
  recordHref,
  patientName,
  onAnother,
}: {
  result: PhoneReportOutcome;
  recordHref: string;
  patientName: string;
  onAnother: () => void;
}) {
  const t = useTranslations("phoneReport");
  const a = useTranslations("advice");
  const duration = (minutes: number) => {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    if (hours === 0) return a("durationMinutes", { count: rest });
    if (rest === 0) return a("durationHours", { count: hours });
    return a("durationBoth", {
      hours: a("durationHours", { count: hours }),
      minutes: a("durationMinutes", { count: rest }),
    });
  };
  const red = result.level === "red";
  const raised =
    result.responseMinutes === null
      ? red
        ? t("raisedRed")
        : t("raisedAmber")
      : red
        ? t("raisedRedWithin", { duration: duration(result.responseMinutes) })
        : t("raisedAmberWithin", { duration: duration(result.responseMinutes) });
  return (
    <section
      role={result.level === "red" ? "alert" : "status"}
      aria-labelledby="phone-report-result"
      className={`rounded-lg border-4 p-5 ${STYLES[result.level]}`}
    >
      <p className="text-sm font-semibold uppercase tracking-wide">{result.replayed ? t("replayed") : t("saved")}</p>
      <h2 id="phone-report-result" className="mt-1 text-2xl font-bold">
        {result.level === "red" ? t("triageRed") : result.level === "amber" ? t("triageAmber") : t("triageGreen")}
      </h2>
      {result.reasons.length > 0 ? (
        <>
          <h3 className="mt-3 font-semibold">{t("reasons")}</h3>
          <ul className="list-disc pl-5">
            {result.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-3">{t("noAction")}</p>
      )}
      {result.emergency && <p className="mt-3 font-semibold">{t("emergency")}</p>}
      {result.alertRaised && result.alertJoined && <p className="mt-3">{red ? t("joinedRed") : t("joined")}</p>}
      {result.alertRaised && !result.alertJoined && <p className="mt-3">{raised}</p>}
      <div className="mt-5 flex flex-wrap gap-4">
        <Link href={recordHref} className="rounded bg-slate-900 px-4 py-2 font-medium text-white">
          {t("backTo", { name: patientName })}
        </Link>
        <button type="button" onClick={onAnother} className="rounded border border-slate-700 px-4 py-2 font-medium">
          {t("another")}
        </button>
      </div>
    </section>
  );
}
