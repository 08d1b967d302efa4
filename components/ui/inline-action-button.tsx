"use client";

import { useActionState, useEffect, useId, useRef, useState } from "react";
import type { ActionResult } from "@/server/http/action";

/**
 * One button that runs a form action on one item (withdraw a rule, revoke a device), in a list:
 * the item's id travels as a hidden field, the button says it is busy, and a refusal is announced
 * next to it. With `confirm`, it takes two steps: the question, then a button that names exactly
 * what happens (it takes focus), or Cancel (focus returns to the first button).
 */
export function InlineActionButton<T>({
  field,
  value,
  label,
  pendingLabel,
  accessibleName,
  confirm,
  action,
}: {
  field: string;
  value: string;
  label: string;
  pendingLabel: string;
  accessibleName: string;
  confirm?: { question: string; yes: string };
  action: (state: ActionResult<T> | null, data: FormData) => Promise<ActionResult<T> | null>;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const yesRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (asking) yesRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      openerRef.current?.focus();
    }
  }, [asking]);
  useEffect(() => {
    if (state) setAsking(false);
  }, [state]);
  const button = "rounded border border-red-700 px-3 py-1 text-red-800";
  return (
    <form action={formAction} className="inline">
      <input type="hidden" name={field} value={value} />
      {!confirm ? (
        <button type="submit" disabled={pending} className={button} aria-label={accessibleName}>
          {pending ? pendingLabel : label}
        </button>
      ) : asking ? (
        // biome-ignore lint/a11y/useSemanticElements: a group of two buttons with its question as the label
        <span role="group" aria-labelledby={questionId} className="inline-flex flex-wrap items-center gap-2">
          <span id={questionId}>{confirm.question}</span>
          <button ref={yesRef} type="submit" disabled={pending} className="rounded bg-red-700 px-3 py-1 text-white">
            {pending ? pendingLabel : confirm.yes}
          </button>
          <button
            type="button"
            disabled={pending}
            className="rounded border border-slate-500 px-3 py-1"
            onClick={() => {
              returnFocus.current = true;
              setAsking(false);
            }}
          >
            Cancel
          </button>
        </span>
      ) : (
        <button
          ref={openerRef}
          type="button"
          className={button}
          aria-label={accessibleName}
          onClick={() => setAsking(true)}
        >
          {label}
        </button>
      )}
      {state && !state.ok && (
        <span role="alert" className="ml-2 text-red-800">
          {state.error}
        </span>
      )}
    </form>
  );
}
