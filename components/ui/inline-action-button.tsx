"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/server/http/action";

/**
 * One button that runs a form action on one item (withdraw a rule, revoke a device), in a list:
 * the item's id travels as a hidden field, the button says it is busy, and a refusal is announced
 * next to it.
 */
export function InlineActionButton<T>({
  field,
  value,
  label,
  pendingLabel,
  accessibleName,
  action,
}: {
  field: string;
  value: string;
  label: string;
  pendingLabel: string;
  accessibleName: string;
  action: (state: ActionResult<T> | null, data: FormData) => Promise<ActionResult<T> | null>;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="inline">
      <input type="hidden" name={field} value={value} />
      <button
        type="submit"
        disabled={pending}
        className="rounded border border-red-700 px-3 py-1 text-red-800"
        aria-label={accessibleName}
      >
        {pending ? pendingLabel : label}
      </button>
      {state && !state.ok && (
        <span role="alert" className="ml-2 text-red-800">
          {state.error}
        </span>
      )}
    </form>
  );
}
