import "server-only";
import { findAccountPrincipal, findBackendPrincipal } from "@/db/queries/smart";
import { AppError } from "@/lib/errors";
import { type Interaction, scopesAllow } from "@/lib/smart/scopes";
import { type SessionUser, type SystemUser, withProof } from "@/server/auth/session";
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
  if (!accessToken) return authenticateBackendService(site, token);
  if (!accessToken.accountId || !accessToken.clientId) throw refused();
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
 * Authenticates a backend service's request (SMART Backend Services) from its client-credentials
 * token: the OAuth server verifies it (known, not expired, the service still registered), its
 * audience must be this FHIR endpoint, and the database establishes the service from the token
 * again (app.begin_smart), with the care teams it reads. A revoked service is refused here and
 * in the database, whichever notices first.
 */
async function authenticateBackendService(site: string, token: string): Promise<SystemUser> {
  const provider = smartProvider(site);
  const credentials = await provider.ClientCredentials.find(token);
  if (!credentials?.clientId) throw refused();
  if (![credentials.aud].flat().includes(`${site}/fhir/R4`)) throw refused();
  const client = await provider.Client.find(credentials.clientId);
  if (!client) throw refused();
  const proof = { smartToken: token };
  const service = await withRls(proof, async (tx, established) =>
    established ? findBackendPrincipal(tx, established) : null,
  );
  if (!service || service.clientId !== client.clientId) throw refused();
  const user: SystemUser = {
    kind: "system",
    userId: service.accountId,
    sessionId: `backend:${service.clientId}`,
    displayName: service.name,
    organisationId: service.organisationId,
    organisationSettings: service.organisationSettings,
    roles: [],
    memberships: [],
    patientId: null,
    careTeamIds: service.careTeamIds,
    app: {
      clientId: service.clientId,
      name: service.name,
      scopes: (credentials.scope ?? "").split(" ").filter(Boolean),
    },
  };
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
