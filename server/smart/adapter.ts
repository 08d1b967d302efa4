// Not `server-only`: the OAuth route (pages/api/oauth) runs outside React's server graph, where
// that guard refuses every import. It is server code all the same: nothing on a page imports it.
import { sql } from "drizzle-orm";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { queryRows } from "@/db/sql";
import { withRls } from "@/server/rls";

type Row = { payload: AdapterPayload; consumed_at: string | Date | null };

/** The stored form of what the provider hands over: its id goes to the key, never into the row. */
function stored(kind: string, payload: AdapterPayload): AdapterPayload {
  if (kind === "Session") return payload;
  const { jti: _secret, ...rest } = payload;
  return rest;
}

function found(row: Row | undefined, id: string | undefined): AdapterPayload | undefined {
  if (!row) return undefined;
  const payload = typeof row.payload === "string" ? (JSON.parse(row.payload) as AdapterPayload) : row.payload;
  return {
    ...payload,
    ...(id !== undefined && { jti: id }),
    ...(row.consumed_at && { consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) }),
  };
}

/**
 * oidc-provider's storage, in the app's database (db/sql/smart.sql): the request role reaches it
 * only through SECURITY DEFINER functions that hash each id themselves. Registered apps come from
 * `smart_clients`, as an admin registered them (db/queries/smart.ts); a revoked client is unknown.
 */
export class DatabaseAdapter implements Adapter {
  constructor(private readonly kind: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000).toISOString() : null;
    await withRls({ userId: null }, (tx) =>
      tx.execute(
        sql`select app.oauth_save(${this.kind}, ${id}, ${JSON.stringify(stored(this.kind, payload))}::jsonb,
          ${payload.grantId ?? null}, ${payload.uid ?? null}, ${expiresAt}::timestamptz)`,
      ),
    );
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.kind === "Client") return findClient(id);
    const [row] = await withRls({ userId: null }, (tx) =>
      queryRows<Row>(tx, sql`select * from app.oauth_find(${this.kind}, ${id})`),
    );
    return found(row, id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const [row] = await withRls({ userId: null }, (tx) =>
      queryRows<Row>(tx, sql`select * from app.oauth_find_by_uid(${this.kind}, ${uid})`),
    );
    return found(row, undefined);
  }

  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    await withRls({ userId: null }, (tx) => tx.execute(sql`select app.oauth_consume(${this.kind}, ${id})`));
  }

  async destroy(id: string): Promise<void> {
    await withRls({ userId: null }, (tx) => tx.execute(sql`select app.oauth_destroy(${this.kind}, ${id})`));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await withRls({ userId: null }, (tx) => tx.execute(sql`select app.oauth_revoke_grant(${grantId})`));
  }
}

/** A registered, unrevoked app as OAuth client metadata: a public client that must use PKCE. */
async function findClient(id: string): Promise<AdapterPayload | undefined> {
  const [row] = await withRls({ userId: null }, (tx) =>
    queryRows<{ name: string; redirect_uris: string[] | string }>(tx, sql`select * from app.smart_client(${id})`),
  );
  if (!row) return findBackendClient(id);
  const redirectUris = typeof row.redirect_uris === "string" ? parsePgArray(row.redirect_uris) : row.redirect_uris;
  return {
    client_id: id,
    client_name: row.name,
    redirect_uris: redirectUris,
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    id_token_signed_response_alg: "EdDSA",
  };
}

/**
 * A registered, unrevoked backend service (SMART Backend Services) as OAuth client metadata: a
 * confidential client that authenticates with a JWT signed by one of its public keys, for the
 * client_credentials grant; the resource server gives it the system scopes alone (provider.ts).
 */
async function findBackendClient(id: string): Promise<AdapterPayload | undefined> {
  const [row] = await withRls({ userId: null }, (tx) =>
    queryRows<{ name: string; jwks: unknown }>(tx, sql`select * from app.backend_client(${id})`),
  );
  if (!row) return undefined;
  return {
    client_id: id,
    client_name: row.name,
    jwks: (typeof row.jwks === "string" ? JSON.parse(row.jwks) : row.jwks) as AdapterPayload["jwks"],
    token_endpoint_auth_method: "private_key_jwt",
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
  };
}

/** A text[] as PGlite may return it, "{a,b}" (redirect URIs hold no commas or quotes we accept). */
function parsePgArray(value: string): string[] {
  return value
    .replace(/^\{|\}$/g, "")
    .split(",")
    .map((v) => v.replace(/^"|"$/g, ""))
    .filter(Boolean);
}
