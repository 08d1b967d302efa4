"use client";

/** Sections of the treatment plan editor: the cycle table, stopping treatment, and the change preview. */
import { ColumnHeads } from "@/components/ui/column-heads";
import { CYCLE_STATUS_LABELS, CYCLE_STATUSES, type CycleFacts, type CycleStatus } from "@/lib/treatment/cycles";
import { describeChange, type PlanChange } from "@/lib/treatment/plan";
import { cell, type FieldErrors, field } from "./plan-form-bits";

/** The plan editor's cycle table: each cycle's planned date, date given, dose level, status and reason. */
export function PlanCycles({
  id,
  cycles,
  today,
  updateCycle,
  errorOf,
  describedBy,
  fieldError,
}: FieldErrors & {
  id: string;
  cycles: CycleFacts[];
  today: string;
  updateCycle: (index: number, patch: Partial<CycleFacts>) => void;
}) {
  return (
    <fieldset className="rounded-lg bg-white p-4">
      <legend className="px-1 text-lg font-semibold">Cycles</legend>
      <p className="text-sm text-slate-700">
        Dose level is the percentage of the full dose. A delayed, held or cancelled cycle needs a reason.
      </p>
      {fieldError("cycles")}
      <div className="mt-2 overflow-x-auto">
        <table className="w-full min-w-[44rem] border-collapse text-left">
          <caption className="sr-only">Each cycle of the plan, to change</caption>
          <ColumnHeads
            labels={["Cycle", "Planned date", "Date given", "Dose level (%)", "Status", "Reason"]}
            rowClassName="border-b border-slate-300 text-sm"
            cellClassName="p-1"
          />
          <tbody>
            {cycles.map((c, i) => {
              const n = c.cycleNumber;
              const name = (f: string) => `cycles.${i}.${f}`;
              const inputId = (f: string) => `${id}-c${n}-${f}`;
              return (
                <tr key={n} className="border-b border-slate-100 align-top">
                  <th scope="row" className="p-1 pt-2 font-medium">
                    {n}
                  </th>
                  <td className="p-1">
                    <label htmlFor={inputId("planned")} className="sr-only">
                      Cycle {n} planned date
                    </label>
                    <input
                      id={inputId("planned")}
                      type="date"
                      value={c.plannedDate}
                      onChange={(e) => updateCycle(i, { plannedDate: e.target.value })}
                      className={cell}
                      aria-invalid={Boolean(errorOf(name("plannedDate")))}
                      aria-describedby={describedBy(name("plannedDate"))}
                    />
                    {fieldError(name("plannedDate"))}
                  </td>
                  <td className="p-1">
                    <label htmlFor={inputId("given")} className="sr-only">
                      Cycle {n} date given
                    </label>
                    <input
                      id={inputId("given")}
                      type="date"
                      value={c.givenDate ?? ""}
                      max={today}
                      onChange={(e) => {
                        const givenDate = e.target.value || null;
                        updateCycle(
                          i,
                          givenDate && c.status === "planned" ? { givenDate, status: "given" } : { givenDate },
                        );
                      }}
                      className={cell}
                      aria-invalid={Boolean(errorOf(name("givenDate")))}
                      aria-describedby={describedBy(name("givenDate"))}
                    />
                    {fieldError(name("givenDate"))}
                  </td>
                  <td className="p-1">
                    <label htmlFor={inputId("dose")} className="sr-only">
                      Cycle {n} dose level (%)
                    </label>
                    <input
                      id={inputId("dose")}
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={100}
                      step={5}
                      value={Number.isNaN(c.dosePercent) ? "" : c.dosePercent}
                      onChange={(e) =>
                        updateCycle(i, { dosePercent: e.target.value === "" ? Number.NaN : Number(e.target.value) })
                      }
                      className={`${cell} w-24`}
                      aria-invalid={Boolean(errorOf(name("dosePercent")))}
                      aria-describedby={describedBy(name("dosePercent"))}
                    />
                    {fieldError(name("dosePercent"))}
                  </td>
                  <td className="p-1">
                    <label htmlFor={inputId("status")} className="sr-only">
                      Cycle {n} status
                    </label>
                    <select
                      id={inputId("status")}
                      value={c.status}
                      onChange={(e) => updateCycle(i, { status: e.target.value as CycleStatus })}
                      className={cell}
                      aria-invalid={Boolean(errorOf(name("status")))}
                      aria-describedby={describedBy(name("status"))}
                    >
                      {CYCLE_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {CYCLE_STATUS_LABELS[s]}
                        </option>
                      ))}
                    </select>
                    {fieldError(name("status"))}
                  </td>
                  <td className="p-1">
                    <label htmlFor={inputId("reason")} className="sr-only">
                      Cycle {n} reason
                    </label>
                    <input
                      id={inputId("reason")}
                      value={c.reason ?? ""}
                      maxLength={300}
                      onChange={(e) => updateCycle(i, { reason: e.target.value || null })}
                      className={cell}
                      aria-invalid={Boolean(errorOf(name("reason")))}
                      aria-describedby={describedBy(name("reason"))}
                    />
                    {fieldError(name("reason"))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

/** Stopping treatment: whether, and on which day; cycles not yet given are then cancelled. */
export function StopFields({
  id,
  stopped,
  setStopped,
  stoppedOn,
  setStoppedOn,
  today,
  wasStopped,
  errorOf,
  describedBy,
  fieldError,
}: FieldErrors & {
  id: string;
  stopped: boolean;
  setStopped: (stopped: boolean) => void;
  stoppedOn: string;
  setStoppedOn: (day: string) => void;
  today: string;
  wasStopped: boolean;
}) {
  return (
    <fieldset className="rounded-lg bg-white p-4">
      <legend className="px-1 text-lg font-semibold">Stopping treatment</legend>
      <label className="flex min-h-11 items-center gap-2">
        <input type="checkbox" checked={stopped} onChange={(e) => setStopped(e.target.checked)} className="h-5 w-5" />
        Treatment is stopped
      </label>
      {stopped && (
        <div className="mt-2 max-w-xs">
          <label htmlFor={`${id}-stopped`} className="font-medium">
            Stopped on
          </label>
          <input
            id={`${id}-stopped`}
            type="date"
            value={stoppedOn}
            max={today}
            onChange={(e) => setStoppedOn(e.target.value)}
            className={field}
            aria-invalid={Boolean(errorOf("stoppedOn"))}
            aria-describedby={describedBy("stoppedOn")}
          />
          {fieldError("stoppedOn")}
          {!wasStopped && <p className="mt-1 text-sm text-slate-700">Cycles not yet given will be cancelled.</p>}
        </div>
      )}
    </fieldset>
  );
}

/** What saving will change, in words, as the clinician edits. */
export function ChangePreview({ changes }: { changes: PlanChange[] }) {
  return (
    <div aria-live="polite">
      {changes.length === 0 ? (
        <p className="text-slate-700">No changes yet.</p>
      ) : (
        <>
          <p className="font-medium">This will save:</p>
          <ul className="list-disc pl-6">
            {changes.map((c, i) => (
              <li key={i}>{describeChange(c)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
