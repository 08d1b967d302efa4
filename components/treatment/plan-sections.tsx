"use client";

/** Sections of the treatment plan editor: the cycle table, stopping treatment, and the change preview. */
import { useLocale, useTranslations } from "next-intl";
import { ColumnHeads } from "@/components/ui/column-heads";
import { FieldMessage, type FormFields, InputField, SelectField } from "@/components/ui/field";
import { Options } from "@/components/ui/options";
import { CYCLE_STATUSES, type CycleFacts, type CycleStatus } from "@/lib/treatment/cycles";
import { type AgentDose, agentDosesOf, cycleDoseLevel } from "@/lib/treatment/doses";
import { describeChange, type PlanChange } from "@/lib/treatment/plan";
import { cell, clinicDateHint } from "./plan-form-bits";

/**
 * The plan editor's cycle table: each cycle's planned date, date given, each agent's dose and why it
 * is reduced, the cycle's status and reason.
 */
export function PlanCycles({
  cycles,
  drugs,
  today,
  updateCycle,
  fields,
}: {
  fields: FormFields;
  cycles: CycleFacts[];
  /** The plan's agents: each has its own dose in each cycle. */
  drugs: readonly string[];
  today: string;
  updateCycle: (index: number, patch: Partial<CycleFacts>) => void;
}) {
  const t = useTranslations("planCycles");
  const words = useTranslations("planSummary");
  const tag = useLocale();
  const statuses: Record<CycleStatus, string> = {
    planned: words("statusPlanned"),
    given: words("statusGiven"),
    delayed: words("statusDelayed"),
    held: words("statusHeld"),
    cancelled: words("statusCancelled"),
  };
  const cells: FormFields = { ...fields, controlClassName: cell, labelClassName: "sr-only" };
  return (
    <fieldset className="rounded-lg bg-white p-4">
      <legend className="px-1 text-lg font-semibold">{t("legend")}</legend>
      <p className="text-sm text-slate-700">{t("lead")}</p>
      <FieldMessage fields={fields} name="cycles" />
      <div className="mt-2 overflow-x-auto">
        <table className="w-full min-w-[44rem] border-collapse text-left">
          <caption className="sr-only">{t("caption")}</caption>
          <ColumnHeads
            labels={[t("colCycle"), t("colPlanned"), t("colGiven"), t("colDose"), t("colStatus"), t("colReason")]}
            rowClassName="border-b border-slate-300 text-sm"
            cellClassName="p-1"
          />
          <tbody>
            {cycles.map((c, i) => {
              const n = c.cycleNumber;
              /** The field for one of the cycle's facts: `cycles.2.status`, labelled "Cycle 3 status". */
              const cycleField = (fact: keyof CycleFacts, label: string) => ({
                fields: cells,
                name: `cycles.${i}.${fact}`,
                label,
              });
              return (
                <tr key={n} className="border-b border-slate-100 align-top">
                  <th scope="row" className="p-1 pt-2 font-medium">
                    {n}
                  </th>
                  <td className="p-1">
                    <InputField
                      {...cycleField("plannedDate", t("plannedDate", { n }))}
                      hint={clinicDateHint(c.plannedDate, tag)}
                      type="date"
                      value={c.plannedDate}
                      onChange={(e) => updateCycle(i, { plannedDate: e.target.value })}
                    />
                  </td>
                  <td className="p-1">
                    <InputField
                      {...cycleField("givenDate", t("givenDate", { n }))}
                      hint={clinicDateHint(c.givenDate, tag)}
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
                    />
                  </td>
                  <td className="p-1">
                    <AgentDoses
                      cycle={c}
                      index={i}
                      drugs={drugs}
                      fields={cells}
                      onChange={(agentDoses) =>
                        updateCycle(i, { agentDoses, dosePercent: cycleDoseLevel(agentDoses, c.dosePercent) })
                      }
                    />
                  </td>
                  <td className="p-1">
                    <SelectField
                      {...cycleField("status", t("status", { n }))}
                      value={c.status}
                      onChange={(e) => updateCycle(i, { status: e.target.value as CycleStatus })}
                    >
                      <Options options={CYCLE_STATUSES.map((s) => ({ value: s, label: statuses[s] }))} />
                    </SelectField>
                  </td>
                  <td className="p-1">
                    <InputField
                      {...cycleField("reason", t("reason", { n }))}
                      value={c.reason ?? ""}
                      maxLength={300}
                      onChange={(e) => updateCycle(i, { reason: e.target.value || null })}
                    />
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

/** One cycle's dose of each agent, with why it is reduced: "Cycle 3 docetaxel dose (%)". */
function AgentDoses({
  cycle,
  index,
  drugs,
  fields,
  onChange,
}: {
  cycle: CycleFacts;
  index: number;
  drugs: readonly string[];
  fields: FormFields;
  onChange: (doses: AgentDose[]) => void;
}) {
  const t = useTranslations("planCycles");
  const doses = agentDosesOf(cycle, drugs);
  const n = cycle.cycleNumber;
  const change = (j: number, patch: Partial<AgentDose>) =>
    onChange(doses.map((d, k) => (k === j ? { ...d, ...patch } : d)));
  return (
    <div className="space-y-1">
      {doses.map((d, j) => (
        <div key={d.agent} className="grid grid-cols-[7rem_5rem_1fr] items-start gap-1">
          <span aria-hidden="true" className="pt-1 text-sm">
            {d.agent}
          </span>
          <InputField
            fields={fields}
            name={`cycles.${index}.agentDoses.${j}.dosePercent`}
            label={t("dose", { n, agent: d.agent })}
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={5}
            value={Number.isNaN(d.dosePercent) ? "" : d.dosePercent}
            onChange={(e) => change(j, { dosePercent: e.target.value === "" ? Number.NaN : Number(e.target.value) })}
          />
          <InputField
            fields={fields}
            name={`cycles.${index}.agentDoses.${j}.reason`}
            label={t("doseReason", { n, agent: d.agent })}
            value={d.reason ?? ""}
            maxLength={300}
            onChange={(e) => change(j, { reason: e.target.value || null })}
          />
        </div>
      ))}
    </div>
  );
}

/** Stopping treatment: whether, and on which day; cycles not yet given are then cancelled. */
export function StopFields({
  stopped,
  setStopped,
  stoppedOn,
  setStoppedOn,
  today,
  wasStopped,
  fields,
}: {
  fields: FormFields;
  stopped: boolean;
  setStopped: (stopped: boolean) => void;
  stoppedOn: string;
  setStoppedOn: (day: string) => void;
  today: string;
  wasStopped: boolean;
}) {
  const t = useTranslations("planCycles");
  const tag = useLocale();
  return (
    <fieldset className="rounded-lg bg-white p-4">
      <legend className="px-1 text-lg font-semibold">{t("stopLegend")}</legend>
      <label className="flex min-h-11 items-center gap-2">
        <input type="checkbox" checked={stopped} onChange={(e) => setStopped(e.target.checked)} className="h-5 w-5" />
        {t("stopped")}
      </label>
      {stopped && (
        <InputField
          fields={fields}
          name="stoppedOn"
          label={t("stoppedOn")}
          hint={clinicDateHint(stoppedOn, tag)}
          fieldClassName="mt-2 max-w-xs"
          type="date"
          value={stoppedOn}
          max={today}
          onChange={(e) => setStoppedOn(e.target.value)}
        >
          {!wasStopped && <p className="mt-1 text-sm text-slate-700">{t("cancelled")}</p>}
        </InputField>
      )}
    </fieldset>
  );
}

/** What saving will change, in words, as the clinician edits. */
export function ChangePreview({ changes }: { changes: PlanChange[] }) {
  const t = useTranslations("planCycles");
  return (
    <div aria-live="polite">
      {changes.length === 0 ? (
        <p className="text-slate-700">{t("noChanges")}</p>
      ) : (
        <>
          <p className="font-medium">{t("willSave")}</p>
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
