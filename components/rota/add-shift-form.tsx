"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { FormMessage, primaryButton } from "@/components/admin/form-bits";
import { useAnnounce } from "@/components/admin/notice";
import { formFields, InputField, SelectField } from "@/components/ui/field";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";

type Answer = { message: string };

/**
 * Adds a shift to a care team's rota: who, first or second on call, and from when to when, in the
 * clinic's time. A refusal is said beside the fields it is about; success at the top of the page.
 */
export function AddShiftForm({
  action,
  teamId,
  clinicians,
  suggestedStart,
  suggestedEnd,
}: {
  action: FormActionFn<Answer>;
  teamId: string;
  clinicians: { userId: string; label: string }[];
  /** `datetime-local` values to start from: the next shift's usual times. */
  suggestedStart: string;
  suggestedEnd: string;
}) {
  const announce = useAnnounce();
  const run: FormActionFn<Answer> = async (previous, data) => {
    announce(null);
    const result = await action(previous, data);
    if (result?.ok) announce(result.data.message);
    return result;
  };
  const t = useTranslations("rota");
  const { state, formAction, pending, onSubmit, fieldError } = useActionForm(run);
  const prefix = useId();
  const fields = formFields(prefix, fieldError, {
    control: "mt-1 block w-full rounded border border-slate-500 bg-white p-2",
  });
  return (
    <form
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={`${prefix}-heading`}
      className="mt-2 grid max-w-3xl gap-4 rounded-lg bg-white p-4 sm:grid-cols-2"
    >
      <h3 id={`${prefix}-heading`} className="text-lg font-semibold sm:col-span-2">
        {t("addHeading")}
      </h3>
      <input type="hidden" name="teamId" value={teamId} />
      <SelectField fields={fields} name="userId" label={t("who")} defaultValue="" required>
        <option value="" disabled>
          {t("choose")}
        </option>
        {clinicians.map((c) => (
          <option key={c.userId} value={c.userId}>
            {c.label}
          </option>
        ))}
      </SelectField>
      <SelectField fields={fields} name="position" label={t("position")} defaultValue="1">
        <option value="1">{t("firstHint")}</option>
        <option value="2">{t("secondHint")}</option>
      </SelectField>
      <InputField
        fields={fields}
        name="startsAt"
        type="datetime-local"
        label={t("from")}
        hint="UK time, as on the clinic's clocks."
        defaultValue={suggestedStart}
        required
      />
      <InputField
        fields={fields}
        name="endsAt"
        type="datetime-local"
        label={t("to")}
        hint={t("toHint")}
        defaultValue={suggestedEnd}
        required
      />
      <div className="sm:col-span-2">
        <button type="submit" className={primaryButton} disabled={pending}>
          {pending ? t("adding") : t("add")}
        </button>
      </div>
      {state && !state.ok ? (
        <div className="sm:col-span-2">
          <FormMessage state={state} />
        </div>
      ) : null}
    </form>
  );
}
