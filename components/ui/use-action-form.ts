"use client";

import { type FormEvent, useActionState, useTransition } from "react";
import type { ActionResult } from "@/server/http/action";

export type FormState<T> = ActionResult<T> | null;
export type FormActionFn<T> = (state: FormState<T>, data: FormData) => Promise<FormState<T>>;

/**
 * useActionState for a form that must keep what was typed when the server refuses it: React resets
 * an uncontrolled form after a `<form action>` completes, so with JavaScript the form is submitted
 * from onSubmit instead (with the button that submitted it, for forms with more than one); without
 * JavaScript `formAction` still posts it.
 */
export function useActionForm<T>(action: FormActionFn<T>) {
  const [state, formAction, pending] = useActionState(action, null);
  const [, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter instanceof HTMLElement ? submitter : undefined);
    startTransition(() => formAction(data));
  };
  // An item of a list field (a checkbox group's "channels.1") is reported at the list.
  const fieldError = (name: string) =>
    state && !state.ok
      ? state.fields?.find((f) => f.field === name || f.field.startsWith(`${name}.`))?.message
      : undefined;
  return { state, formAction, pending, onSubmit, fieldError };
}
