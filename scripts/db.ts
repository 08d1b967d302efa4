/**
 * `npm run db:migrate` and `npm run db:seed`: run as the owner, against DATABASE_ADMIN_URL when it
 * is set and otherwise against the embedded database under .data/.
 */
import { demoSignIns } from "../server/demo/seed";
import { seedDemo } from "../server/demo/seed-demo";
import { openMigratedAsOwner } from "./owner-connection";

async function main() {
  const command = process.argv[2];
  if (command !== "migrate" && command !== "seed")
    throw new Error("usage: tsx --conditions=react-server scripts/db.ts migrate|seed");
  const connection = await openMigratedAsOwner();
  try {
    console.log(`Migrated the ${connection.kind === "pglite" ? "embedded" : "PostgreSQL"} database.`);
    if (command === "seed") {
      const seeded = await seedDemo(connection.db);
      console.log(seeded ? "Seeded the demo cancer centre." : "Demo data already present; nothing changed.");
      if (seeded) for (const s of demoSignIns()) console.log(`  ${s.email.padEnd(34)} ${s.who}`);
    }
  } finally {
    await connection.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
