"use client";

import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import { FormMessage, OneTimeLink, secondaryButton } from "./form-bits";

type Link = { userId: string; purpose: "activate" | "reset"; path: string; expiresAt: string };

/** Creates a one-time link (activation or password reset) and shows it once. */
export function OneTimeLinkResult({
  action,
  userId,
  who,
  label,
}: {
  action: FormActionFn<Link>;
  userId: string;
  who: string;
  label: string;
}) {
  const { state, formAction, pending, onSubmit } = useActionForm(action);
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-2">
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" className={secondaryButton} disabled={pending}>
        {pending ? "Creating…" : label}
      </button>
      <FormMessage state={state} success={(d) => <OneTimeLink path={d.path} expiresAt={d.expiresAt} who={who} />} />
    </form>
  );
}
