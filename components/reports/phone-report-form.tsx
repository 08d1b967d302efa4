"use client";

import Link from "next/link";
import type { QuestionnaireSymptoms } from "@/lib/reports/usual-symptoms";
import { formatDuration } from "@/lib/triage/advice";
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

const WORDING: QuestionnaireWording = {
  submit: "Save the report taken by phone",
  filledFrom: (date) =>
    `The answers below were filled in from the patient's last report, of ${date}. Read each one to the patient and change any that are different today.`,
  pending: "Saving the report…",
  notSaved: "The report was not saved.",
  unreachable:
    "The report was not saved: the server could not be reached. The answers are still here; please try again.",
};

const LEVEL_WORDS = { red: "Red", amber: "Amber", green: "Green" } as const;
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
  return (
    <ReportQuestionnaire
      draftKey={`serums:phone-report-draft:${clinicianId}:${patientId}`}
      draftStorage="session"
      symptoms={symptoms}
      submit={(input) => submit({ ...input, patientId })}
      wording={WORDING}
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
  const level = LEVEL_WORDS[result.level];
  return (
    <section
      role={result.level === "red" ? "alert" : "status"}
      aria-labelledby="phone-report-result"
      className={`rounded-lg border-4 p-5 ${STYLES[result.level]}`}
    >
      <p className="text-sm font-semibold uppercase tracking-wide">
        {result.replayed ? "This report was already saved; nothing new was stored" : "Report taken by phone saved"}
      </p>
      <h2 id="phone-report-result" className="mt-1 text-2xl font-bold">
        Triage: {level}
      </h2>
      {result.reasons.length > 0 ? (
        <>
          <h3 className="mt-3 font-semibold">Reasons</h3>
          <ul className="list-disc pl-5">
            {result.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-3">No symptom needs action now.</p>
      )}
      {result.emergency && <p className="mt-3 font-semibold">A red flag was given: the patient must call 999 now.</p>}
      {result.alertRaised && result.alertJoined && (
        <p className="mt-3">
          The report was added to the patient&apos;s alert already with the care team
          {result.level === "red" ? "; the alert is now red" : ""}.
        </p>
      )}
      {result.alertRaised && !result.alertJoined && (
        <p className="mt-3">
          A {level.toLowerCase()} alert was raised for the patient&apos;s care team
          {result.responseMinutes !== null && `, to be answered within ${formatDuration(result.responseMinutes)}`}.
        </p>
      )}
      <div className="mt-5 flex flex-wrap gap-4">
        <Link href={recordHref} className="rounded bg-slate-900 px-4 py-2 font-medium text-white">
          Back to {patientName}&apos;s record
        </Link>
        <button type="button" onClick={onAnother} className="rounded border border-slate-700 px-4 py-2 font-medium">
          Enter another report
        </button>
      </div>
    </section>
  );
}
