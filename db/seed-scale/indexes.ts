/**
 * Bulk loading into tables without their secondary indexes, then building those once: a B-tree
 * built from sorted rows costs a fraction of tens of millions of inserts at random places in an
 * index larger than memory (the patient_id indexes of the answers and grades, at 20,000 patients).
 */
import type postgres from "postgres";

/** Memory for each index build; the default 64 MB makes a large build spill to disk in many runs. */
const BUILD_MEMORY = "512MB";
/** Index builds at once: one per core of a small server; each may use parallel workers too. */
const BUILDS_AT_ONCE = 2;

/**
 * Drops the indexes of `tables` that enforce nothing (not primary keys, not unique), and returns
 * the function that builds them again from their saved definitions.
 */
export async function dropSecondaryIndexes(sql: postgres.Sql, tables: readonly string[]): Promise<() => Promise<void>> {
  const indexes = await sql<{ name: string; definition: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    where i.indrelid = any (${tables}::regclass[]) and not i.indisunique and not i.indisprimary
    order by pg_relation_size(i.indrelid) desc, name`;
  for (const { name } of indexes) await sql.unsafe(`drop index ${name}`);
  return async () => {
    const queue = [...indexes];
    const builder = async () => {
      for (let index = queue.shift(); index; index = queue.shift()) {
        const { definition } = index;
        await sql.begin(async (tx) => {
          await tx.unsafe(`set local maintenance_work_mem = '${BUILD_MEMORY}'`);
          await tx.unsafe(definition);
        });
      }
    };
    await Promise.all(Array.from({ length: BUILDS_AT_ONCE }, builder));
  };
}
