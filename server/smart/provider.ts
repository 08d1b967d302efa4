// Not `server-only`: the OAuth route (pages/api/oauth) runs outside React's server graph, where
// that guard refuses every import. It is server code all the same: nothing on a page imports it.
import { createPrivateKey, hkdfSync } from "node:crypto";
import { sql } from "drizzle-orm";
import Provider, { type Configuration, errors, type KoaContextWithOIDC } from "oidc-provider";
import { queryRows } from "@/db/sql";
import { OPENID_SCOPES, RESOURCE_SCOPES, SYSTEM_SCOPES } from "@/lib/smart/scopes";
import { authSecret } from "@/server/auth/secret";
import { log } from "@/server/log";
import { withRls } from "@/server/rls";
import { DatabaseAdapter } from "./adapter";

/** Where the OAuth server is mounted (pages/api/oauth/[...oidc].ts): the issuer is the site and this path. */
export const OAUTH_PATH = "/api/oauth";
/** The approval page an authorization request is sent to. */
export const INTERACTION_PATH = "/smart/authorize";

/** The access token's lifetime: an hour, as SMART clients expect; a refresh token's, 30 days. */
const ACCESS_TOKEN_SECONDS = 3600;
/** A backend service's access token: five minutes, as SMART Backend Services recommends, and no refresh. */
export const BACKEND_TOKEN_SECONDS = 300;
/** How far ahead a backend service's signed assertion may expire: SMART allows at most five minutes. */
const ASSERTION_MAX_SECONDS = 300;
/** The signing algorithms a backend service's assertion may use: the two SMART requires servers to accept. */
export const CLIENT_ASSERTION_ALGS = ["RS384", "ES384"];

/** Whether the client is a backend service (SMART Backend Services), not an app acting for a user. */
const isBackend = (client: { grantTypes?: readonly string[] } | undefined) =>
  client?.grantTypes?.includes("client_credentials") === true;

/** A key from the site's secret, for one purpose: the same on every process and restart. */
function derivedKey(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), "serums-smart", purpose, 32));
}

/**
 * The ID token signing key: an Ed25519 key derived from the site's secret, so that every process
 * of the app, and every restart, signs with the same key without one more secret to configure.
 */
function signingKey() {
  const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), derivedKey("id-token-key")]);
  const jwk = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }).export({ format: "jwk" });
  return { ...jwk, kid: "serums-ed25519-1", use: "sig", alg: "EdDSA" };
}

/** The account an app acts for: a patient's own record, or a member of staff. */
export async function smartAccount(
  accountId: string,
  clientId: string,
): Promise<{ kind: "staff" | "patient"; patientId: string | null } | null> {
  const [row] = await withRls({ userId: null }, (tx) =>
    queryRows<{ kind: "staff" | "patient"; patient_id: string | null }>(
      tx,
      sql`select * from app.smart_account(${accountId}::uuid, ${clientId})`,
    ),
  );
  return row ? { kind: row.kind, patientId: row.patient_id } : null;
}

function configuration(site: string): Configuration {
  const fhirBase = `${site}/fhir/R4`;
  return {
    adapter: DatabaseAdapter,
    clients: [],
    scopes: OPENID_SCOPES,
    claims: { openid: ["sub"], fhirUser: ["fhirUser"] },
    async findAccount(ctx, sub) {
      const clientId = ctx.oidc.client?.clientId ?? "";
      const account = await smartAccount(sub, clientId);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          const fhirUser = account.patientId
            ? `${fhirBase}/Patient/${account.patientId}`
            : `${fhirBase}/Practitioner/${sub}`;
          return { sub, fhirUser };
        },
      };
    },
    pkce: { required: () => true },
    features: {
      devIntrospection: undefined,
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => fhirBase,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resource, client) {
          if (resource !== fhirBase) throw new errors.InvalidTarget();
          // A backend service is given system scopes alone; an app, for its user, never them.
          const backend = isBackend(client);
          return {
            scope: (backend ? SYSTEM_SCOPES : RESOURCE_SCOPES).join(" "),
            audience: fhirBase,
            accessTokenTTL: backend ? BACKEND_TOKEN_SECONDS : ACCESS_TOKEN_SECONDS,
            accessTokenFormat: "opaque",
          };
        },
      },
      // SMART Backend Services: a registered backend service authenticates with a JWT signed by
      // one of its keys (private_key_jwt) and is given a token of its own, for no user.
      clientCredentials: { enabled: true },
    } as Configuration["features"],
    // Every authorization is approved on this site's page, by whoever is signed in there now.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    cookies: { keys: [derivedKey("cookies").toString("base64url")] },
    jwks: { keys: [signingKey() as never] },
    clientAuthMethods: ["none", "private_key_jwt"],
    enabledJWA: {
      idTokenSigningAlgValues: ["EdDSA"],
      clientAuthSigningAlgValues: CLIENT_ASSERTION_ALGS,
    } as Configuration["enabledJWA"],
    // The provider checks the assertion's signature, issuer, subject, audience (the token endpoint
    // or the issuer), expiry and that its jti was never used before; SMART also limits its
    // lifetime.
    async assertJwtClientAuthClaimsAndHeader(_ctx, claims) {
      if (typeof claims.exp !== "number" || claims.exp - Date.now() / 1000 > ASSERTION_MAX_SECONDS) {
        throw new errors.InvalidClientAuth("the client assertion must expire within five minutes");
      }
    },
    clientDefaults: { id_token_signed_response_alg: "EdDSA" },
    // SMART apps send the FHIR server's base as `aud` and, from an EHR, a `launch` context.
    extraParams: ["aud", "launch"],
    ttl: {
      AccessToken: ACCESS_TOKEN_SECONDS,
      ClientCredentials: BACKEND_TOKEN_SECONDS,
      AuthorizationCode: 60,
      IdToken: ACCESS_TOKEN_SECONDS,
      Interaction: 600,
      Session: 3600,
      Grant: 30 * 24 * 3600,
      RefreshToken: 30 * 24 * 3600,
    },
    async renderError(ctx, out) {
      ctx.type = "json";
      ctx.body = out;
    },
  };
}

const globalForSmart = globalThis as unknown as { smartProviders?: Map<string, Provider> };

/**
 * The OAuth server of this site (`site`: its origin, as NEXTAUTH_URL or the request says), one per
 * process and origin. SMART apps get `patient` in the token response when `launch/patient` was
 * granted.
 */
export function smartProvider(site: string): Provider {
  globalForSmart.smartProviders ??= new Map();
  let provider = globalForSmart.smartProviders.get(site);
  if (!provider) {
    provider = new Provider(`${site}${OAUTH_PATH}`, configuration(site));
    provider.proxy = true;
    provider.use(offlineWithConsent);
    provider.use(addPatientContext);
    // The app is told only "server_error"; what went wrong goes to the server's log.
    provider.on("server_error", (ctx, error) => log.error("oauth server error", error, { route: ctx.oidc?.route }));
    globalForSmart.smartProviders.set(site, provider);
  }
  return provider;
}

/**
 * OpenID Connect drops `offline_access` unless the request says `prompt=consent`; SMART apps ask
 * for refresh tokens without it. Every authorization here is approved on the consent page
 * anyway (`loadExistingGrant`), so the request is read as saying so.
 */
async function offlineWithConsent(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
  if (ctx.method === "GET" && ctx.path === "/auth") {
    const query = new URLSearchParams(ctx.querystring);
    if ((query.get("scope") ?? "").split(" ").includes("offline_access") && !query.has("prompt")) {
      query.set("prompt", "consent");
      ctx.querystring = query.toString();
      // The provider finds its mount path by the request's URL within the original one.
      (ctx.req as { originalUrl?: string }).originalUrl = `${OAUTH_PATH}${ctx.url}`;
    }
  }
  await next();
}

/**
 * The token response as SMART has it: `scope` names every granted scope (the provider names the
 * access token's, the FHIR ones), and `patient` is the launch context when `launch/patient` was
 * granted.
 */
async function addPatientContext(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
  await next();
  const body = ctx.body as Record<string, unknown> | undefined;
  if (ctx.oidc?.route !== "token" || typeof body?.access_token !== "string") return;
  const token = await ctx.oidc.provider.AccessToken.find(body.access_token);
  const grant = token?.grantId ? await ctx.oidc.provider.Grant.find(token.grantId) : undefined;
  if (!token?.accountId || !grant) return;
  const openid = (grant.getOIDCScope() ?? "").split(" ").filter(Boolean);
  body.scope = [...new Set([...openid, ...String(body.scope ?? "").split(" ")])].filter(Boolean).join(" ");
  if (!openid.includes("launch/patient")) return;
  const account = await smartAccount(token.accountId, token.clientId ?? "");
  if (account?.patientId) body.patient = account.patientId;
}
