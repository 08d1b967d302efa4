"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useRef, useState, useTransition } from "react";
import { Field } from "@/components/ui/field";
import { type CycleFacts, reconcileCycles } from "@/lib/treatment/cycles";
import { isIsoDate } from "@/lib/treatment/dates";
import type { SavePlanInput } from "@/lib/treatment/input";
import {
  applyStop,
  isDecision,
  PLAN_INTENT_LABELS,
  PLAN_INTENTS,
  type PlanIntent,
  type PlanSnapshot,
  planChanges,
} from "@/lib/treatment/plan";
import type { ActionResult } from "@/server/http/action";
import { field } from "./plan-form-bits";
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
 * timing, and each cycle's planned date, date given, dose level, status and reason. What will be
 * saved is previewed as a list of changes; a dose reduction, a held or cancelled cycle or stopping
 * treatment asks who decided it. Saving checks the version the editor opened, so a change made by
 * someone else in the meantime is never overwritten.
 */
type EditorProps = {
  patientId: string;
  plan: EditablePlan | null;
  clinicians: { id: string; name: string; roles: string }[];
  today: string;
  save: SaveAction;
};

export function PlanEditor(props: EditorProps) {
  const router = useRouter();
  const [result, setResult] = useState<ActionResult<Saved> | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  return (
    <div className="space-y-4">
      <div ref={messageRef} tabIndex={-1} className="outline-none">
        {result?.ok && (
          <div role="status" className="rounded border border-green-600 bg-green-50 p-3">
            <p className="font-medium">Saved as version {result.data.version}.</p>
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
                Reload the plan
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

function PlanForm({
  patientId,
  plan,
  clinicians,
  today,
  save,
  result,
  onResult,
}: EditorProps & { result: ActionResult<Saved> | null; onResult: (result: ActionResult<Saved>) => void }) {
  const id = useId();
  const previous = plan?.snapshot ?? null;
  const [regimen, setRegimen] = useState(previous?.regimen ?? "");
  const [drugs, setDrugs] = useState(previous?.drugs.join(", ") ?? "");
  const [intent, setIntent] = useState<PlanIntent>(previous?.intent ?? "adjuvant");
  const [cycleLength, setCycleLength] = useState(String(previous?.cycleLengthDays ?? 21));
  const [plannedCycles, setPlannedCycles] = useState(String(previous?.plannedCycles ?? 6));
  const [startDate, setStartDate] = useState(previous?.startDate ?? today);
  const [stopped, setStopped] = useState(previous?.stoppedOn != null);
  const [stoppedOn, setStoppedOn] = useState(previous?.stoppedOn ?? today);
  const [cycles, setCycles] = useState<CycleFacts[]>(previous?.cycles ?? []);
  const [reason, setReason] = useState("");
  const [decidedBy, setDecidedBy] = useState("");
  const [pending, startTransition] = useTransition();

  const toInt = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : Number.NaN);
  const cycleLengthDays = toInt(cycleLength);
  const plannedCount = toInt(plannedCycles);

  // What will be saved: the cycles filled in to the planned number, then a stop applied.
  const reconciled: PlanSnapshot = useMemo(() => {
    const timing = { cycleLengthDays, plannedCycles: plannedCount, startDate };
    const timingValid =
      Number.isInteger(cycleLengthDays) &&
      cycleLengthDays >= 1 &&
      cycleLengthDays <= 365 &&
      Number.isInteger(plannedCount) &&
      plannedCount >= 1 &&
      plannedCount <= 100 &&
      isIsoDate(startDate);
    return {
      regimen: regimen.trim(),
      drugs: drugs
        .split(/[,;\n]/)
        .map((d) => d.trim())
        .filter(Boolean),
      intent,
      ...timing,
      stoppedOn: stopped ? stoppedOn : null,
      cycles: timingValid ? reconcileCycles(timing, cycles, reason.trim() || "Fewer cycles planned") : cycles,
    };
  }, [regimen, drugs, intent, cycleLengthDays, plannedCount, startDate, stopped, stoppedOn, cycles, reason]);
  const next = useMemo(() => applyStop(reconciled, previous, reason), [reconciled, previous, reason]);

  const changes = useMemo(() => (previous ? planChanges(previous, next) : []), [previous, next]);
  const decision = changes.some(isDecision);

  const fields = result && !result.ok ? (result.fields ?? []) : [];
  const errorOf = (name: string) => fields.find((f) => f.field === name)?.message;
  const errorId = (name: string) => `${id}-${name.replaceAll(".", "-")}-error`;
  const describedBy = (name: string) => (errorOf(name) ? errorId(name) : undefined);

  function updateCycle(index: number, patch: Partial<CycleFacts>) {
    setCycles(reconciled.cycles.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const input: SavePlanInput = {
      patientId,
      planId: plan?.id ?? null,
      version: plan?.version ?? 0,
      regimen: next.regimen,
      drugs: next.drugs,
      intent: next.intent,
      cycleLengthDays: next.cycleLengthDays,
      plannedCycles: next.plannedCycles,
      startDate: next.startDate,
      stoppedOn: next.stoppedOn,
      cycles: next.cycles,
      reason,
      decidedBy: decidedBy || null,
    };
    startTransition(async () => {
      onResult(await save(input));
    });
  }

  const fieldError = (name: string) =>
    errorOf(name) ? (
      <p id={errorId(name)} className="mt-1 text-sm text-red-800">
        {errorOf(name)}
      </p>
    ) : null;

  return (
    <form onSubmit={submit} noValidate className="space-y-6" aria-describedby={`${id}-intro`}>
      <p id={`${id}-intro`} className="text-slate-700">
        {plan
          ? `You are changing version ${plan.version}. Every change is kept as a new version with your name and your reason.`
          : "Record the plan agreed for this patient. It becomes version 1 of the plan."}
      </p>

      <fieldset className="rounded-lg bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Plan</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={`${id}-regimen`} label="Regimen" error={fieldError("regimen")}>
            <input
              id={`${id}-regimen`}
              value={regimen}
              onChange={(e) => setRegimen(e.target.value)}
              maxLength={120}
              className={field}
              aria-invalid={Boolean(errorOf("regimen"))}
              aria-describedby={describedBy("regimen")}
            />
          </Field>
          <Field
            id={`${id}-drugs`}
            label={
              <>
                Drugs <span className="font-normal text-slate-700">(separated by commas)</span>
              </>
            }
            error={fieldError("drugs")}
          >
            <input
              id={`${id}-drugs`}
              value={drugs}
              onChange={(e) => setDrugs(e.target.value)}
              className={field}
              aria-invalid={Boolean(errorOf("drugs"))}
              aria-describedby={describedBy("drugs")}
            />
          </Field>
          <Field id={`${id}-intent`} label="Intent" error={fieldError("intent")}>
            <select
              id={`${id}-intent`}
              value={intent}
              onChange={(e) => setIntent(e.target.value as PlanIntent)}
              className={field}
              aria-invalid={Boolean(errorOf("intent"))}
              aria-describedby={describedBy("intent")}
            >
              {PLAN_INTENTS.map((i) => (
                <option key={i} value={i}>
                  {PLAN_INTENT_LABELS[i]}
                </option>
              ))}
            </select>
          </Field>
          <Field id={`${id}-start`} label="Start date" error={fieldError("startDate")}>
            <input
              id={`${id}-start`}
              type="date"
              value={startDate}
              onChange={(e) => setStartDate(e.target.value)}
              className={field}
              aria-invalid={Boolean(errorOf("startDate"))}
              aria-describedby={describedBy("startDate")}
            />
          </Field>
          <Field id={`${id}-length`} label="Cycle length (days)" error={fieldError("cycleLengthDays")}>
            <input
              id={`${id}-length`}
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              value={cycleLength}
              onChange={(e) => setCycleLength(e.target.value)}
              className={field}
              aria-invalid={Boolean(errorOf("cycleLengthDays"))}
              aria-describedby={describedBy("cycleLengthDays")}
            />
          </Field>
          <Field id={`${id}-cycles`} label="Planned number of cycles" error={fieldError("plannedCycles")}>
            <input
              id={`${id}-cycles`}
              type="number"
              inputMode="numeric"
              min={1}
              max={100}
              value={plannedCycles}
              onChange={(e) => setPlannedCycles(e.target.value)}
              className={field}
              aria-invalid={Boolean(errorOf("plannedCycles"))}
              aria-describedby={describedBy("plannedCycles")}
            />
          </Field>
        </div>
      </fieldset>

      <PlanCycles
        id={id}
        cycles={next.cycles}
        today={today}
        updateCycle={updateCycle}
        errorOf={errorOf}
        describedBy={describedBy}
        fieldError={fieldError}
      />

      {plan && (
        <StopFields
          id={id}
          stopped={stopped}
          setStopped={setStopped}
          stoppedOn={stoppedOn}
          setStoppedOn={setStoppedOn}
          today={today}
          wasStopped={previous?.stoppedOn != null}
          errorOf={errorOf}
          describedBy={describedBy}
          fieldError={fieldError}
        />
      )}

      <fieldset className="rounded-lg bg-white p-4">
        <legend className="px-1 text-lg font-semibold">{plan ? "Your change" : "Saving"}</legend>
        {plan && <ChangePreview changes={changes} />}
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          <Field
            id={`${id}-reason`}
            label={<>Why {plan ? "is the plan changing" : "(optional)"}</>}
            error={fieldError("reason")}
          >
            <textarea
              id={`${id}-reason`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              rows={3}
              maxLength={1000}
              className={field}
              aria-invalid={Boolean(errorOf("reason"))}
              aria-describedby={describedBy("reason")}
            />
          </Field>
          <Field
            id={`${id}-decided`}
            label={
              <>
                Decided by{" "}
                {decision ? (
                  ""
                ) : (
                  <span className="font-normal text-slate-700">(for a dose reduction, hold or stop)</span>
                )}
              </>
            }
            error={fieldError("decidedBy")}
          >
            <select
              id={`${id}-decided`}
              value={decidedBy}
              onChange={(e) => setDecidedBy(e.target.value)}
              className={field}
              aria-invalid={Boolean(errorOf("decidedBy"))}
              aria-describedby={describedBy("decidedBy")}
              aria-required={decision}
            >
              <option value="">Choose the clinician who decided</option>
              {clinicians.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.roles})
                </option>
              ))}
            </select>
          </Field>
        </div>
        <button
          type="submit"
          disabled={pending}
          className="mt-4 rounded bg-blue-700 px-5 py-2 font-medium text-white disabled:opacity-60"
        >
          {pending ? "Saving…" : plan ? "Save the plan" : "Create the plan"}
        </button>
      </fieldset>
    </form>
  );
}
