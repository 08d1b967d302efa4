"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useId } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";

type Started = { patientId: string; expiresAt: string };

/** The reason and duration of an emergency access; on success, straight to the record. */
export function EmergencyAccessForm({
  patientId,
  action,
  hours,
  defaultHours,
  minReason,
}: {
  patientId: string;
  action: FormActionFn<Started>;
  hours: number[];
  defaultHours: number;
  minReason: number;
}) {
  const t = useTranslations("emergencyAccess");
  const { state, formAction, pending, onSubmit, fieldError } = useActionForm(action);
  const router = useRouter();
  const id = useId();
  useEffect(() => {
    if (state?.ok) router.push(`/patients/${state.data.patientId}`);
  }, [state, router]);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="mt-6 space-y-4 rounded-lg bg-white p-4">
      <input type="hidden" name="patientId" value={patientId} />
      {state?.ok && (
        <p role="status" className="rounded border border-green-600 bg-green-50 p-3">
          {t("started")}
        </p>
      )}
      {state && !state.ok && (
        <p role="alert" className="rounded border border-red-500 bg-red-50 p-3">
          {state.fields?.length ? t("correct") : state.error}
        </p>
      )}
      <div>
        <label htmlFor={`${id}-reason`} className="block font-medium">
          {t("why")}
        </label>
        <p id={`${id}-reason-hint`} className="text-sm text-slate-700">
          {t("whyHint", { min: minReason })}
        </p>
        <textarea
          id={`${id}-reason`}
          name="reason"
          required
          minLength={minReason}
          maxLength={500}
          rows={3}
          className="mt-1 w-full rounded border border-slate-500 p-2 aria-[invalid=true]:border-red-700"
          aria-invalid={Boolean(fieldError("reason"))}
          aria-describedby={`${id}-reason-hint${fieldError("reason") ? ` ${id}-reason-error` : ""}`}
        />
        {fieldError("reason") && (
          <p id={`${id}-reason-error`} className="text-red-800">
            {fieldError("reason")}
          </p>
        )}
      </div>
      <div>
        <label htmlFor={`${id}-hours`} className="block font-medium">
          {t("howLong")}
        </label>
        <select
          id={`${id}-hours`}
          name="hours"
          defaultValue={String(defaultHours)}
          className="mt-1 rounded border border-slate-500 bg-white p-2"
          aria-invalid={Boolean(fieldError("hours"))}
        >
          {hours.map((h) => (
            <option key={h} value={h}>
              {t("hours", { count: h })}
            </option>
          ))}
        </select>
        {fieldError("hours") && <p className="text-red-800">{fieldError("hours")}</p>}
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton pending={pending} pendingLabel={t("opening")} tone="danger">
          {t("submit")}
        </SubmitButton>
        <Link href="/patients" className="text-blue-800 underline">
          {t("cancel")}
        </Link>
      </div>
    </form>
  );
}
