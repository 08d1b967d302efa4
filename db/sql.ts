import { type SQL, sql } from "drizzle-orm";
import type { Database, Tx } from "./client";

/** Runs raw SQL and returns its rows the same way on PGlite and postgres.js. */
export async function queryRows<T extends Record<string, unknown>>(db: Database | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** A timestamptz parameter. */
export const at = (date: Date): SQL => sql`${date.toISOString()}::timestamptz`;

/** A jsonb parameter: any JSON value, escaped by JSON.stringify rather than by hand. */
export const jsonb = (value: unknown): SQL => sql`${JSON.stringify(value)}::jsonb`;

/** A text[] parameter, passed as a JSON array so that no element needs array-literal quoting. */
export const textArray = (values: readonly string[]): SQL =>
  sql`array(select jsonb_array_elements_text(${jsonb(values)}))`;
