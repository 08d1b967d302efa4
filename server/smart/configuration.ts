import "server-only";
import { OPENID_SCOPES, RESOURCE_SCOPES, SYSTEM_SCOPES } from "@/lib/smart/scopes";
import { CLIENT_ASSERTION_ALGS, OAUTH_PATH } from "./provider";

/**
 * `/.well-known/smart-configuration` (SMART App Launch 2, Backend Services): where to authorise,
 * and what is offered.
 */
export function smartConfiguration(site: string) {
  const oauth = `${site}${OAUTH_PATH}`;
  return {
    issuer: oauth,
    jwks_uri: `${oauth}/jwks`,
    authorization_endpoint: `${oauth}/auth`,
    token_endpoint: `${oauth}/token`,
    revocation_endpoint: `${oauth}/token/revocation`,
    grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
    // Apps are public clients (PKCE); backend services sign a JWT with their own key.
    token_endpoint_auth_methods_supported: ["none", "private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGS,
    scopes_supported: [...OPENID_SCOPES, ...RESOURCE_SCOPES, ...SYSTEM_SCOPES],
    response_types_supported: ["code"],
    code_challenge_methods_supported: ["S256"],
    capabilities: [
      "launch-standalone",
      "client-public",
      "client-confidential-asymmetric",
      "context-standalone-patient",
      "permission-patient",
      "permission-user",
      "permission-offline",
      "permission-v2",
      "sso-openid-connect",
    ],
  };
}
