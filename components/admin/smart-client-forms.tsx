"use client";

import { InlineActionButton } from "@/components/ui/inline-action-button";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import type { ActionResult } from "@/server/http/action";
import { FieldError, FormMessage, fieldError, inputClass, primaryButton } from "./form-bits";

type Registered = { clientId: string; name: string };
type Revoked = ActionResult<{ clientId: string }> | null;

/** Registers a SMART app: its name and where it may be sent back to; the answer is its client_id. */
export function RegisterAppForm({ action }: { action: FormActionFn<Registered> }) {
  const { state, formAction, pending, onSubmit } = useActionForm(action);
  const nameError = fieldError(state, "name");
  const urisError = fieldError(state, "redirectUris");
  return (
    <form
      action={formAction}
      onSubmit={onSubmit}
      className="max-w-2xl space-y-3 rounded-lg bg-white p-4"
      noValidate
      aria-labelledby="new-app-heading"
    >
      <h2 id="new-app-heading" className="text-lg font-semibold">
        Register an app
      </h2>
      <div>
        <label htmlFor="app-name" className="block font-medium">
          Name, as patients and clinicians will see it
        </label>
        <input
          id="app-name"
          name="name"
          maxLength={80}
          required
          className={inputClass}
          aria-invalid={!!nameError}
          aria-describedby={nameError ? "app-name-error" : undefined}
        />
        <FieldError id="app-name-error" message={nameError} />
      </div>
      <div>
        <label htmlFor="app-redirects" className="block font-medium">
          Redirect URIs, one a line
        </label>
        <textarea
          id="app-redirects"
          name="redirectUris"
          rows={3}
          required
          className={inputClass}
          aria-invalid={!!urisError}
          aria-describedby={`app-redirects-hint${urisError ? " app-redirects-error" : ""}`}
        />
        <p id="app-redirects-hint" className="text-sm text-slate-700">
          Where the app receives its authorization code: https, or http only on this computer (localhost or 127.0.0.1).
        </p>
        <FieldError id="app-redirects-error" message={urisError} />
      </div>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? "Registering…" : "Register app"}
      </button>
      <FormMessage
        state={state}
        success={(d) => (
          <p>
            Registered {d.name}. Its client_id is <code className="font-mono">{d.clientId}</code>.
          </p>
        )}
      />
    </form>
  );
}

/** Revokes an app: its tokens stop working at once. */
export function RevokeAppButton({
  clientId,
  name,
  action,
}: {
  clientId: string;
  name: string;
  action: (s: Revoked, d: FormData) => Promise<Revoked>;
}) {
  return (
    <InlineActionButton
      field="clientId"
      value={clientId}
      label="Revoke"
      pendingLabel="Revoking…"
      accessibleName={`Revoke ${name}`}
      confirm={{
        question: `Revoke “${name}”? It stops reading records at once, for everyone who allowed it.`,
        yes: `Yes, revoke ${name}`,
      }}
      action={action}
    />
  );
}
