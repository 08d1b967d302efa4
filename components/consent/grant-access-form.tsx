"use client";

import { useActionState } from "react";
import { InlineActionButton } from "@/components/ui/inline-action-button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/server/http/action";

type Option = { kind: "care_team" | "staff"; id: string; name: string; detail: string };
type FormState = ActionResult<{ ruleId: string }> | null;

const CATEGORIES = [
  { value: "symptoms", label: "My symptom reports" },
  { value: "alerts", label: "Alerts about me" },
  { value: "treatment", label: "My treatment plan" },
  { value: "demographics", label: "My personal details" },
] as const;

/** Allow or block a care team or a clinician, for chosen parts of the record, optionally until a date. */
export function GrantAccessForm({
  options,
  action,
}: {
  options: Option[];
  action: (state: FormState, data: FormData) => Promise<FormState>;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const fieldError = (name: string) =>
    state && !state.ok ? state.fields?.find((f) => f.field === name)?.message : undefined;
  return (
    <form action={formAction} className="space-y-4 rounded-lg bg-white p-4" noValidate>
      {state?.ok && (
        <p role="status" className="rounded border border-green-500 bg-green-50 p-3">
          Saved. It applies from now on.
        </p>
      )}
      {state && !state.ok && (
        <p role="alert" className="rounded border border-red-400 bg-red-50 p-3">
          {state.error}
        </p>
      )}
      <div>
        <label htmlFor="grantee" className="block font-medium">
          Who
        </label>
        <select
          id="grantee"
          name="grantee"
          required
          className="mt-1 w-full rounded border border-slate-500 p-2"
          aria-invalid={!!fieldError("grantee")}
        >
          <option value="">Choose a care team or a clinician</option>
          <optgroup label="Care teams">
            {options
              .filter((o) => o.kind === "care_team")
              .map((o) => (
                <option key={o.id} value={`care_team:${o.id}`}>
                  {o.name}
                </option>
              ))}
          </optgroup>
          <optgroup label="Clinicians">
            {options
              .filter((o) => o.kind === "staff")
              .map((o) => (
                <option key={o.id} value={`staff:${o.id}`}>
                  {o.name} ({o.detail})
                </option>
              ))}
          </optgroup>
        </select>
        {fieldError("grantee") && <p className="text-red-800">{fieldError("grantee")}</p>}
      </div>
      <fieldset>
        <legend className="font-medium">Allow or block</legend>
        <label className="mr-6 inline-flex min-h-11 items-center gap-2">
          <input type="radio" name="effect" value="allow" defaultChecked className="h-5 w-5" /> Allow them to see
        </label>
        <label className="inline-flex min-h-11 items-center gap-2">
          <input type="radio" name="effect" value="deny" className="h-5 w-5" /> Block them from seeing
        </label>
      </fieldset>
      <fieldset aria-describedby={fieldError("categories") ? "categories-error" : undefined}>
        <legend className="font-medium">Which parts of my record</legend>
        {CATEGORIES.map((c) => (
          <label key={c.value} className="flex min-h-11 items-center gap-2">
            <input type="checkbox" name="categories" value={c.value} className="h-5 w-5" /> {c.label}
          </label>
        ))}
        {fieldError("categories") && (
          <p id="categories-error" className="text-red-800">
            {fieldError("categories")}
          </p>
        )}
      </fieldset>
      <div>
        <label htmlFor="validUntil" className="block font-medium">
          Until (optional)
        </label>
        <input id="validUntil" name="validUntil" type="date" className="mt-1 rounded border border-slate-500 p-2" />
        {fieldError("validUntil") && <p className="text-red-800">{fieldError("validUntil")}</p>}
      </div>
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save
      </SubmitButton>
    </form>
  );
}

/** Withdraws one rule. */
export function RevokeRuleButton({
  ruleId,
  label,
  action,
}: {
  ruleId: string;
  label: string;
  action: (state: FormState, data: FormData) => Promise<FormState>;
}) {
  return (
    <InlineActionButton
      field="ruleId"
      value={ruleId}
      label="Withdraw"
      pendingLabel="Withdrawing…"
      accessibleName={`Withdraw: ${label}`}
      action={action}
    />
  );
}
