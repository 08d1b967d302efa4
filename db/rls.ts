import { sql } from "drizzle-orm";
import { type Database, REQUEST_ROLE, type Tx } from "./client";

/** Who is asking. Set from a verified session or device token, never from request input. */
export type RlsContext = {
  userId: string | null;
  /** The role the user acts in, recorded in the audit trail; policies derive rights from the database. */
  actingRole?: string | null;
  /**
   * The patient the request is about, once consent for them has been checked. It grants nothing:
   * the policies use it to answer for that patient once per statement instead of once per row
   * (app.patient_ids_at_hand in db/sql/consent.sql).
   */
  patientId?: string | null;
};

/**
 * Runs `work` in a transaction as the request role with the caller's identity set for the
 * row-level security policies. Both settings are transaction-local, so a pooled connection never
 * carries one user's identity into another's request. A missing or empty user id matches no row.
 */
export async function runWithRls<T>(db: Database, context: RlsContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // One round trip: set_config('role', ..., true) is SET LOCAL ROLE, with the same membership
    // check. It comes last, so the settings before it are made by the connecting role.
    await tx.execute(
      sql`select set_config('app.user_id', ${context.userId ?? ""}, true), set_config('app.acting_role', ${context.actingRole ?? ""}, true), set_config('app.patient_id', ${context.patientId ?? ""}, true), set_config('role', ${REQUEST_ROLE}, true)`,
    );
    return work(tx as Tx);
  });
}
