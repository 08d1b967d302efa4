import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { Connection } from "./client";

const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/**
 * Applies every pending migration. Runs as the owner (DATABASE_ADMIN_URL, or PGlite's superuser),
 * never as the runtime role. Concurrent callers on one server are serialised by an advisory lock.
 */
export async function migrateDatabase(connection: Connection): Promise<void> {
  const { db } = connection;
  if (connection.kind === "pglite") {
    await migratePglite(db as never, { migrationsFolder });
    return;
  }
  await db.execute(sql`select pg_advisory_lock(7263001)`);
  try {
    await migratePostgres(db as never, { migrationsFolder });
  } finally {
    await db.execute(sql`select pg_advisory_unlock(7263001)`);
  }
}
