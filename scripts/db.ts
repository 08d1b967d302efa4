/**
 * `npm run db:migrate`, `npm run db:seed` and `npm run db:admin -- <email>`: run as the owner,
 * against DATABASE_ADMIN_URL when it is set and otherwise against the embedded database under
 * .data/. `db:admin` is the operator giving a staff account the admin role in its organisation:
 * how an organisation gets its first two admins, since in the app every role takes two
 * (db/sql/admin.sql).
 */
import { sql } from "drizzle-orm";
import { queryRows } from "../db/sql";
import { demoSignIns } from "../server/demo/seed";
import { seedDemo } from "../server/demo/seed-demo";
import { openMigratedAsOwner } from "./owner-connection";

async function main() {
  const [command, email] = process.argv.slice(2);
  if ((command !== "migrate" && command !== "seed" && command !== "admin") || (command === "admin") !== Boolean(email))
    throw new Error("usage: tsx --conditions=react-server scripts/db.ts migrate | seed | admin <email>");
  const connection = await openMigratedAsOwner();
  try {
    console.log(`Migrated the ${connection.kind === "pglite" ? "embedded" : "PostgreSQL"} database.`);
    if (command === "admin") {
      const [given] = await queryRows<{ name: string; organisation: string }>(
        connection.db,
        sql`with account as (
              select u.id, u.display_name, u.organisation_id from users u
              where lower(u.email) = lower(${email}) and u.kind = 'staff' and u.deactivated_at is null),
            granted as (
              insert into staff_memberships (user_id, organisation_id, role)
              select id, organisation_id, 'admin' from account
              on conflict on constraint staff_memberships_unique_role do nothing)
            select a.display_name as name, o.name as organisation
            from account a join organisations o on o.id = a.organisation_id`,
      );
      if (!given) throw new Error(`No active staff account has the email ${email}.`);
      console.log(`${given.name} is an admin of ${given.organisation}.`);
    }
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
