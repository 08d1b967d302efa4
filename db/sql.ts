import type { SQL } from "drizzle-orm";
import type { Database, Tx } from "./client";

/** Runs raw SQL and returns its rows the same way on PGlite and postgres.js. */
export async function queryRows<T extends Record<string, unknown>>(db: Database | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
