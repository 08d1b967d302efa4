"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import { dangerButton, FormMessage, secondaryButton } from "./form-bits";
import { useAnnounce } from "./notice";

const messageOf = (data: unknown) =>
  data && typeof data === "object" && typeof (data as { message?: unknown }).message === "string"
    ? (data as { message: string }).message
    : undefined;

/**
 * One admin action on one thing (an account, a role, a team): a form with its id in a hidden field
 * and a button. A `confirm` sentence makes it two steps, the second naming exactly what will happen;
 * the confirm button takes focus, and Cancel returns it.
 */
export function ActionButton<T>({
  action,
  fields,
  label,
  ariaLabel,
  pendingLabel,
  confirm,
  confirmLabel,
  success,
  danger = false,
}: {
  action: FormActionFn<T>;
  fields: Record<string, string>;
  /** The button's text, naming the action and its target for screen readers when it is ambiguous. */
  label: string;
  /** The button's name for screen readers where its short text needs its row to make sense ("Remove"). */
  ariaLabel?: string;
  pendingLabel: string;
  confirm?: string;
  confirmLabel?: string;
  /** Said on success, unless the action's answer carries its own `message`. */
  success?: string;
  danger?: boolean;
}) {
  const t = useTranslations("adminUi");
  const announce = useAnnounce();
  // Success is announced at the top of the page (this button may be gone after the page refreshes);
  // a refusal is said here, next to the button.
  const run: FormActionFn<T> = async (previous, data) => {
    announce(null);
    const result = await action(previous, data);
    if (result?.ok) announce(messageOf(result.data) ?? success ?? t("done"));
    return result;
  };
  const { state, formAction, pending, onSubmit } = useActionForm(run);
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  useEffect(() => {
    if (state) setAsking(false);
  }, [state]);
  const style = danger ? dangerButton : secondaryButton;
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {confirm && !asking ? (
        <button
          ref={openerRef}
          type="button"
          className={style}
          aria-label={ariaLabel}
          onClick={() => setAsking(true)}
          disabled={pending}
        >
          {label}
        </button>
      ) : null}
      {confirm && asking ? (
        // biome-ignore lint/a11y/useSemanticElements: a group of two buttons with its question as the label
        <div role="group" aria-labelledby={questionId} className="rounded border border-slate-400 bg-slate-50 p-3">
          <p id={questionId}>{confirm}</p>
          <div className="mt-2 flex gap-2">
            <button
              ref={confirmRef}
              type="submit"
              className={
                danger
                  ? "rounded bg-red-700 px-3 py-2 font-medium text-white disabled:opacity-60"
                  : "rounded bg-blue-700 px-3 py-2 font-medium text-white disabled:opacity-60"
              }
              disabled={pending}
            >
              {pending
                ? pendingLabel
                : (confirmLabel ?? t("yes", { action: `${label.charAt(0).toLowerCase()}${label.slice(1)}` }))}
            </button>
            <button
              type="button"
              className={secondaryButton}
              onClick={() => {
                setAsking(false);
                setTimeout(() => openerRef.current?.focus(), 0);
              }}
              disabled={pending}
            >
              {t("cancel")}
            </button>
          </div>
        </div>
      ) : null}
      {!confirm ? (
        <button type="submit" className={style} aria-label={ariaLabel} disabled={pending}>
          {pending ? pendingLabel : label}
        </button>
      ) : null}
      {state && !state.ok ? <FormMessage state={state} /> : null}
    </form>
  );
}
