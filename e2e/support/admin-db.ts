/**
 * The Borders Cancer Unit (scripts/seed-staff.ts) in the e2e PostgreSQL database: an organisation
 * of its own with 240+ staff, so the admin tests can page through, filter and deactivate without
 * touching the demo centre other tests count. Seeded once per database, as the owner.
 */
import { sql } from "drizzle-orm";
import { connectPostgres } from "../../db/client";
import { BORDERS_NURSE, seedStaffDirectory } from "../../scripts/seed-staff";
import { E2E_OWNER_URL } from "./database";

/** Seeds the unit if it is not there (both workers may ask at once: an advisory lock orders them). */
export async function ensureBordersUnit(): Promise<void> {
  const connection = connectPostgres(E2E_OWNER_URL, { max: 1 });
  try {
    await connection.db.execute(sql`select pg_advisory_lock(7263202)`);
    await seedStaffDirectory(connection.db);
    // The deactivation test's nurse starts every run active.
    await connection.db.execute(sql`update users set deactivated_at = null where id = ${BORDERS_NURSE.id}`);
    await connection.db.execute(sql`select pg_advisory_unlock(7263202)`);
  } finally {
    await connection.close();
  }
}

/** Audit events naming an account, oldest first, as the owner sees them. */
export async function auditTrailOf(userId: string): Promise<{ action: string; actor: string | null }[]> {
  const connection = connectPostgres(E2E_OWNER_URL, { max: 1 });
  try {
    const rows = (await connection.db.execute(
      sql`select action, actor_user_id as actor from audit_events where resource_id = ${userId} order by id`,
    )) as unknown as { action: string; actor: string | null }[];
    return [...rows];
  } finally {
    await connection.close();
  }
}

/**
 * The path of the newest one-time link emailed to an account, read from the notifications outbox
 * as the owner (the e2e server sends no mail; the request role cannot read it); null if none.
 */
export async function linkEmailedTo(userId: string): Promise<string | null> {
  const connection = connectPostgres(E2E_OWNER_URL, { max: 1 });
  try {
    const rows = (await connection.db.execute(
      sql`select link_path from notifications where recipient_user_id = ${userId} and kind = 'account_link'
          order by created_at desc limit 1`,
    )) as unknown as { link_path: string | null }[];
    return rows[0]?.link_path ?? null;
  } finally {
    await connection.close();
  }
}
