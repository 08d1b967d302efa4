import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Either driver: PGlite and postgres.js expose the same drizzle query builder. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** The login role the web app runs as (see db/migrations/0001_security.sql). */
export const RUNTIME_LOGIN_ROLE = "serums_web";
/** The role every request switches to inside its transaction. */
export const REQUEST_ROLE = "serums_app";

export const DEFAULT_PGLITE_DIR = path.join(process.cwd(), ".data", "pglite");

export type Connection = { db: Database; kind: "pglite" | "postgres"; close: () => Promise<void> };

/** Connects to a PostgreSQL server with postgres.js. */
export function connectPostgres(url: string, options: { max?: number } = {}): Connection {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: "serums" },
  });
  const db = drizzlePostgres(client, { schema, casing: "snake_case" }) as unknown as Database;
  return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
}

/** Opens an embedded PGlite database (a directory, created if missing, or `memory://`). */
export async function openPglite(dataDir: string): Promise<Connection & { client: PGlite }> {
  if (!dataDir.includes("://")) await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Database;
  return { db, client, kind: "pglite", close: () => client.close() };
}
