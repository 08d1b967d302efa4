import type { ReactNode } from "react";

const TONE = { primary: "bg-blue-700", danger: "bg-red-700" } as const;

/** A form's main button: disabled while the request is under way, and says so. */
export function SubmitButton({
  pending,
  pendingLabel,
  children,
  tone = "primary",
  fullWidth = false,
  id,
}: {
  pending: boolean;
  /** Shown instead of `children` while the request is under way; the label stays when omitted. */
  pendingLabel?: string;
  children: ReactNode;
  /** `danger` for a step that cannot simply be taken back, such as breaking the glass. */
  tone?: keyof typeof TONE;
  fullWidth?: boolean;
  id?: string;
}) {
  return (
    <button
      id={id}
      type="submit"
      disabled={pending}
      className={`${fullWidth ? "w-full " : ""}rounded ${TONE[tone]} px-4 py-2 font-medium text-white disabled:opacity-60`}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
