"use client";

import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import { LADDER_BOUNDS } from "@/lib/notifications/ladder";
import { FieldError, FormMessage, primaryButton } from "./form-bits";
import { roleLabel } from "./labels";
import { useAnnounce } from "./notice";

type Saved = { changed: string[]; message: string };

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
  const announce = useAnnounce();
  const run: FormActionFn<Saved> = async (previous, data) => {
    announce(null);
    const result = await action(previous, data);
    if (result?.ok) announce(result.data.message);
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
        Escalation contacts
      </h2>
      <fieldset
        className="mt-2"
        aria-describedby={`escalation-hint${error ? " escalation-error" : ""}`}
        aria-invalid={error ? true : undefined}
      >
        <legend className="font-medium">Who is called when a red alert reaches its target unacknowledged</legend>
        <p id="escalation-hint" className="text-sm text-slate-700">
          After the on-call clinicians and the team's leads. Choose up to {LADDER_BOUNDS.maxEscalationContacts} of the
          organisation's nurses and oncologists; none means the ladder stops at the second step.
        </p>
        {clinicians.length === 0 ? (
          <p className="mt-2">The organisation has no active nurse or oncologist yet.</p>
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
        {pending ? "Saving…" : "Save escalation contacts"}
      </button>
      {state && !state.ok && !error ? (
        <div className="mt-2">
          <FormMessage state={state} />
        </div>
      ) : null}
    </form>
  );
}
