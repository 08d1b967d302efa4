/**
 * SMART App Launch 2 scopes, as this server offers them: `patient/*.rs` (the signed-in patient's
 * own record), `user/*.rs` (what the signed-in user may read, a clinician's consent included), a
 * single resource type in place of `*`, and the identity and launch scopes. Read and search only:
 * `c`, `u` and `d` are not offered.
 */
import { IMPLEMENTED } from "../fhir/capability";
import type { translatorFor } from "../i18n/translate";

/** The scopes of the FHIR API itself, as the resource server declares them. */
export const RESOURCE_SCOPES = ["patient/*.rs", "user/*.rs", "patient/*.r", "user/*.r", "patient/*.s", "user/*.s"];
for (const { type } of IMPLEMENTED) for (const ctx of ["patient", "user"]) RESOURCE_SCOPES.push(`${ctx}/${type}.rs`);

/**
 * SMART Backend Services' scopes: `system/*.rs` (every patient the backend service's granted care
 * teams may read, as their consent has it) and one resource type in place of `*`. Only a backend
 * service is given them, only they.
 */
export const SYSTEM_SCOPES = ["system/*.rs", "system/*.r", "system/*.s"];
for (const { type } of IMPLEMENTED) SYSTEM_SCOPES.push(`system/${type}.rs`, `system/${type}.r`, `system/${type}.s`);

/** Identity, launch and refresh: not about the FHIR resources. */
export const OPENID_SCOPES = ["openid", "fhirUser", "launch/patient", "offline_access"];

export type Interaction = "read" | "search";

const SCOPE = /^(patient|user|system)\/(\*|[A-Za-z]+)\.(r?s?)$/;

/** Whether the granted scopes cover `interaction` on `resourceType`. */
export function scopesAllow(scopes: readonly string[], resourceType: string, interaction: Interaction): boolean {
  const letter = interaction === "read" ? "r" : "s";
  return scopes.some((scope) => {
    const m = SCOPE.exec(scope);
    return m !== null && (m[2] === "*" || m[2] === resourceType) && m[3].includes(letter);
  });
}

/**
 * What a user may grant of what an app asked for: patient scopes and `launch/patient` only to a
 * patient (a clinician's standalone launch has no patient picker yet), user scopes to either.
 */
export function grantableScopes(requested: readonly string[], kind: "staff" | "patient"): string[] {
  return requested.filter(
    (scope) =>
      (OPENID_SCOPES.includes(scope) && (scope !== "launch/patient" || kind === "patient")) ||
      (RESOURCE_SCOPES.includes(scope) && (kind === "patient" || scope.startsWith("user/"))),
  );
}

/** What a scope lets the app do, in the words the approval page shows, in the reader's language. */
export function describeScope(t: ReturnType<typeof translatorFor>, scope: string): string {
  if (scope === "openid") return t("smartScopes.openid");
  if (scope === "fhirUser") return t("smartScopes.fhirUser");
  if (scope === "launch/patient") return t("smartScopes.launchPatient");
  if (scope === "offline_access") return t("smartScopes.offlineAccess");
  const m = SCOPE.exec(scope);
  if (!m) return scope;
  const what = m[2] === "*" ? t("smartScopes.everyPart") : t("smartScopes.resources", { type: m[2] });
  const own = m[1] === "patient";
  const text =
    m[3] === "rs"
      ? own
        ? t("smartScopes.readSearchOwn", { what })
        : t("smartScopes.readSearchSeen", { what })
      : m[3] === "r"
        ? own
          ? t("smartScopes.readOwn", { what })
          : t("smartScopes.readSeen", { what })
        : own
          ? t("smartScopes.searchOwn", { what })
          : t("smartScopes.searchSeen", { what });
  // A language may put what is read first ("elk onderdeel … lezen"): the sentence still starts with a capital.
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
