/** Runs once when the server starts. Node-only work is imported only in the Node.js runtime. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { openDatabaseAtStartup } = await import("./server/startup");
    await openDatabaseAtStartup();
  }
}
