import { index, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { requiredRef, timestamptz, timestamptzNow } from "./columns";
import { organisations } from "./organisations";
import { users } from "./users";

/**
 * The apps an admin has registered for SMART App Launch (server/smart): public clients that prove
 * themselves with PKCE. Revoking one stops its tokens on their next use (app.begin_smart).
 */
export const smartClients = pgTable(
  "smart_clients",
  {
    /** The OAuth client_id the app is given: random, not a secret. */
    id: text().primaryKey(),
    organisationId: requiredRef(() => organisations.id),
    name: text().notNull(),
    redirectUris: text().array().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamptzNow(),
    lastUsedAt: timestamptz(),
    revokedAt: timestamptz(),
  },
  (t) => [index().on(t.organisationId)],
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
