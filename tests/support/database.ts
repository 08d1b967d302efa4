import { sql } from "drizzle-orm";
import {
  type Connection,
  connectPostgres,
  type Database,
  openPglite,
  RUNTIME_LOGIN_ROLE,
  SIGN_IN_LOGIN_ROLE,
} from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { queryRows } from "../../db/sql";

/** Which engine the database suites run on: `TEST_DB=postgres` or (default) `pglite`. */
export const TEST_ENGINE: "pglite" | "postgres" = process.env.TEST_DB === "postgres" ? "postgres" : "pglite";

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = {
  engine: "pglite" | "postgres";
  /**
   * Connected as a runtime login role. On PostgreSQL it is the sign-in role: like the web app's
   * role it acts only as serums_app, and it may also take an identity on trust (`{ userId }` in
   * db/rls.ts), which the suites use to act as each fixture user. The app's own path, from a
   * session's or a device's token, works on it too. On PGlite it is the one connection, as the web
   * role, which may take either (its session user is the owner).
   */
  runtime: Database;
  /** Runs `work` as the owner (the migrating role), for fixtures and tampering. */
  asOwner: <T>(work: (db: Database) => Promise<T>) => Promise<T>;
  /** The runtime role's connection URL (postgres only), for tests that open their own pools. */
  runtimeUrl: string | null;
  /** The web app's own login role's URL (postgres only): no identity but from a token. */
  webUrl: string | null;
  /** The owner's connection URL (postgres only), for tests that need sessions of their own. */
  ownerUrl: string | null;
  close: () => Promise<void>;
};

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A freshly migrated database of its own for one test file. On PostgreSQL it is recreated on every
 * run (dropped first if a previous run left it) and dropped again on close. With `migrate: false`
 * it is left empty, for the caller to build as the owner; until the roles exist, use only asOwner.
 */
export async function createTestDatabase(
  name: string,
  options: { poolSize?: number; migrate?: boolean } = {},
): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (TEST_ENGINE === "pglite") {
    const connection = await openPglite("memory://");
    if (!migrate) {
      return {
        engine: "pglite",
        runtime: connection.db,
        runtimeUrl: null,
        webUrl: null,
        ownerUrl: null,
        asOwner: (work) => work(connection.db),
        close: () => connection.close(),
      };
    }
    await migrateDatabase(connection);
    await connection.db.execute(sql.raw(`set role ${RUNTIME_LOGIN_ROLE}`));
    return {
      engine: "pglite",
      runtime: connection.db,
      runtimeUrl: null,
      webUrl: null,
      ownerUrl: null,
      // PGlite has one session: become the owner again for the duration of `work`.
      asOwner: async (work) => {
        await connection.db.execute(sql`reset role`);
        try {
          return await work(connection.db);
        } finally {
          await connection.db.execute(sql.raw(`set role ${RUNTIME_LOGIN_ROLE}`));
        }
      },
      close: () => connection.close(),
    };
  }

  // TEST_DB_PREFIX lets two checkouts run the suites on one server at once.
  const prefix = process.env.TEST_DB_PREFIX ?? "serums_test";
  const database = `${prefix}_${name.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}`;
  const admin = connectPostgres(ADMIN_URL, { max: 1 });
  await admin.db.execute(sql.raw(`drop database if exists ${database} with (force)`));
  await admin.db.execute(sql.raw(`create database ${database}`));
  const ownerUrl = withDatabase(ADMIN_URL, database);
  const owner: Connection = connectPostgres(ownerUrl, { max: 2 });
  if (migrate) await migrateDatabase(owner);
  const asRole = (role: string) => ownerUrl.replace(/\/\/[^@/]*@/, `//${role}@`);
  const runtimeUrl = asRole(SIGN_IN_LOGIN_ROLE);
  const runtime = connectPostgres(runtimeUrl, { max: options.poolSize ?? 4 });
  return {
    engine: "postgres",
    runtime: runtime.db,
    runtimeUrl,
    webUrl: asRole(RUNTIME_LOGIN_ROLE),
    ownerUrl,
    asOwner: (work) => work(owner.db),
    close: async () => {
      await runtime.close();
      await owner.close();
      await admin.db.execute(sql.raw(`drop database if exists ${database} with (force)`));
      await admin.close();
    },
  };
}

/** Rows of a raw query, for assertions. */
export const rowsOf = queryRows;
