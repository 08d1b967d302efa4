import "server-only";
import { findAccountPrincipal } from "@/db/queries/smart";
import { AppError } from "@/lib/errors";
import { type Interaction, scopesAllow } from "@/lib/smart/scopes";
import { type SessionUser, withProof } from "@/server/auth/session";
import { siteOrigin } from "@/server/http/origin";
import { withRls } from "@/server/rls";
import { smartProvider } from "./provider";

function refused(): AppError {
  return new AppError(
    "unauthenticated",
    "The access token is not valid here: it may have expired, been revoked, or be meant for another server.",
  );
}

/**
 * Authenticates a SMART app's request to the FHIR API from its access token: the OAuth server
 * verifies it (known, not expired, its app still registered), its audience must be this FHIR
 * endpoint, and the database establishes the user from the token again (app.begin_smart), so the
 * app acts exactly as its user's session would, never as someone it names. The scopes the user
 * granted ride on the principal (`app`) for the audit trail and `requireScope`.
 */
export async function authenticateSmartApp(request: Request, token: string): Promise<SessionUser> {
  const site = siteOrigin(request.headers, request.url) ?? new URL(request.url).origin;
  if (token.length > 512) throw refused();
  const provider = smartProvider(site);
  const accessToken = await provider.AccessToken.find(token);
  if (!accessToken?.accountId || !accessToken.clientId) throw refused();
  const audience = [accessToken.aud].flat();
  if (!audience.includes(`${site}/fhir/R4`)) throw refused();
  const client = await provider.Client.find(accessToken.clientId);
  if (!client) throw refused();
  const proof = { smartToken: token };
  const account = await withRls(proof, async (tx, established) =>
    established === accessToken.accountId ? findAccountPrincipal(tx, established) : null,
  );
  if (!account) throw refused();
  const base = {
    userId: account.userId,
    sessionId: `smart:${accessToken.grantId ?? accessToken.clientId}`,
    displayName: account.displayName,
    organisationId: account.organisationId,
    organisationSettings: account.organisationSettings,
    roles: [...new Set(account.memberships.map((m) => m.role))],
    memberships: account.memberships,
    app: {
      clientId: client.clientId,
      name: client.clientName ?? client.clientId,
      scopes: (accessToken.scope ?? "").split(" ").filter(Boolean),
    },
  };
  const user: SessionUser =
    account.kind === "staff"
      ? { ...base, kind: "staff", patientId: null }
      : { ...base, kind: "patient", patientId: account.patientId };
  return withProof(user, proof);
}

/**
 * Refuses (403) a request of an app whose granted scopes do not cover it: the resource type from
 * the path under /fhir/R4, a read by id or a search; anything else (a create) no scope offered
 * here covers.
 */
export function requireScope(user: SessionUser, request: Request): void {
  if (!user.app) return;
  const [resourceType = "", id] = new URL(request.url).pathname.replace(/^\/fhir\/R4\/?/, "").split("/");
  const interaction: Interaction | null = request.method !== "GET" ? null : id ? "read" : "search";
  if (interaction && scopesAllow(user.app.scopes, resourceType, interaction)) return;
  throw new AppError(
    "forbidden",
    `The access this app was granted does not cover ${interaction ?? "this request on"} ${resourceType || "this"} resources.`,
  );
}
