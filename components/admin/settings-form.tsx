"use client";

import { useFormatter, useMessages, useTranslations } from "next-intl";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import type { Messages } from "@/lib/i18n/catalogues";
import { LADDER_BOUNDS } from "@/lib/notifications/ladder";
import type { TriageSettings } from "@/lib/triage/rules";
import { FieldError, FormMessage, fieldError, primaryButton } from "./form-bits";
import { settingName } from "./labels";

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
  const t = useTranslations("settingsAdmin");
  const messages = useMessages() as Messages;
  const format = useFormatter();
  const decimal = (n: number) => format.number(n, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
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
        {defaults[name] === null
          ? ""
          : ` ${t("defaultValue", { value: typeof defaults[name] === "number" ? format.number(defaults[name]) : String(defaults[name]) })}`}
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
        {hint} {t("defaultGrade", { grade: String(defaults[name]) })}
      </p>
      <select
        id={name}
        name={name}
        defaultValue={String(values[name])}
        className={box}
        aria-invalid={!!err(name)}
        aria-describedby={`${name}-hint${err(name) ? ` ${name}-error` : ""}`}
      >
        <option value="1">{t("grade", { grade: 1 })}</option>
        <option value="2">{t("grade", { grade: 2 })}</option>
        <option value="3">{t("grade", { grade: 3 })}</option>
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
              ? t("nothingSaved")
              : t("saved", { settings: format.list(d.changed.map((key) => settingName(messages, key))) })}
          </p>
        )}
      />
      <fieldset className="space-y-4 rounded-lg bg-white p-4">
        <legend className="px-1 text-lg font-semibold">{t("signInLegend")}</legend>
        {yesNo({
          name: "mfaRequiredForStaff",
          legend: t("mfaLegend"),
          yes: t("mfaYes"),
          no: t("mfaNo"),
        })}
        {numberField({
          name: "idleTimeoutMinutes",
          label: t("idleLabel"),
          hint: t("idleHint"),
          min: 5,
          max: 240,
        })}
        {numberField({
          name: "absoluteTimeoutHours",
          label: t("absoluteLabel"),
          hint: t("absoluteHint"),
          min: 1,
          max: 72,
        })}
        {numberField({
          name: "emergencyAccessMaxHours",
          label: t("emergencyLabel"),
          hint: t("emergencyHint"),
          min: 1,
          max: 4,
        })}
      </fieldset>
      <fieldset className="space-y-4 rounded-lg bg-white p-4">
        <legend className="px-1 text-lg font-semibold">{t("callLegend")}</legend>
        <div>
          <label htmlFor="hospitalLine" className="block font-medium">
            {t("lineLabel")}
          </label>
          <p id="hospitalLine-hint" className="text-sm text-slate-700">
            {t("lineHint")}
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
        <legend className="px-1 text-lg font-semibold">{t("triageLegend")}</legend>
        <p className="text-slate-700">{t("triageLead")}</p>
        {gradeField({
          name: "redGrade",
          label: t("redGradeLabel"),
          hint: t("redGradeHint"),
        })}
        {gradeField({
          name: "amberGrade",
          label: t("amberGradeLabel"),
          hint: t("amberGradeHint"),
        })}
        {gradeField({
          name: "riseForAmber",
          label: t("riseLabel"),
          hint: t("riseHint"),
        })}
        <div>
          <label htmlFor="feverC" className="block font-medium">
            {t("feverLabel")}
          </label>
          <p id="feverC-hint" className="text-sm text-slate-700">
            {t("feverHint", { ukons: decimal(37.5), nice: decimal(38) })}{" "}
            {t("defaultValue", { value: decimal(defaults.feverC) })}
          </p>
          <select
            id="feverC"
            name="feverC"
            defaultValue={values.feverC.toFixed(1)}
            className={box}
            aria-describedby={`feverC-hint${err("feverC") ? " feverC-error" : ""}`}
          >
            <option value="37.5">{decimal(37.5)}</option>
            <option value="38.0">{decimal(38)}</option>
          </select>
          <FieldError id="feverC-error" message={err("feverC")} />
        </div>
        {numberField({
          name: "lowTemperatureC",
          label: t("lowLabel"),
          hint: t("lowHint", { min: decimal(35), max: decimal(36.5) }),
          step: "0.1",
          min: 35,
          max: 36.5,
        })}
        {yesNo({
          name: "twoAmbersMakeRed",
          legend: t("twoAmbersLegend"),
          yes: t("yes"),
          no: t("no"),
        })}
        {numberField({
          name: "redResponseMinutes",
          label: t("redTargetLabel"),
          hint: t("redTargetHint"),
          min: 5,
          max: 240,
        })}
        {numberField({
          name: "amberResponseMinutes",
          label: t("amberTargetLabel"),
          hint: t("amberTargetHint"),
          min: 15,
          max: 2880,
        })}
        {yesNo({
          name: "canWaitDowngradesSingleAmber",
          legend: t("canWaitLegend"),
          yes: t("yes"),
          no: t("noSafer"),
        })}
      </fieldset>
      <fieldset className="space-y-4 rounded-lg bg-white p-4">
        <legend className="px-1 text-lg font-semibold">{t("ladderLegend")}</legend>
        <p className="text-sm text-slate-700">{t("ladderLead")}</p>
        {numberField({
          name: "secondStepMinutes",
          label: t("secondStepLabel"),
          hint: t("secondStepHint", { min: LADDER_BOUNDS.secondStepMin, max: LADDER_BOUNDS.secondStepMax }),
          min: LADDER_BOUNDS.secondStepMin,
          max: LADDER_BOUNDS.secondStepMax,
          optional: true,
        })}
        {numberField({
          name: "workdayStartHour",
          label: t("workdayStartLabel"),
          hint: t("workdayStartHint"),
          min: 0,
          max: 23,
        })}
        {numberField({
          name: "workdayEndHour",
          label: t("workdayEndLabel"),
          hint: t("workdayEndHint"),
          min: 1,
          max: 24,
        })}
      </fieldset>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t("saving") : t("save")}
      </button>
    </form>
  );
}
