"use client";

import { useTranslations } from "next-intl";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import { LADDER_BOUNDS } from "@/lib/notifications/ladder";
import { FieldError, FormMessage, primaryButton } from "./form-bits";
import { roleLabel } from "./labels";
import { useAnnounce } from "./notice";

type Saved = { changed: string[]; contacts: number };

/**
 * The organisation's escalation contacts, ticked from its active clinicians: who is called when a
 * red alert reaches its response target with nobody having acknowledged it.
 */
export function EscalationContactsForm({
  action,
  clinicians,
  chosen,
}: {
  action: FormActionFn<Saved>;
  clinicians: { userId: string; name: string; roles: string[]; teams: string[] }[];
  chosen: string[];
}) {
  const t = useTranslations("settingsAdmin");
  const announce = useAnnounce();
  const run: FormActionFn<Saved> = async (previous, data) => {
    announce(null);
    const result = await action(previous, data);
    if (result?.ok) {
      const { changed, contacts } = result.data;
      announce(
        changed.length === 0
          ? t("escalationUnchanged")
          : contacts === 0
            ? t("escalationNone")
            : t("escalationSaved", { count: contacts }),
      );
    }
    return result;
  };
  const { state, formAction, pending, onSubmit, fieldError } = useActionForm(run);
  const error = fieldError("contactIds");
  const picked = new Set(chosen);
  return (
    <form
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="escalation-heading"
      className="mt-8 max-w-3xl rounded-lg bg-white p-4"
    >
      <h2 id="escalation-heading" className="text-xl font-semibold">
        {t("escalationHeading")}
      </h2>
      <fieldset
        className="mt-2"
        aria-describedby={`escalation-hint${error ? " escalation-error" : ""}`}
        aria-invalid={error ? true : undefined}
      >
        <legend className="font-medium">{t("escalationLegend")}</legend>
        <p id="escalation-hint" className="text-sm text-slate-700">
          {t("escalationHint", { max: LADDER_BOUNDS.maxEscalationContacts })}
        </p>
        {clinicians.length === 0 ? (
          <p className="mt-2">{t("noClinicians")}</p>
        ) : (
          <ul className="mt-2 max-h-96 space-y-1 overflow-y-auto">
            {clinicians.map((c) => (
              <li key={c.userId}>
                <label className="flex items-start gap-2">
                  <input
                    type="checkbox"
                    name="contactIds"
                    value={c.userId}
                    defaultChecked={picked.has(c.userId)}
                    className="mt-1 h-4 w-4"
                  />
                  <span>
                    {c.name}{" "}
                    <span className="text-slate-700">
                      ({c.roles.map(roleLabel).join(", ").toLowerCase()}
                      {c.teams.length > 0 ? `, ${c.teams.join(", ")}` : ""})
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <FieldError id="escalation-error" message={error} />
      <button type="submit" className={`${primaryButton} mt-3`} disabled={pending}>
        {pending ? t("saving") : t("escalationSave")}
      </button>
      {state && !state.ok && !error ? (
        <div className="mt-2">
          <FormMessage state={state} />
        </div>
      ) : null}
    </form>
  );
}
