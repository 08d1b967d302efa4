"use client";

import { useTranslations } from "next-intl";
import { InlineActionButton } from "@/components/ui/inline-action-button";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import type { ActionResult } from "@/server/http/action";
import { FieldError, FormMessage, fieldError, inputClass, primaryButton } from "./form-bits";

type Registered = { clientId: string; name: string };
type Revoked = ActionResult<{ clientId: string }> | null;

/** Registers a SMART app: its name and where it may be sent back to; the answer is its client_id. */
export function RegisterAppForm({ action }: { action: FormActionFn<Registered> }) {
  const t = useTranslations("appForms");
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
        {t("appHeading")}
      </h2>
      <div>
        <label htmlFor="app-name" className="block font-medium">
          {t("appName")}
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
          {t("redirects")}
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
          {t("redirectsHint")}
        </p>
        <FieldError id="app-redirects-error" message={urisError} />
      </div>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t("registering") : t("registerApp")}
      </button>
      <FormMessage
        state={state}
        success={(d) => (
          <p>
            {t.rich("appRegistered", {
              name: d.name,
              clientId: d.clientId,
              code: (chunks) => <code className="font-mono">{chunks}</code>,
            })}
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
  const t = useTranslations("appForms");
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
        {t("serviceHeading")}
      </h2>
      <p className="text-sm text-slate-700">{t("serviceLead")}</p>
      <div>
        <label htmlFor="service-name" className="block font-medium">
          {t("serviceName")}
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
          {t("jwks")}
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
          {t("jwksHint", { example: '{"keys": [...]}' })}
        </p>
        <FieldError id="service-jwks-error" message={jwksError} />
      </div>
      <fieldset aria-describedby={teamsError ? "service-teams-error" : undefined}>
        <legend className="font-medium">{t("teams")}</legend>
        {careTeams.length === 0 ? (
          <p className="text-sm text-slate-700">{t("noTeams")}</p>
        ) : (
          careTeams.map((team) => (
            <label key={team.id} className="mt-1 flex items-center gap-2">
              <input type="checkbox" name="careTeamIds" value={team.id} className="h-4 w-4" />
              {team.name}
            </label>
          ))
        )}
        <FieldError id="service-teams-error" message={teamsError} />
      </fieldset>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t("registering") : t("registerService")}
      </button>
      <FormMessage
        state={state}
        success={(d) => (
          <p>
            {t.rich("serviceRegistered", {
              name: d.name,
              clientId: d.clientId,
              code: (chunks) => <code className="font-mono">{chunks}</code>,
            })}
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
  const t = useTranslations("appForms");
  return (
    <InlineActionButton
      field="clientId"
      value={clientId}
      label={t("revoke")}
      pendingLabel={t("revoking")}
      accessibleName={t("revokeName", { name })}
      confirm={{
        question: t("revokeQuestion", { name }),
        yes: t("revokeYes", { name }),
      }}
      action={action}
    />
  );
}
