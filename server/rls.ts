import type { Tx } from "@/db/client";
import { type RlsContext, runWithRls } from "@/db/rls";
import { getDatabase } from "./database";

/** The only way request code reaches the database: `withRls(context, tx => ...)` on the app's database. */
export async function withRls<T>(
  context: RlsContext,
  work: (tx: Tx, established: string | null) => Promise<T>,
): Promise<T> {
  return runWithRls(await getDatabase(), context, work);
}
