import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { requiredRef, timestamptz, timestamptzNow } from "./columns";
import { organisations } from "./organisations";
import { users } from "./users";

/**
 * The clients an admin has registered (server/smart): apps for SMART App Launch (`kind` 'app'),
 * public clients that prove themselves with PKCE and act for a user; and backend services ('backend',
 * SMART Backend Services), an organisation's own systems that prove themselves with a JWT signed by a
 * key of `jwks` and read, as nobody but themselves, the patients of `careTeamIds` whose consent lets
 * those teams read. Revoking one stops its tokens on their next use (app.begin_smart,
 * app.begin_backend).
 */
export const smartClients = pgTable(
  "smart_clients",
  {
    /** The OAuth client_id the app is given: random, not a secret. */
    id: text().primaryKey(),
    organisationId: requiredRef(() => organisations.id),
    name: text().notNull(),
    kind: text().notNull().default("app"),
    redirectUris: text().array().notNull(),
    /** A backend service's public keys (a JWK Set), which verify its signed client assertions. */
    jwks: jsonb(),
    /** The care teams of the organisation whose patients a backend service reads, as the admin granted. */
    careTeamIds: uuid().array(),
    /** Who a backend service is in the database (app.caller) and the audit trail: no account, no person. */
    accountId: uuid().notNull().defaultRandom().unique(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamptzNow(),
    lastUsedAt: timestamptz(),
    revokedAt: timestamptz(),
  },
  (t) => [
    index().on(t.organisationId),
    check(
      "smart_clients_kind",
      sql`(${t.kind} = 'app' and ${t.jwks} is null and ${t.careTeamIds} is null)
        or (${t.kind} = 'backend' and ${t.jwks} is not null and cardinality(${t.careTeamIds}) > 0)`,
    ),
  ],
);

/**
 * What the OAuth server keeps (oidc-provider's adapter, server/smart/adapter.ts): authorization
 * codes, access and refresh tokens, grants, interactions and its own browser sessions. Each is
 * found by the SHA-256 of its id, which is the secret the client or browser holds, so a copy of the
 * table redeems nothing. Only the SECURITY DEFINER functions of db/sql/smart.sql touch it.
 */
export const oauthRecords = pgTable(
  "oauth_records",
  {
    kind: text().notNull(),
    idHash: text().notNull(),
    payload: jsonb().notNull(),
    grantId: text(),
    uid: text(),
    expiresAt: timestamptz(),
    consumedAt: timestamptz(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.idHash] }),
    index().on(t.grantId),
    index().on(t.uid),
    index().on(t.expiresAt),
  ],
);
