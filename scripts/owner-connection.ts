import { type Connection, connectPostgres, DEFAULT_PGLITE_DIR, openPglite } from "../db/client";
import { migrateDatabase } from "../db/migrate";

/**
 * The owner's connection for a maintenance script, migrated: DATABASE_ADMIN_URL when it is set,
 * otherwise the embedded database under PGLITE_DIR (by default .data/).
 */
export async function openMigratedAsOwner(): Promise<Connection> {
  const adminUrl = process.env.DATABASE_ADMIN_URL;
  const connection = adminUrl
    ? connectPostgres(adminUrl, { max: 1 })
    : await openPglite(process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR);
  try {
    await migrateDatabase(connection);
  } catch (error) {
    await connection.close();
    throw error;
  }
  return connection;
}
