"use client";

import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import { LADDER_BOUNDS } from "@/lib/notifications/ladder";
import type { TriageSettings } from "@/lib/triage/rules";
import { FieldError, FormMessage, fieldError, primaryButton } from "./form-bits";
import { describeSetting } from "./labels";

export type SettingsValues = TriageSettings & {
  mfaRequiredForStaff: boolean;
  idleTimeoutMinutes: number;
  absoluteTimeoutHours: number;
  emergencyAccessMaxHours: number;
  hospitalLine: string;
  /** Null: half the red response target. */
  secondStepMinutes: number | null;
  workdayStartHour: number;
  workdayEndHour: number;
};

type Saved = { changed: string[] };

const box = "mt-1 w-32 rounded border border-slate-500 bg-white p-2";

/** Security, triage and notification settings for the whole organisation, saved together. */
export function SettingsForm({
  action,
  values,
  defaults,
}: {
  action: FormActionFn<Saved>;
  values: SettingsValues;
  defaults: SettingsValues;
}) {
  const { state, formAction, pending, onSubmit } = useActionForm(action);
  const err = (name: string) => fieldError(state, name);

  const numberField = ({
    name,
    label,
    hint,
    step,
    min,
    max,
    optional = false,
  }: {
    name: keyof SettingsValues;
    label: string;
    hint: string;
    step?: string;
    min: number;
    max: number;
    /** May be left empty (the hint says what that means). */
    optional?: boolean;
  }) => (
    <div>
      <label htmlFor={name} className="block font-medium">
        {label}
      </label>
      <p id={`${name}-hint`} className="text-sm text-slate-700">
        {hint}
        {defaults[name] === null ? "" : ` Default: ${String(defaults[name])}.`}
      </p>
      <input
        id={name}
        name={name}
        type="number"
        inputMode={step ? "decimal" : "numeric"}
        step={step ?? "1"}
        min={min}
        max={max}
        required={!optional}
        defaultValue={values[name] === null ? "" : String(values[name])}
        className={box}
        aria-invalid={!!err(name)}
        aria-describedby={`${name}-hint${err(name) ? ` ${name}-error` : ""}`}
      />
      <FieldError id={`${name}-error`} message={err(name)} />
    </div>
  );

  const yesNo = ({
    name,
    legend,
    yes,
    no,
  }: {
    name: keyof SettingsValues;
    legend: string;
    yes: string;
    no: string;
  }) => (
    <fieldset aria-describedby={err(name) ? `${name}-error` : undefined}>
      <legend className="font-medium">{legend}</legend>
      <label className="mr-6 inline-flex min-h-11 items-center gap-2">
        <input type="radio" name={name} value="yes" defaultChecked={values[name] === true} className="h-5 w-5" /> {yes}
      </label>
      <label className="inline-flex min-h-11 items-center gap-2">
        <input type="radio" name={name} value="no" defaultChecked={values[name] === false} className="h-5 w-5" /> {no}
      </label>
      <FieldError id={`${name}-error`} message={err(name)} />
    </fieldset>
  );

  const gradeField = ({ name, label, hint }: { name: keyof SettingsValues; label: string; hint: string }) => (
    <div>
      <label htmlFor={name} className="block font-medium">
        {label}
      </label>
      <p id={`${name}-hint`} className="text-sm text-slate-700">
        {hint} Default: grade {String(defaults[name])}.
      </p>
      <select
        id={name}
        name={name}
        defaultValue={String(values[name])}
        className={box}
        aria-invalid={!!err(name)}
        aria-describedby={`${name}-hint${err(name) ? ` ${name}-error` : ""}`}
      >
        <option value="1">Grade 1</option>
        <option value="2">Grade 2</option>
        <option value="3">Grade 3</option>
      </select>
      <FieldError id={`${name}-error`} message={err(name)} />
    </div>
  );

  return (
    <form action={formAction} onSubmit={onSubmit} className="mt-4 max-w-3xl space-y-6" noValidate>
      <FormMessage
        state={state}
        success={(d) => (
          <p>
            {d.changed.length === 0
              ? "Nothing had changed, so nothing was saved."
              : `Saved: ${d.changed.map(describeSetting).join(", ")}. It applies from the next request.`}
          </p>
        )}
      />
      <fieldset className="space-y-4 rounded-lg bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Sign-in and sessions</legend>
        {yesNo({
          name: "mfaRequiredForStaff",
          legend: "Must staff use a second factor (an authenticator app)?",
          yes: "Yes, required",
          no: "No, optional",
        })}
        {numberField({
          name: "idleTimeoutMinutes",
          label: "Idle time-out (minutes)",
          hint: "Sign a browser out after this long without a click. 5 to 240.",
          min: 5,
          max: 240,
        })}
        {numberField({
          name: "absoluteTimeoutHours",
          label: "Longest session (hours)",
          hint: "Sign in again after this long, however active. 1 to 72.",
          min: 1,
          max: 72,
        })}
        {numberField({
          name: "emergencyAccessMaxHours",
          label: "Longest emergency access (hours)",
          hint: "How long a clinician may open a record without the patient's consent. 1 to 4: four hours is the most the app allows.",
          min: 1,
          max: 4,
        })}
      </fieldset>
      <fieldset className="space-y-4 rounded-lg bg-white p-4">
        <legend className="px-1 text-lg font-semibold">What patients are told to call</legend>
        <div>
          <label htmlFor="hospitalLine" className="block font-medium">
            24-hour hospital line
          </label>
          <p id="hospitalLine-hint" className="text-sm text-slate-700">
            Shown to patients whose report needs urgent attention.
          </p>
          <input
            id="hospitalLine"
            name="hospitalLine"
            type="tel"
            maxLength={30}
            required
            defaultValue={values.hospitalLine}
            className="mt-1 w-64 rounded border border-slate-500 bg-white p-2"
            aria-invalid={!!err("hospitalLine")}
            aria-describedby={`hospitalLine-hint${err("hospitalLine") ? " hospitalLine-error" : ""}`}
          />
          <FieldError id="hospitalLine-error" message={err("hospitalLine")} />
        </div>
      </fieldset>
      <fieldset className="space-y-4 rounded-lg bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Triage thresholds</legend>
        <p className="text-slate-700">
          Agree changes with the clinical lead first: they decide which reports raise red and amber alerts, and how fast
          someone must respond.
        </p>
        {gradeField({
          name: "redGrade",
          label: "Red at grade",
          hint: "A symptom at or above this grade raises a red alert.",
        })}
        {gradeField({
          name: "amberGrade",
          label: "Amber at grade",
          hint: "A symptom at or above this grade raises an amber alert. Must be below the red grade.",
        })}
        {gradeField({
          name: "riseForAmber",
          label: "Rise that makes a symptom amber",
          hint: "A rise of this many grades since the last report.",
        })}
        <div>
          <label htmlFor="feverC" className="block font-medium">
            Fever threshold (°C)
          </label>
          <p id="feverC-hint" className="text-sm text-slate-700">
            At or above this temperature a report is red: 37.5 (UKONS) or 38.0 (NICE). Default:{" "}
            {defaults.feverC.toFixed(1)}.
          </p>
          <select
            id="feverC"
            name="feverC"
            defaultValue={values.feverC.toFixed(1)}
            className={box}
            aria-describedby={`feverC-hint${err("feverC") ? " feverC-error" : ""}`}
          >
            <option value="37.5">37.5</option>
            <option value="38.0">38.0</option>
          </select>
          <FieldError id="feverC-error" message={err("feverC")} />
        </div>
        {numberField({
          name: "lowTemperatureC",
          label: "Low temperature threshold (°C)",
          hint: "At or below this temperature a report is red. 35.0 to 36.5.",
          step: "0.1",
          min: 35,
          max: 36.5,
        })}
        {yesNo({
          name: "twoAmbersMakeRed",
          legend: "Do two amber symptoms in one report make it red?",
          yes: "Yes",
          no: "No",
        })}
        {numberField({
          name: "redResponseMinutes",
          label: "Red alert response target (minutes)",
          hint: "5 to 240, and no longer than the amber target.",
          min: 5,
          max: 240,
        })}
        {numberField({
          name: "amberResponseMinutes",
          label: "Amber alert response target (minutes)",
          hint: "15 to 2880 (48 hours).",
          min: 15,
          max: 2880,
        })}
        {yesNo({
          name: "canWaitDowngradesSingleAmber",
          legend:
            "May a patient's “it can wait until my appointment” lower a report whose only concern is one amber symptom to green?",
          yes: "Yes",
          no: "No (safer)",
        })}
      </fieldset>
      <fieldset className="space-y-4 rounded-lg bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Who is emailed about an alert, and when</legend>
        <p className="text-sm text-slate-700">
          A red alert emails the team's on-call clinician at once. Still not acknowledged, it emails the second on-call
          and the team leads; past its target, the organisation's escalation contacts. Amber alerts are emailed during
          working hours (UK time), or at the start of the next working day.
        </p>
        {numberField({
          name: "secondStepMinutes",
          label: "Minutes before the second on-call and team leads are emailed",
          hint: `${LADDER_BOUNDS.secondStepMin} to ${LADDER_BOUNDS.secondStepMax}, never later than the red target. Leave empty for half the red response target (the default).`,
          min: LADDER_BOUNDS.secondStepMin,
          max: LADDER_BOUNDS.secondStepMax,
          optional: true,
        })}
        {numberField({
          name: "workdayStartHour",
          label: "Working day starts (hour, 0 to 23)",
          hint: "Amber alerts raised before this hour are emailed at this hour.",
          min: 0,
          max: 23,
        })}
        {numberField({
          name: "workdayEndHour",
          label: "Working day ends (hour, 1 to 24)",
          hint: "Amber alerts raised from this hour are emailed at the start of the next working day.",
          min: 1,
          max: 24,
        })}
      </fieldset>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
