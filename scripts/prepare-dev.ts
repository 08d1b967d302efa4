/**
 * Before `next dev`: with no DATABASE_URL, create, migrate and seed the embedded database under
 * .data/ on first start, then print where the app is and how to sign in.
 */
import { DEFAULT_PGLITE_DIR, openPglite } from "../db/client";
import { prepareEmbeddedDatabase } from "../server/database";
import { DEMO_PASSWORD, demoSignIns } from "../server/demo/seed";

async function main() {
  const port = process.env.PORT ?? "3000";
  if (process.env.DATABASE_URL) {
    console.log(`Using the PostgreSQL server in DATABASE_URL. The app will be at http://localhost:${port}`);
    return;
  }
  const dir = process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR;
  console.log(`Preparing the embedded database in ${dir} (the first start takes a minute)...`);
  const connection = await openPglite(dir);
  try {
    const { seeded } = await prepareEmbeddedDatabase(connection);
    if (seeded) console.log("Created the demo cancer centre.");
  } finally {
    await connection.close();
  }
  console.log(
    `\nSERUMS is starting at http://localhost:${port}\n\nDemo sign-ins (password for all: ${DEMO_PASSWORD}):`,
  );
  for (const s of demoSignIns()) console.log(`  ${s.email.padEnd(34)} ${s.who}`);
  console.log("");
}

main().catch((error) => {
  console.error(`Could not prepare the embedded database: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
