"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import { FieldError, FormMessage, fieldError, primaryButton } from "./form-bits";

/** Adds a care team. */
export function CreateCareTeamForm({ action }: { action: FormActionFn<{ teamId: string; name: string }> }) {
  const t = useTranslations("careTeamsAdmin");
  const { state, formAction, pending, onSubmit } = useActionForm(action);
  const err = fieldError(state, "name");
  return (
    <form
      action={formAction}
      onSubmit={onSubmit}
      className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4"
      noValidate
      aria-labelledby="new-team-heading"
    >
      <h2 id="new-team-heading" className="basis-full text-lg font-semibold">
        {t("addHeading")}
      </h2>
      <div>
        <label htmlFor="team-name" className="block font-medium">
          {t("name")}
        </label>
        <input
          id="team-name"
          name="name"
          maxLength={80}
          required
          className="mt-1 w-80 rounded border border-slate-500 bg-white p-2"
          aria-invalid={!!err}
          aria-describedby={err ? "team-name-error" : undefined}
        />
      </div>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t("adding") : t("add")}
      </button>
      <div className="basis-full">
        <FieldError id="team-name-error" message={err} />
        <FormMessage
          state={state}
          success={(d) => (
            <p>
              {t.rich("added", {
                name: d.name,
                link: (chunks) => (
                  <Link href={`/admin/care-teams/${d.teamId}`} className="underline">
                    {chunks}
                  </Link>
                ),
              })}
            </p>
          )}
        />
      </div>
    </form>
  );
}
