"use client";

import { useTranslations } from "next-intl";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import { FormMessage, OneTimeLink, secondaryButton } from "./form-bits";
import { useAnnounce } from "./notice";

/** What such an action answers: a sentence, and a link's path where the organisation shows links on screen. */
export type LinkAnswer = { message: string; path: string | null; expiresAt: string | null };

/**
 * A button whose action may send a one-time link (a new link, or approving a change that sends
 * one): says what happened at the top of the page (the button may be gone once the page refreshes),
 * and shows the link once where the organisation shows links on screen.
 */
export function OneTimeLinkResult({
  action,
  fields,
  who,
  label,
  pendingLabel,
}: {
  action: FormActionFn<LinkAnswer>;
  fields: Record<string, string>;
  who: string;
  label: string;
  pendingLabel?: string;
}) {
  const t = useTranslations("adminUi");
  const announce = useAnnounce();
  const run: FormActionFn<LinkAnswer> = async (previous, data) => {
    announce(null);
    const result = await action(previous, data);
    if (result?.ok) announce(result.data.message);
    return result;
  };
  const { state, formAction, pending, onSubmit } = useActionForm(run);
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={secondaryButton} disabled={pending}>
        {pending ? (pendingLabel ?? t("sending")) : label}
      </button>
      <FormMessage
        state={state}
        success={(d) => (
          <div className="space-y-2">
            <p>{d.message}</p>
            {d.path && d.expiresAt ? <OneTimeLink path={d.path} expiresAt={d.expiresAt} who={who} /> : null}
          </div>
        )}
      />
    </form>
  );
}
