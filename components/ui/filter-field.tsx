import type { InputHTMLAttributes, KeyboardEvent, ReactNode } from "react";

/** The look of a filter bar's inputs and selects. */
export const FILTER_CONTROL = "mt-1 block rounded border border-slate-500 bg-white px-2 py-2";

/** One control of a filter bar, its label above it; `id` is the control's own id. */
export function FilterField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A filter bar's input (search words, a date), its label above it. */
export function FilterInput({
  id,
  label,
  className = FILTER_CONTROL,
  ...input
}: { id: string; label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FilterField id={id} label={label}>
      <input id={id} className={className} {...input} />
    </FilterField>
  );
}

/**
 * A filter form's key handler: Enter applies the filters from any of its fields. A browser submits
 * a form on Enter in a text field by itself, but not from a checkbox or a select.
 */
export function submitOnEnter(event: KeyboardEvent<HTMLFormElement>) {
  const target = event.target;
  if (event.key !== "Enter" || !(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
  event.preventDefault();
  event.currentTarget.requestSubmit();
}
