/**
 * SMART App Launch 2 scopes, as this server offers them: `patient/*.rs` (the signed-in patient's
 * own record), `user/*.rs` (what the signed-in user may read, a clinician's consent included), a
 * single resource type in place of `*`, and the identity and launch scopes. Read and search only:
 * `c`, `u` and `d` are not offered.
 */
import { IMPLEMENTED } from "../fhir/capability";

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

/** What a scope lets the app do, in the words the approval page shows. */
export function describeScope(scope: string): string {
  if (scope === "openid") return "Know who you are when you sign in";
  if (scope === "fhirUser") return "Know which record or staff account is yours";
  if (scope === "launch/patient") return "Know which patient record it is working with";
  if (scope === "offline_access") return "Keep reading while you are away, until you or an admin stops it";
  const m = SCOPE.exec(scope);
  if (!m) return scope;
  const what = m[2] === "*" ? "every part" : `the ${m[2]} resources`;
  const whose = m[1] === "patient" ? "of your own record" : "of the records you may see";
  const how = m[3] === "rs" ? "Read and search" : m[3] === "r" ? "Read" : "Search";
  return `${how} ${what} ${whose}`;
}
