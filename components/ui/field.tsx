import type { ReactNode } from "react";

/**
 * One field of a form: its label above the control (`id` is the control's id), the control, and
 * below it the field's error message, if the server sent one.
 */
export function Field({
  id,
  label,
  error,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  error: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {children}
      {error}
    </div>
  );
}
