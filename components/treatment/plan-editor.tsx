"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useId, useMemo, useRef, useState, useTransition } from "react";
import { formFields, InputField, SelectField, TextAreaField } from "@/components/ui/field";
import { Options } from "@/components/ui/options";
import { type CycleFacts, reconcileCycles } from "@/lib/treatment/cycles";
import { isIsoDate } from "@/lib/treatment/dates";
import type { SavePlanInput } from "@/lib/treatment/input";
import {
  applyStop,
  isDecision,
  PLAN_INTENTS,
  type PlanIntent,
  type PlanSnapshot,
  planChanges,
} from "@/lib/treatment/plan";
import type { ActionResult } from "@/server/http/action";
import { clinicDateHint, field } from "./plan-form-bits";
import { ChangePreview, PlanCycles, StopFields } from "./plan-sections";

export type EditablePlan = {
  id: string;
  version: number;
  snapshot: PlanSnapshot;
};

type Saved = { planId: string; version: number; changes: string[] };
type SaveAction = (input: SavePlanInput) => Promise<ActionResult<Saved>>;

/**
 * The treatment plan editor (nurses and oncologists): the plan's regimen, drugs, intent and
 * timing, and each cycle's planned date, date given, dose of each agent, status and reason. What will be
 * saved is previewed as a list of changes; a dose reduction, a held or cancelled cycle or stopping
 * treatment asks who decided it. Saving checks the version the editor opened, so a change made by
 * someone else in the meantime is never overwritten.
 */
type EditorProps = {
  patientId: string;
  plan: EditablePlan | null;
  /** The oncologists who may see the patient: only they may be named as having decided a change. */
  prescribers: { id: string; name: string }[];
  today: string;
  save: SaveAction;
};

export function PlanEditor(props: EditorProps) {
  const t = useTranslations("treatmentPlan");
  const router = useRouter();
  const [result, setResult] = useState<ActionResult<Saved> | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  return (
    <div className="space-y-4">
      <div ref={messageRef} tabIndex={-1} className="outline-none">
        {result?.ok && (
          <div role="status" className="rounded border border-green-600 bg-green-50 p-3">
            <p className="font-medium">{t("savedAs", { version: result.data.version })}</p>
            {result.data.changes.length > 0 && (
              <ul className="mt-1 list-disc pl-6">
                {result.data.changes.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {result && !result.ok && (
          <div role="alert" className="rounded border border-red-500 bg-red-50 p-3">
            <p className="font-medium">{result.error}</p>
            {result.code === "conflict" && (
              <button
                type="button"
                onClick={() => {
                  setResult(null);
                  router.refresh();
                }}
                className="mt-2 rounded border border-red-800 bg-white px-3 py-1.5 font-medium text-red-900"
              >
                {t("reload")}
              </button>
            )}
            {(result.fields?.length ?? 0) > 1 && (
              <ul className="mt-1 list-disc pl-6">
                {result.fields?.map((f) => (
                  <li key={`${f.field}:${f.message}`}>{f.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      {/* A new version remounts the form with the saved values; the message above stays. */}
      <PlanForm
        key={props.plan?.version ?? 0}
        {...props}
        result={result}
        onResult={(outcome) => {
          setResult(outcome);
          if (outcome.ok) router.refresh();
          requestAnimationFrame(() => messageRef.current?.focus());
        }}
      />
    </div>
  );
}

/** The plan's own fields, as typed. */
type Draft = Record<"regimen" | "drugs" | "intent" | "cycleLengthDays" | "plannedCycles" | "startDate", string>;

const wholeNumberUpTo = (max: number) => ({ type: "number", inputMode: "numeric", min: 1, max }) as const;
const toInt = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : Number.NaN);

function PlanForm({
  patientId,
  plan,
  prescribers,
  today,
  save,
  result,
  onResult,
}: EditorProps & { result: ActionResult<Saved> | null; onResult: (result: ActionResult<Saved>) => void }) {
  const t = useTranslations("treatmentPlan");
  const words = useTranslations("planSummary");
  const tag = useLocale();
  const intents: Record<(typeof PLAN_INTENTS)[number], string> = {
    curative: words("intentCurative"),
    adjuvant: words("intentAdjuvant"),
    neoadjuvant: words("intentNeoadjuvant"),
    palliative: words("intentPalliative"),
  };
  const id = useId();
  const previous = plan?.snapshot ?? null;
  const [draft, setDraft] = useState<Draft>({
    regimen: previous?.regimen ?? "",
    drugs: previous?.drugs.join(", ") ?? "",
    intent: previous?.intent ?? "adjuvant",
    cycleLengthDays: String(previous?.cycleLengthDays ?? 21),
    plannedCycles: String(previous?.plannedCycles ?? 6),
    startDate: previous?.startDate ?? today,
  });
  const [stopped, setStopped] = useState(previous?.stoppedOn != null);
  const [stoppedOn, setStoppedOn] = useState(previous?.stoppedOn ?? today);
  const [cycles, setCycles] = useState<CycleFacts[]>(previous?.cycles ?? []);
  const [reason, setReason] = useState("");
  const [decidedBy, setDecidedBy] = useState("");
  const [pending, startTransition] = useTransition();

  // What will be saved: the cycles filled in to the planned number, then a stop applied.
  const reconciled: PlanSnapshot = useMemo(() => {
    const cycleLengthDays = toInt(draft.cycleLengthDays);
    const plannedCount = toInt(draft.plannedCycles);
    const timing = { cycleLengthDays, plannedCycles: plannedCount, startDate: draft.startDate };
    const timingValid =
      Number.isInteger(cycleLengthDays) &&
      cycleLengthDays >= 1 &&
      cycleLengthDays <= 365 &&
      Number.isInteger(plannedCount) &&
      plannedCount >= 1 &&
      plannedCount <= 100 &&
      isIsoDate(draft.startDate);
    return {
      regimen: draft.regimen.trim(),
      drugs: draft.drugs
        .split(/[,;\n]/)
        .map((d) => d.trim())
        .filter(Boolean),
      // The select offers only the intents there are.
      intent: draft.intent as PlanIntent,
      ...timing,
      stoppedOn: stopped ? stoppedOn : null,
      cycles: timingValid ? reconcileCycles(timing, cycles, reason.trim() || "Fewer cycles planned") : cycles,
    };
  }, [draft, stopped, stoppedOn, cycles, reason]);
  const next = useMemo(() => applyStop(reconciled, previous, reason), [reconciled, previous, reason]);

  const changes = useMemo(() => (previous ? planChanges(previous, next) : []), [previous, next]);
  const decision = changes.some(isDecision);

  const errors = result && !result.ok ? (result.fields ?? []) : [];
  const fields = formFields(id, (name) => errors.find((f) => f.field === name)?.message, {
    control: field,
    message: "mt-1 text-sm text-red-800",
  });

  /** A field of the draft: its name, value and what typing in it changes. */
  const draftField = (name: keyof Draft) => ({
    fields,
    name,
    value: draft[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setDraft((d) => ({ ...d, [name]: e.target.value })),
  });

  function updateCycle(index: number, patch: Partial<CycleFacts>) {
    setCycles(reconciled.cycles.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const input: SavePlanInput = {
      patientId,
      planId: plan?.id ?? null,
      version: plan?.version ?? 0,
      ...next,
      reason,
      decidedBy: decidedBy || null,
    };
    startTransition(async () => {
      onResult(await save(input));
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-6" aria-describedby={`${id}-intro`}>
      <p id={`${id}-intro`} className="text-slate-700">
        {plan ? t("introChange", { version: plan.version }) : t("introRecord")}
      </p>

      <fieldset className="rounded-lg bg-white p-4">
        <legend className="px-1 text-lg font-semibold">{t("plan")}</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <InputField label={t("regimen")} maxLength={120} {...draftField("regimen")} />
          <InputField
            label={
              <>
                {t("drugs")} <span className="font-normal text-slate-700">{t("drugsHint")}</span>
              </>
            }
            {...draftField("drugs")}
          />
          <SelectField label={t("intent")} {...draftField("intent")}>
            <Options options={PLAN_INTENTS.map((i) => ({ value: i, label: intents[i] }))} />
          </SelectField>
          <InputField
            label={t("startDate")}
            hint={clinicDateHint(draft.startDate, tag)}
            type="date"
            {...draftField("startDate")}
          />
          <InputField label={t("cycleLength")} {...wholeNumberUpTo(365)} {...draftField("cycleLengthDays")} />
          <InputField label={t("plannedCycles")} {...wholeNumberUpTo(100)} {...draftField("plannedCycles")} />
        </div>
      </fieldset>

      <PlanCycles cycles={next.cycles} drugs={next.drugs} today={today} updateCycle={updateCycle} fields={fields} />

      {plan && (
        <StopFields
          stopped={stopped}
          setStopped={setStopped}
          stoppedOn={stoppedOn}
          setStoppedOn={setStoppedOn}
          today={today}
          wasStopped={previous?.stoppedOn != null}
          fields={fields}
        />
      )}

      <fieldset className="rounded-lg bg-white p-4">
        <legend className="px-1 text-lg font-semibold">{plan ? t("yourChange") : t("saving")}</legend>
        {plan && <ChangePreview changes={changes} />}
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          <TextAreaField
            fields={fields}
            name="reason"
            label={plan ? t("whyChanging") : t("whyOptional")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={3}
            maxLength={1000}
          />
          <SelectField
            fields={fields}
            name="decidedBy"
            label={
              <>
                {t("decidedByLabel")}{" "}
                {decision ? "" : <span className="font-normal text-slate-700">{t("decidedByHint")}</span>}
              </>
            }
            value={decidedBy}
            onChange={(e) => setDecidedBy(e.target.value)}
            aria-required={decision}
          >
            <option value="">{t("chooseOncologist")}</option>
            {prescribers.map((c) => (
              <option key={c.id} value={c.id}>
                {t("oncologist", { name: c.name })}
              </option>
            ))}
          </SelectField>
        </div>
        <button
          type="submit"
          disabled={pending}
          className="mt-4 rounded bg-blue-700 px-5 py-2 font-medium text-white disabled:opacity-60"
        >
          {pending ? t("savingNow") : plan ? t("save") : t("create")}
        </button>
      </fieldset>
    </form>
  );
}
