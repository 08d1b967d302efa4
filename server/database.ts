import { sql } from "drizzle-orm";
import {
  type Connection,
  connectPostgres,
  type Database,
  DEFAULT_PGLITE_DIR,
  openPglite,
  RUNTIME_LOGIN_ROLE,
  SIGN_IN_LOGIN_ROLE,
} from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { queryRows } from "@/db/sql";
import { seedDemo } from "./demo/seed-demo";

/**
 * The database the running app was started against, and how it was reached: `db` as the web role,
 * `signIn` as the sign-in role (the same embedded database on PGlite, whose one connection may take
 * either role).
 */
export type AppDatabase = { db: Database; signIn: Database; kind: Connection["kind"] };

const globalForDb = globalThis as unknown as { serumsDb?: Promise<AppDatabase> };

/** Raised at start-up when the runtime role could read past row-level security. */
export class UnsafeRuntimeRoleError extends Error {}

/**
 * The app's database, opened once per process. With DATABASE_URL it is the PostgreSQL server,
 * reached as the runtime role; without it, an embedded PGlite database under .data/ that is
 * created, migrated and filled with demo data on first start.
 */
export function getAppDatabase(): Promise<AppDatabase> {
  globalForDb.serumsDb ??= openAppDatabase().catch((error) => {
    globalForDb.serumsDb = undefined;
    throw error;
  });
  return globalForDb.serumsDb;
}

export async function getDatabase(): Promise<Database> {
  return (await getAppDatabase()).db;
}

/** The sign-in role's connection, for server/auth/sign-in.ts alone. */
export async function getSignInDatabase(): Promise<Database> {
  return (await getAppDatabase()).signIn;
}

/**
 * The sign-in role's URL: SIGNIN_DATABASE_URL, or DATABASE_URL with the sign-in role's name in
 * place of its user (and no password: for servers that trust local connections, as in CI).
 */
export function signInDatabaseUrl(url: string): string {
  if (process.env.SIGNIN_DATABASE_URL) return process.env.SIGNIN_DATABASE_URL;
  const u = new URL(url);
  u.username = SIGN_IN_LOGIN_ROLE;
  u.password = "";
  return u.toString();
}

async function openAppDatabase(): Promise<AppDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const connection = connectPostgres(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    const signIn = connectPostgres(signInDatabaseUrl(url), { max: 2 });
    await assertSafeRuntimeRole(connection.db);
    await assertSafeRuntimeRole(signIn.db);
    return { db: connection.db, signIn: signIn.db, kind: "postgres" };
  }
  const connection = await openPglite(process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR);
  await prepareEmbeddedDatabase(connection);
  closeOnExit(connection);
  return { db: connection.db, signIn: connection.db, kind: "pglite" };
}

/** PGlite writes its files on close; closing on Ctrl-C or a stop signal keeps .data/ consistent. */
function closeOnExit(connection: Connection) {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      connection.close().finally(() => process.exit(0));
    });
  }
}

/**
 * Migrates and seeds an embedded database as its owner, then drops to the runtime login role for
 * the rest of the session, exactly as a server connection would be.
 */
export async function prepareEmbeddedDatabase(connection: Connection): Promise<{ seeded: boolean }> {
  await migrateDatabase(connection);
  const seeded = await seedDemo(connection.db);
  await connection.db.execute(sql.raw(`set role ${RUNTIME_LOGIN_ROLE}`));
  return { seeded };
}

/**
 * Refuses a runtime role that is a superuser, bypasses RLS or owns a table: any of these would let
 * a bug in a page read every patient's record.
 */
export async function assertSafeRuntimeRole(db: Database): Promise<void> {
  const [role] = await queryRows<{ name: string; superuser: boolean; bypassrls: boolean; owned: number }>(
    db,
    sql`select r.rolname as name, r.rolsuper as superuser, r.rolbypassrls as bypassrls,
          (select count(*)::int from pg_class c where c.relowner = r.oid and c.relkind in ('r', 'p', 'v', 'm', 'f')) as owned
        from pg_roles r where r.rolname = current_user`,
  );
  const problems = [
    role?.superuser && "is a superuser",
    role?.bypassrls && "has BYPASSRLS",
    (role?.owned ?? 0) > 0 && `owns ${role?.owned} table(s)`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new UnsafeRuntimeRoleError(
      `Refusing to start: the database role "${role?.name}" in DATABASE_URL ${problems.join(", ")}. ` +
        `Connect as the runtime roles "${RUNTIME_LOGIN_ROLE}" and "${SIGN_IN_LOGIN_ROLE}" (see README, "Using a PostgreSQL server").`,
    );
  }
}
