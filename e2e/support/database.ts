import type { SQL } from "drizzle-orm";
import { connectPostgres } from "../../db/client";

/**
 * The PostgreSQL database the browser tests run against (scripts/e2e-server.sh recreates, migrates
 * and seeds it), as its owner: tests that need an account or a staff list of their own arrange it
 * here, directly, without disturbing the demo data other tests rely on.
 */
const server = (process.env.E2E_PG_URL ?? "postgres://postgres@127.0.0.1:5432").replace(/\/$/, "");

export const E2E_OWNER_URL = `${server}/${process.env.E2E_DATABASE ?? "serums_e2e"}`;

/** Runs one statement as the owner, on a connection of its own, and returns its rows. */
export async function ownerQuery<T>(statement: SQL): Promise<T[]> {
  const connection = connectPostgres(E2E_OWNER_URL, { max: 1 });
  try {
    return [...((await connection.db.execute(statement)) as unknown as T[])];
  } finally {
    await connection.close();
  }
}
