import type { InputHTMLAttributes, ReactNode } from "react";

/**
 * The form's one error, announced as soon as it appears. Its `id` is what the form's
 * `aria-describedby` points at while it is shown.
 */
export function FormError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-800">
      {children}
    </p>
  );
}

/**
 * One labelled input of the sign-in pages, with an optional hint (`{id}-hint`) and the error the
 * server gave for it (`{id}-error`). The input's own attributes, `aria-describedby` among them,
 * are passed through as given; `name` defaults to the `id`.
 */
export function Field({
  label,
  hint,
  error,
  code = false,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  /** A one-time code: monospaced, large and spaced out. */
  code?: boolean;
}) {
  return (
    <div>
      <label htmlFor={input.id} className="block font-medium">
        {label}
      </label>
      {hint && (
        <p id={`${input.id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <input
        name={input.id}
        {...input}
        className={`mt-1 w-full rounded border border-slate-400 px-3 py-2${code ? " font-mono text-lg tracking-widest" : ""}`}
      />
      {error && (
        <p id={`${input.id}-error`} role="alert" className="mt-1 text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}
