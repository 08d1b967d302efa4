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

/** The login role the web app runs as (see db/sql/roles.sql). */
export const RUNTIME_LOGIN_ROLE = "serums_web";
/** The login role the sign-in code alone connects as (see db/sql/roles.sql). */
export const SIGN_IN_LOGIN_ROLE = "serums_signin";
/** The role every request switches to inside its transaction. */
export const REQUEST_ROLE = "serums_app";

export const DEFAULT_PGLITE_DIR = path.join(process.cwd(), ".data", "pglite");

export type Connection = { db: Database; kind: "pglite" | "postgres"; close: () => Promise<void> };

/**
 * The postgres.js client drizzle is given, with its statements prepared. Drizzle runs every query
 * as `client.unsafe(text, params, { prepare: false })` unless it was named with `.prepare(name)`
 * (drizzle-orm issue 6096), and postgres.js sends an unprepared statement with parameters in two
 * round trips: Parse and Describe to learn the parameters' types, then Bind and Execute. Prepared,
 * a statement is parsed and described once per connection, and from then on is one round trip
 * with no parsing. Transactions and savepoints hand drizzle a new client, which is wrapped too.
 * A connection keeps its statements until postgres.js replaces it (every 30 to 60 minutes by
 * default), so statements whose text varies with a list's length stay bounded.
 */
function preparingStatements<T extends postgres.Sql>(client: T): T {
  type Opens = (...args: unknown[]) => unknown;
  // begin(options?, work) and savepoint(name?, work): the work gets the wrapped client.
  const opening =
    (open: Opens) =>
    (...args: unknown[]) => {
      const work = args.pop() as (inner: postgres.Sql) => unknown;
      return open(...args, (inner: postgres.Sql) => work(preparingStatements(inner)));
    };
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === "unsafe") {
        return (text: string, params?: never[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(text, params, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") return opening(value as Opens);
      return value;
    },
  });
}

/** Connects to a PostgreSQL server with postgres.js. */
export function connectPostgres(url: string, options: { max?: number; applicationName?: string } = {}): Connection {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "serums" },
  });
  const db = drizzlePostgres(preparingStatements(client), { schema, casing: "snake_case" }) as unknown as Database;
  return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
}

/** Opens an embedded PGlite database (a directory, created if missing, or `memory://`). */
export async function openPglite(dataDir: string): Promise<Connection & { client: PGlite }> {
  if (!dataDir.includes("://")) await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Database;
  return { db, client, kind: "pglite", close: () => client.close() };
}
