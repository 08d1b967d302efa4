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

/** The form's main button: disabled while the request is under way, and says so. */
export function SubmitButton({
  pending,
  pendingLabel,
  children,
}: {
  pending: boolean;
  pendingLabel: string;
  children: ReactNode;
}) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="w-full rounded bg-blue-700 px-4 py-2 font-medium text-white disabled:opacity-60"
    >
      {pending ? pendingLabel : children}
    </button>
  );
}
