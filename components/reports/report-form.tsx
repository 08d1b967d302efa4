"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { type ReactNode, useEffect, useId, useState } from "react";
import { type Attribute, SYMPTOM_ITEMS, type SymptomCode } from "@/lib/grading/items";
import { answerScalesIn, itemsIn } from "@/lib/grading/wording";
import { type Locale, localeOfTag } from "@/lib/i18n/locales";
import { type AnswersBySymptom, type QuestionnaireSymptoms, usualAnswersFrom } from "@/lib/reports/usual-symptoms";
import { TEMPERATURE_MESSAGES } from "@/lib/reports/validation";
import { RED_FLAG_CODES, type RedFlag } from "@/lib/triage/red-flags";
import type { ActionResult } from "@/server/http/action";
import { ReportAdvice, type SubmittedReport } from "./report-advice";
import { SymptomQuestions } from "./symptom-questions";

type Draft = {
  idempotencyKey: string;
  answers: AnswersBySymptom;
  /** The answer to "Anything else bothering you today?": only "yes" asks the other symptoms. */
  anythingElse: "" | "yes" | "no";
  /** The date of the report "Same as my last report" filled the usual symptoms from, as shown. */
  filledFrom: string | null;
  temperature: string;
  redFlags: RedFlag[];
  canWait: "" | "yes" | "no";
  note: string;
};

const NOTE_LIMIT = 1000;
const newDraft = (): Draft => ({
  idempotencyKey: crypto.randomUUID(),
  answers: {},
  anythingElse: "",
  filledFrom: null,
  temperature: "",
  redFlags: [],
  canWait: "",
  note: "",
});

/**
 * Builds the report the server validates: only the symptoms asked (the usual ones, and the others
 * once the patient said something else bothers them); skipped follow-ups are left out, unanswered
 * ones are null.
 */
export function draftToReport(draft: Draft, usual: readonly SymptomCode[]) {
  const answers: Record<string, Record<string, number | null>> = {};
  for (const item of SYMPTOM_ITEMS) {
    if (draft.anythingElse !== "yes" && !usual.includes(item.code)) continue;
    const given = draft.answers[item.code];
    const first = given?.[item.attributes[0]];
    if (first === undefined) continue;
    answers[item.code] = { [item.attributes[0]]: first };
    if (first > 0) for (const attr of item.attributes.slice(1)) answers[item.code][attr] = given?.[attr] ?? null;
  }
  const temperature = draft.temperature.trim();
  return {
    answers,
    temperatureC: temperature === "" ? null : Number(temperature.replace(",", ".")),
    redFlags: draft.redFlags,
    canWait: draft.canWait === "" ? null : draft.canWait === "yes",
    note: draft.note,
  };
}

/** What the questionnaire sends: the report, and the key that makes a retry store nothing new. */
export type ReportSubmission = {
  idempotencyKey: string;
  report: ReturnType<typeof draftToReport>;
  /** The language the questions were shown in. */
  locale: Locale;
};
type SubmitAction<R> = (input: ReportSubmission) => Promise<ActionResult<R>>;

/** The words that differ between the patient's own form and a report taken by phone. */
export type QuestionnaireWording = {
  submit: string;
  /** What "Same as my last report" says it did, given the last report's date. */
  filledFrom: (date: string) => string;
  pending: string;
  /** Starts the message when the server refused or failed to store the report. */
  notSaved: string;
  /** The whole message when the server could not be reached. */
  unreachable: string;
};

const draftStore = (kind: "local" | "session"): Storage =>
  kind === "session" ? window.sessionStorage : window.localStorage;

/**
 * The symptom questionnaire, for whoever enters the report. Follow-up questions appear only when
 * the first answer is above zero (PRO-CTCAE skip logic). The draft is kept in this browser under
 * `draftKey` until it is stored, so a reload or a failed submission loses nothing; its idempotency
 * key makes a repeated submission store once. `draftStorage` "session" keeps the draft for this tab
 * only (a shared clinic computer); "local" keeps it on the device (the patient's own phone).
 */
export function ReportQuestionnaire<R>({
  draftKey,
  draftStorage,
  symptoms,
  submit,
  wording,
  renderResult,
}: {
  draftKey: string;
  draftStorage: "local" | "session";
  symptoms: QuestionnaireSymptoms;
  submit: SubmitAction<R>;
  wording: QuestionnaireWording;
  renderResult: (result: R, startAnother: () => void) => ReactNode;
}) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; fields: { field: string; message: string }[] } | null>(null);
  const [result, setResult] = useState<R | null>(null);
  const formId = useId();
  const t = useTranslations("report");
  const locale = localeOfTag(useLocale());
  const format = useFormatter();

  // Read once per draft: the usual symptoms as a string, so a new array of the same codes is no change.
  const usualKey = symptoms.usual.join(",");
  useEffect(() => {
    try {
      const saved = draftStore(draftStorage).getItem(draftKey);
      const restored: Draft = saved ? { ...newDraft(), ...(JSON.parse(saved) as Draft) } : newDraft();
      // A draft with answers beyond the usual symptoms (kept from before they were asked first, or
      // from another plan) keeps them asked, rather than dropping them from the report unseen.
      const usual = usualKey.split(",");
      if (restored.anythingElse === "" && Object.keys(restored.answers).some((code) => !usual.includes(code))) {
        restored.anythingElse = "yes";
      }
      setDraft(restored);
    } catch {
      setDraft(newDraft());
    }
  }, [draftKey, draftStorage, usualKey]);

  useEffect(() => {
    if (draft) draftStore(draftStorage).setItem(draftKey, JSON.stringify(draft));
  }, [draft, draftKey, draftStorage]);

  if (result !== null) return renderResult(result, () => setResult(null));
  if (!draft) return <p aria-live="polite">{t("loading")}</p>;

  const temperatureError = error?.fields.find((f) => f.field === "report.temperatureC")?.message;
  const fieldMessage = ({ field, message }: { field: string; message: string }): string => {
    if (field === "report.temperatureC") {
      if (message === TEMPERATURE_MESSAGES.decimals) return t("temperatureDecimals");
      if (message === TEMPERATURE_MESSAGES.type) return t("temperatureType");
      const tenths = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
      return t("temperatureRange", { min: format.number(34, tenths), max: format.number(43, tenths) });
    }
    return locale === "en" ? message : t("answerInvalid");
  };
  const redFlagLabels: Record<RedFlag, string> = {
    chest_pain: t("redFlagChestPain"),
    breathless_at_rest: t("redFlagBreathlessAtRest"),
    uncontrolled_bleeding: t("redFlagUncontrolledBleeding"),
    severe_confusion: t("redFlagSevereConfusion"),
  };
  const update = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const setAnswer = (code: SymptomCode, attr: Attribute, value: number) =>
    update({ answers: { ...draft.answers, [code]: { ...draft.answers[code], [attr]: value } } });
  const { usual, lastReport } = symptoms;
  const fromLast = lastReport ? usualAnswersFrom(lastReport.answers, usual) : {};
  const canFill = lastReport !== null && Object.keys(fromLast).length > 0;
  const fillFromLast = () => {
    if (!lastReport) return;
    const answers = { ...draft.answers };
    for (const code of usual) delete answers[code];
    update({ answers: { ...answers, ...fromLast }, filledFrom: lastReport.reportedOn });
  };
  const items = itemsIn(locale);
  const usualItems = items.filter((item) => usual.includes(item.code));
  const otherItems = items.filter((item) => !usual.includes(item.code));
  const questions = (item: (typeof items)[number]) => (
    <SymptomQuestions
      key={item.code}
      item={item}
      scales={answerScalesIn(locale)}
      given={draft.answers[item.code] ?? {}}
      onAnswer={(attr, value) => setAnswer(item.code, attr, value)}
    />
  );

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!draft) return;
    setPending(true);
    setError(null);
    try {
      const outcome = await submit({
        idempotencyKey: draft.idempotencyKey,
        report: draftToReport(draft, usual),
        locale,
      });
      if (outcome.ok) {
        draftStore(draftStorage).removeItem(draftKey);
        setDraft(newDraft());
        setResult(outcome.data);
        window.scrollTo({ top: 0 });
      } else {
        // The server's sentences are English: each field's is said again in the reader's language.
        const fields = (outcome.fields ?? []).map((f) => ({ field: f.field, message: fieldMessage(f) }));
        const reason = fields.length > 0 && locale !== "en" ? t("checkAnswers") : outcome.error;
        setError({ message: `${wording.notSaved} ${reason}`, fields });
      }
    } catch {
      setError({ message: wording.unreachable, fields: [] });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6" aria-describedby={error ? `${formId}-error` : undefined}>
      {error && (
        <div id={`${formId}-error`} role="alert" className="rounded border border-red-400 bg-red-50 p-4 text-red-900">
          <p className="font-semibold">{error.message}</p>
          {error.fields.length > 0 && (
            <ul className="mt-2 list-disc pl-5">
              {error.fields.map((f) => (
                <li key={f.field}>{f.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      <fieldset className="rounded-lg border-2 border-red-300 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">{t("redFlagsLegend")}</legend>
        <p className="text-sm text-slate-700">{t("redFlagsHint")}</p>
        <div className="mt-2 space-y-2">
          {RED_FLAG_CODES.map((flag) => (
            <label key={flag} className="flex min-h-11 items-center gap-3">
              <input
                type="checkbox"
                className="h-5 w-5"
                checked={draft.redFlags.includes(flag)}
                onChange={(e) =>
                  update({
                    redFlags: e.target.checked ? [...draft.redFlags, flag] : draft.redFlags.filter((f) => f !== flag),
                  })
                }
              />
              {redFlagLabels[flag]}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="rounded-lg bg-white p-4">
        <label htmlFor={`${formId}-temp`} className="block text-lg font-semibold">
          {t("temperatureLabel")}
        </label>
        <p id={`${formId}-temp-hint`} className="text-sm text-slate-700">
          {t("temperatureHint", { example: 37.2 })}
        </p>
        {temperatureError && (
          <p id={`${formId}-temp-error`} className="mt-1 font-semibold text-red-800">
            {temperatureError}
          </p>
        )}
        <input
          id={`${formId}-temp`}
          inputMode="decimal"
          autoComplete="off"
          value={draft.temperature}
          onChange={(e) => update({ temperature: e.target.value.slice(0, 5) })}
          aria-invalid={temperatureError ? true : undefined}
          aria-describedby={temperatureError ? `${formId}-temp-error ${formId}-temp-hint` : `${formId}-temp-hint`}
          className="mt-2 w-32 rounded border border-slate-500 px-3 py-2 text-lg"
        />
      </div>

      <h2 className="text-xl font-semibold">{t("symptomsHeading")}</h2>
      <p className="text-slate-700">{t("symptomsLead")}</p>
      {canFill && lastReport && (
        <div className="rounded-lg bg-white p-4">
          <button
            type="button"
            onClick={fillFromLast}
            aria-describedby={`${formId}-same-hint`}
            className="min-h-11 rounded border border-slate-700 px-4 py-2 font-medium"
          >
            {t("sameAsLast")}
          </button>
          <p id={`${formId}-same-hint`} className="mt-1 text-sm text-slate-700">
            {t("sameAsLastHint", { date: lastReport.reportedOn })}
          </p>
        </div>
      )}
      <div role="status" className={draft.filledFrom ? "rounded border border-blue-300 bg-blue-50 p-3" : undefined}>
        {draft.filledFrom && <p className="font-semibold text-blue-950">{wording.filledFrom(draft.filledFrom)}</p>}
      </div>
      {usualItems.map(questions)}

      <fieldset className="rounded-lg border-2 border-slate-300 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">{t("anythingElseLegend")}</legend>
        <p id={`${formId}-else-hint`} className="text-sm text-slate-700">
          {t("anythingElseHint")}
        </p>
        <YesNo
          name="anythingElse"
          value={draft.anythingElse}
          onChange={(anythingElse) => update({ anythingElse })}
          labels={{ yes: t("yes"), no: t("nothingElse") }}
          describedBy={`${formId}-else-hint`}
        />
      </fieldset>
      {draft.anythingElse === "yes" && (
        <>
          <h3 className="text-lg font-semibold">{t("otherSymptoms")}</h3>
          {otherItems.map(questions)}
        </>
      )}

      <fieldset className="rounded-lg bg-white p-4">
        <legend className="px-1 text-lg font-semibold">{t("canWaitLegend")}</legend>
        <YesNo
          name="canWait"
          value={draft.canWait}
          onChange={(canWait) => update({ canWait })}
          labels={{ yes: t("yes"), no: t("no") }}
        />
      </fieldset>

      <div className="rounded-lg bg-white p-4">
        <label htmlFor={`${formId}-note`} className="block text-lg font-semibold">
          {t("noteLabel")}
        </label>
        <textarea
          id={`${formId}-note`}
          value={draft.note}
          maxLength={NOTE_LIMIT}
          rows={4}
          onChange={(e) => update({ note: e.target.value })}
          aria-describedby={`${formId}-note-count`}
          className="mt-2 w-full rounded border border-slate-500 p-2"
        />
        <p id={`${formId}-note-count`} className="text-sm text-slate-700">
          {t("noteCount", { count: draft.note.length, limit: NOTE_LIMIT })}
        </p>
      </div>

      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-lg bg-blue-700 px-4 py-3 text-lg font-semibold text-white disabled:opacity-60"
      >
        {pending ? wording.pending : wording.submit}
      </button>
    </form>
  );
}

/** The patient's own form: the draft stays on their device, and they are told at once what to do. */
export function ReportForm({
  patientId,
  symptoms,
  submit,
}: {
  patientId: string;
  symptoms: QuestionnaireSymptoms;
  submit: SubmitAction<SubmittedReport>;
}) {
  const t = useTranslations("report");
  const wording: QuestionnaireWording = {
    submit: t("submit"),
    filledFrom: (date) => t("filledFrom", { date }),
    pending: t("pending"),
    notSaved: t("notSaved"),
    unreachable: t("unreachable"),
  };
  return (
    <ReportQuestionnaire
      draftKey={`serums:report-draft:${patientId}`}
      draftStorage="local"
      symptoms={symptoms}
      submit={submit}
      wording={wording}
      renderResult={(result, startAnother) => <ReportAdvice result={result} onAnother={startAnother} />}
    />
  );
}

/** A yes-or-no question's two radio buttons, inside the question's fieldset. */
function YesNo({
  name,
  value,
  onChange,
  labels,
  describedBy,
}: {
  name: string;
  value: "" | "yes" | "no";
  onChange: (value: "yes" | "no") => void;
  labels: { yes: string; no: string };
  describedBy?: string;
}) {
  return (
    <div className="mt-2 flex flex-wrap gap-x-6">
      {(["yes", "no"] as const).map((v) => (
        <label key={v} className="flex min-h-11 items-center gap-2">
          <input
            type="radio"
            name={name}
            className="h-5 w-5"
            aria-describedby={describedBy}
            checked={value === v}
            onChange={() => onChange(v)}
          />
          {labels[v]}
        </label>
      ))}
    </div>
  );
}
