"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useRef } from "react";
import { FieldMessage, formFields, InputField, messageIdOf, SelectField } from "@/components/ui/field";
import { Options } from "@/components/ui/options";
import { SubmitButton } from "@/components/ui/submit-button";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import { formatDateTime } from "@/lib/clinic-time";

type Enrolled = { patientId: string; name: string; invitationPath: string; expiresAt: string };

const input = "mt-1 block w-full rounded border border-slate-500 bg-white p-2 aria-[invalid=true]:border-red-700";

/**
 * Enrols a patient into one of the clinician's care teams. On success it shows the one-time link
 * for the patient's own account (once) and the way to the new record.
 */
export function EnrolForm({
  action,
  patientId,
  teams,
  today,
}: {
  action: FormActionFn<Enrolled>;
  /** Chosen when the page was rendered, so submitting twice enrols once. */
  patientId: string;
  teams: { id: string; name: string }[];
  today: string;
}) {
  const t = useTranslations("enrolPatient");
  const tag = useLocale();
  const categories = [
    { value: "symptoms", label: t("catSymptoms") },
    { value: "alerts", label: t("catAlerts") },
    { value: "treatment", label: t("catTreatment") },
    { value: "demographics", label: t("catDemographics") },
  ];
  const { state, formAction, pending, onSubmit, fieldError } = useActionForm(action);
  const id = useId();
  const messageRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state) messageRef.current?.focus();
  }, [state]);

  if (state?.ok) {
    const url =
      typeof window === "undefined"
        ? state.data.invitationPath
        : new URL(state.data.invitationPath, window.location.origin).toString();
    const expires = formatDateTime(state.data.expiresAt, tag);
    const name = state.data.name;
    return (
      <div
        ref={messageRef}
        tabIndex={-1}
        role="status"
        className="space-y-3 rounded border border-green-600 bg-green-50 p-4 outline-none"
      >
        <p className="font-semibold">{t("enrolled", { name })}</p>
        <p>{t("giveLink", { name, expires })}</p>
        <label htmlFor={`${id}-link`} className="sr-only">
          {t("linkLabel", { name })}
        </label>
        <input
          id={`${id}-link`}
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          className="w-full rounded border border-slate-500 bg-white p-2 font-mono text-sm"
        />
        <p className="flex flex-wrap gap-4">
          <Link href={`/patients/${state.data.patientId}`} className="text-blue-800 underline">
            {t("openRecord", { name })}
          </Link>
          <a href="/patients/new" className="text-blue-800 underline">
            {t("another")}
          </a>
        </p>
      </div>
    );
  }

  const fields = formFields(id, fieldError, { control: input });

  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-5 rounded-lg bg-white p-4">
      <input type="hidden" name="patientId" value={patientId} />
      <div ref={messageRef} tabIndex={-1} className="outline-none">
        {state && !state.ok && (
          <p role="alert" className="rounded border border-red-500 bg-red-50 p-3">
            {state.fields && state.fields.length > 1 ? t("correct") : state.error}
          </p>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <InputField fields={fields} name="givenName" label={t("givenName")} autoComplete="off" />
        <InputField fields={fields} name="familyName" label={t("familyName")} autoComplete="off" />
        <InputField
          fields={fields}
          name="hospitalNumber"
          label={t("hospitalNumber")}
          autoComplete="off"
          className={`${input} font-mono`}
        />
        <InputField fields={fields} name="dateOfBirth" label={t("dateOfBirth")} type="date" max={today} />
        <InputField fields={fields} name="diagnosis" label={t("diagnosis")} fieldClassName="sm:col-span-2" />
        <SelectField
          fields={fields}
          name="careTeamId"
          label={t("careTeam")}
          defaultValue={teams.length === 1 ? teams[0].id : ""}
        >
          {teams.length !== 1 && <option value="">{t("chooseTeam")}</option>}
          <Options options={teams.map((t) => ({ value: t.id, label: t.name }))} />
        </SelectField>
        <InputField
          fields={fields}
          name="email"
          label={t("email")}
          hint={t("emailHint")}
          type="email"
          autoComplete="off"
        />
      </div>
      <fieldset aria-describedby={fieldError("categories") ? messageIdOf(fields, "categories") : undefined}>
        <legend className="font-medium">{t("shares")}</legend>
        <p className="text-sm text-slate-700">{t("sharesHint")}</p>
        {categories.map((c) => (
          <label key={c.value} className="flex min-h-11 items-center gap-2">
            <input type="checkbox" name="categories" value={c.value} defaultChecked className="h-5 w-5" /> {c.label}
          </label>
        ))}
        <FieldMessage fields={fields} name="categories" />
      </fieldset>
      <SubmitButton pending={pending} pendingLabel={t("enrolling")}>
        {t("submit")}
      </SubmitButton>
    </form>
  );
}
