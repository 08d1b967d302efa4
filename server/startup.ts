import { startAuditCheckpoints } from "@/server/audit/checkpoints";
import { getAppDatabase, UnsafeRuntimeRoleError } from "@/server/database";
import { log } from "@/server/log";
import { startNotificationWorker } from "@/server/notifications/start";

/**
 * Opens the database when the server starts, so that a runtime role that could read past
 * row-level security stops the server with a clear message instead of serving requests.
 */
export async function openDatabaseAtStartup(): Promise<void> {
  try {
    const { kind } = await getAppDatabase();
    log.info("database ready", { database: kind === "pglite" ? "embedded PGlite" : "PostgreSQL" });
    startAuditCheckpoints();
    startNotificationWorker();
  } catch (error) {
    if (error instanceof UnsafeRuntimeRoleError) {
      console.error(error.message);
      process.exit(1);
    }
    // Anything else (a server that is down) is reported per request as an error page.
    log.error("database not reachable at start-up", error);
  }
}
