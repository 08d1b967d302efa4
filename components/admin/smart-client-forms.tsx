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

/**
 * Registers a backend service (SMART Backend Services): its name, its public key set and the care
 * teams whose patients it reads; the answer is its client_id.
 */
export function RegisterBackendServiceForm({
  action,
  careTeams,
}: {
  action: FormActionFn<Registered>;
  careTeams: { id: string; name: string }[];
}) {
  const { state, formAction, pending, onSubmit } = useActionForm(action);
  const nameError = fieldError(state, "name");
  const jwksError = fieldError(state, "jwks");
  const teamsError = fieldError(state, "careTeamIds");
  return (
    <form
      action={formAction}
      onSubmit={onSubmit}
      className="max-w-2xl space-y-3 rounded-lg bg-white p-4"
      noValidate
      aria-labelledby="new-service-heading"
    >
      <h2 id="new-service-heading" className="text-lg font-semibold">
        Register a backend service
      </h2>
      <p className="text-sm text-slate-700">
        A system of the organisation (an EHR, a registry) that reads on its own, with no one signed in. It reads the
        patients of the care teams you choose, and of each only what the patient lets those teams read.
      </p>
      <div>
        <label htmlFor="service-name" className="block font-medium">
          Name, as patients will see it in their access log
        </label>
        <input
          id="service-name"
          name="name"
          maxLength={80}
          required
          className={inputClass}
          aria-invalid={!!nameError}
          aria-describedby={nameError ? "service-name-error" : undefined}
        />
        <FieldError id="service-name-error" message={nameError} />
      </div>
      <div>
        <label htmlFor="service-jwks" className="block font-medium">
          Public key set (JWKS)
        </label>
        <textarea
          id="service-jwks"
          name="jwks"
          rows={5}
          required
          spellCheck={false}
          className={`${inputClass} font-mono text-sm`}
          aria-invalid={!!jwksError}
          aria-describedby={`service-jwks-hint${jwksError ? " service-jwks-error" : ""}`}
        />
        <p id="service-jwks-hint" className="text-sm text-slate-700">
          Paste the JSON the service's supplier gives: {'{"keys": [...]}'}, RSA keys for RS384 or P-384 keys for ES384,
          each with a kid. Never the private key.
        </p>
        <FieldError id="service-jwks-error" message={jwksError} />
      </div>
      <fieldset aria-describedby={teamsError ? "service-teams-error" : undefined}>
        <legend className="font-medium">Care teams it reads for</legend>
        {careTeams.length === 0 ? (
          <p className="text-sm text-slate-700">The organisation has no active care team yet.</p>
        ) : (
          careTeams.map((t) => (
            <label key={t.id} className="mt-1 flex items-center gap-2">
              <input type="checkbox" name="careTeamIds" value={t.id} className="h-4 w-4" />
              {t.name}
            </label>
          ))
        )}
        <FieldError id="service-teams-error" message={teamsError} />
      </fieldset>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? "Registering…" : "Register backend service"}
      </button>
      <FormMessage
        state={state}
        success={(d) => (
          <p>
            Registered {d.name}. Its client_id is <code className="font-mono">{d.clientId}</code>: the service signs its
            token requests with it as issuer and subject.
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
