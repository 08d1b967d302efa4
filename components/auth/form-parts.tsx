import type { ReactNode } from "react";

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
