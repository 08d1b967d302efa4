"use client";

import Link from "next/link";
import { useEffect, useId, useRef } from "react";
import { FieldMessage, formFields, InputField, messageIdOf, SelectField } from "@/components/ui/field";
import { Options } from "@/components/ui/options";
import { SubmitButton } from "@/components/ui/submit-button";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import { formatDateTime } from "@/lib/clinic-time";

type Enrolled = { patientId: string; name: string; invitationPath: string; expiresAt: string };

const CATEGORIES = [
  { value: "symptoms", label: "Symptom reports" },
  { value: "alerts", label: "Alerts" },
  { value: "treatment", label: "Treatment plan" },
  { value: "demographics", label: "Personal details" },
] as const;

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
    const expires = formatDateTime(state.data.expiresAt);
    return (
      <div
        ref={messageRef}
        tabIndex={-1}
        role="status"
        className="space-y-3 rounded border border-green-600 bg-green-50 p-4 outline-none"
      >
        <p className="font-semibold">{state.data.name} is enrolled.</p>
        <p>
          Give {state.data.name} this one-time link to set up their own account. Copy it now: it is not shown again, and
          it works until {expires}.
        </p>
        <label htmlFor={`${id}-link`} className="sr-only">
          One-time link for {state.data.name}
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
            Open {state.data.name}&apos;s record
          </Link>
          <a href="/patients/new" className="text-blue-800 underline">
            Enrol another patient
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
            {state.fields && state.fields.length > 1 ? "Please correct the highlighted fields." : state.error}
          </p>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <InputField fields={fields} name="givenName" label="Given name" autoComplete="off" />
        <InputField fields={fields} name="familyName" label="Family name" autoComplete="off" />
        <InputField
          fields={fields}
          name="hospitalNumber"
          label="Hospital number"
          autoComplete="off"
          className={`${input} font-mono`}
        />
        <InputField fields={fields} name="dateOfBirth" label="Date of birth" type="date" max={today} />
        <InputField fields={fields} name="diagnosis" label="Diagnosis" fieldClassName="sm:col-span-2" />
        <SelectField
          fields={fields}
          name="careTeamId"
          label="Care team"
          defaultValue={teams.length === 1 ? teams[0].id : ""}
        >
          {teams.length !== 1 && <option value="">Choose the care team</option>}
          <Options options={teams.map((t) => ({ value: t.id, label: t.name }))} />
        </SelectField>
        <InputField
          fields={fields}
          name="email"
          label="Patient's email"
          hint="For their own account: they will set a password with a one-time link."
          type="email"
          autoComplete="off"
        />
      </div>
      <fieldset aria-describedby={fieldError("categories") ? messageIdOf(fields, "categories") : undefined}>
        <legend className="font-medium">The patient agrees to share with the care team</legend>
        <p className="text-sm text-slate-700">The patient can change this at any time from their own account.</p>
        {CATEGORIES.map((c) => (
          <label key={c.value} className="flex min-h-11 items-center gap-2">
            <input type="checkbox" name="categories" value={c.value} defaultChecked className="h-5 w-5" /> {c.label}
          </label>
        ))}
        <FieldMessage fields={fields} name="categories" />
      </fieldset>
      <SubmitButton pending={pending} pendingLabel="Enrolling…">
        Enrol the patient
      </SubmitButton>
    </form>
  );
}
