"use client";

import { useEffect, useRef } from "react";
import type { FormState } from "@/components/ui/use-action-form";
import { formatDateTime } from "@/lib/clinic-time";

/** The message for one field, if the last submission was refused because of it. */
export function fieldError<T>(state: FormState<T>, name: string): string | undefined {
  return state && !state.ok ? state.fields?.find((f) => f.field === name)?.message : undefined;
}

/** What happened, in a sentence: an alert for a refusal, a status for a success. Focused when it appears. */
export function FormMessage<T>({ state, success }: { state: FormState<T>; success?: (data: T) => React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state) ref.current?.focus();
  }, [state]);
  if (!state) return null;
  if (!state.ok) {
    const extra = (state.fields ?? []).filter((f) => f.field === "(body)" || f.field === "");
    return (
      <div ref={ref} tabIndex={-1} role="alert" className="rounded border border-red-400 bg-red-50 p-3 text-red-900">
        <p>{state.error}</p>
        {extra.length > 0 && (
          <ul className="mt-1 list-disc pl-5">
            {extra.map((f) => (
              <li key={f.message}>{f.message}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  if (!success) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="status"
      className="rounded border border-green-600 bg-green-50 p-3 text-green-900"
    >
      {success(state.data)}
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-red-800">
      {message}
    </p>
  );
}

/** A one-time link, shown once, with a button to copy it. */
export function OneTimeLink({ path, expiresAt, who }: { path: string; expiresAt: string; who: string }) {
  const url = typeof window === "undefined" ? path : new URL(path, window.location.origin).toString();
  const expires = formatDateTime(expiresAt);
  return (
    <div>
      <p className="font-medium">
        Send {who} this one-time link. Copy it now: it is not shown again, and it works until {expires}.
      </p>
      <label htmlFor="one-time-link" className="sr-only">
        One-time link for {who}
      </label>
      <div className="mt-2 flex flex-wrap gap-2">
        <input
          id="one-time-link"
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          className="w-full max-w-xl rounded border border-slate-500 bg-white p-2 font-mono text-sm"
          data-testid="one-time-link"
        />
        <button
          type="button"
          className="rounded border border-slate-600 bg-white px-3 py-2"
          onClick={() => {
            void navigator.clipboard?.writeText(url);
          }}
        >
          Copy link
        </button>
      </div>
    </div>
  );
}

export const inputClass = "mt-1 block w-full rounded border border-slate-500 bg-white p-2";
export const primaryButton = "rounded bg-blue-700 px-4 py-2 font-medium text-white disabled:opacity-60";
export const secondaryButton = "rounded border border-slate-600 bg-white px-3 py-2 disabled:opacity-60";
export const dangerButton = "rounded border border-red-700 bg-white px-3 py-2 text-red-800 disabled:opacity-60";
