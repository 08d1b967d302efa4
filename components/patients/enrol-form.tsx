"use client";

import Link from "next/link";
import { useEffect, useId, useRef } from "react";
import { Field } from "@/components/ui/field";
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

  const described = (name: string, hint?: string) =>
    [hint, fieldError(name) ? `${id}-${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const error = (name: string) =>
    fieldError(name) ? (
      <p id={`${id}-${name}-error`} className="mt-1 text-red-800">
        {fieldError(name)}
      </p>
    ) : null;

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
        <Field id={`${id}-given`} label="Given name" error={error("givenName")}>
          <input
            id={`${id}-given`}
            name="givenName"
            autoComplete="off"
            className={input}
            aria-invalid={Boolean(fieldError("givenName"))}
            aria-describedby={described("givenName")}
          />
        </Field>
        <Field id={`${id}-family`} label="Family name" error={error("familyName")}>
          <input
            id={`${id}-family`}
            name="familyName"
            autoComplete="off"
            className={input}
            aria-invalid={Boolean(fieldError("familyName"))}
            aria-describedby={described("familyName")}
          />
        </Field>
        <Field id={`${id}-hn`} label="Hospital number" error={error("hospitalNumber")}>
          <input
            id={`${id}-hn`}
            name="hospitalNumber"
            autoComplete="off"
            className={`${input} font-mono`}
            aria-invalid={Boolean(fieldError("hospitalNumber"))}
            aria-describedby={described("hospitalNumber")}
          />
        </Field>
        <Field id={`${id}-dob`} label="Date of birth" error={error("dateOfBirth")}>
          <input
            id={`${id}-dob`}
            name="dateOfBirth"
            type="date"
            max={today}
            className={input}
            aria-invalid={Boolean(fieldError("dateOfBirth"))}
            aria-describedby={described("dateOfBirth")}
          />
        </Field>
        <Field id={`${id}-diagnosis`} label="Diagnosis" className="sm:col-span-2" error={error("diagnosis")}>
          <input
            id={`${id}-diagnosis`}
            name="diagnosis"
            className={input}
            aria-invalid={Boolean(fieldError("diagnosis"))}
            aria-describedby={described("diagnosis")}
          />
        </Field>
        <Field id={`${id}-team`} label="Care team" error={error("careTeamId")}>
          <select
            id={`${id}-team`}
            name="careTeamId"
            defaultValue={teams.length === 1 ? teams[0].id : ""}
            className={input}
            aria-invalid={Boolean(fieldError("careTeamId"))}
            aria-describedby={described("careTeamId")}
          >
            {teams.length !== 1 && <option value="">Choose the care team</option>}
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-email`} label="Patient's email" error={error("email")}>
          <p id={`${id}-email-hint`} className="text-sm text-slate-700">
            For their own account: they will set a password with a one-time link.
          </p>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            autoComplete="off"
            className={input}
            aria-invalid={Boolean(fieldError("email"))}
            aria-describedby={described("email", `${id}-email-hint`)}
          />
        </Field>
      </div>
      <fieldset aria-describedby={fieldError("categories") ? `${id}-categories-error` : undefined}>
        <legend className="font-medium">The patient agrees to share with the care team</legend>
        <p className="text-sm text-slate-700">The patient can change this at any time from their own account.</p>
        {CATEGORIES.map((c) => (
          <label key={c.value} className="flex min-h-11 items-center gap-2">
            <input type="checkbox" name="categories" value={c.value} defaultChecked className="h-5 w-5" /> {c.label}
          </label>
        ))}
        {error("categories")}
      </fieldset>
      <SubmitButton pending={pending} pendingLabel="Enrolling…">
        Enrol the patient
      </SubmitButton>
    </form>
  );
}
