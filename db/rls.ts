import { type SQL, sql } from "drizzle-orm";
import { type Database, REQUEST_ROLE, SIGN_IN_LOGIN_ROLE, type Tx } from "./client";
import { queryRows } from "./sql";

/**
 * Who is asking. The database establishes it from a secret the request holds (db/sql/auth.sql) and
 * signs it for this transaction alone (db/sql/context.sql); no setting the app writes can name
 * anyone. At most one of `sessionToken`, `deviceToken`, `smartToken` and `userId`; none is
 * nobody.
 */
export type RlsContext = {
  /** A browser session's secret token (the cookie's): its account, while the session is open. */
  sessionToken?: string;
  /** A device's bearer token: its patient's account, while the token is active. */
  deviceToken?: string;
  /**
   * A SMART access token: an app's, its user's account, while the token and the app stand; a
   * backend service's, the service itself, while it stands.
   */
  smartToken?: string;
  /**
   * An account taken on trust, for the sign-in steps after the password and for tests: only a
   * connection of the sign-in role may. On the web app's connection the transaction fails.
   */
  userId?: string | null;
  /** The role the user acts in, recorded in the audit trail; policies derive rights from the database. */
  actingRole?: string | null;
  /**
   * The patient the request is about, once consent for them has been checked. It grants nothing:
   * the policies use it to answer for that patient once per statement instead of once per row
   * (app.patient_ids_at_hand in db/sql/consent.sql).
   */
  patientId?: string | null;
};

const SIGN_IN_ROLE = sql.raw(`select set_config('role', '${SIGN_IN_LOGIN_ROLE}', true)`);

/** What the first statement establishes: the session's id, the device token's id, or the user's. */
function identity(context: RlsContext): SQL {
  if (context.sessionToken !== undefined) return sql`app.begin_session(${context.sessionToken})`;
  if (context.deviceToken !== undefined) return sql`app.begin_device(${context.deviceToken})`;
  if (context.smartToken !== undefined) return sql`app.begin_smart(${context.smartToken})`;
  if (context.userId) return sql`app.assume_identity(${context.userId})`;
  return sql`null::uuid`;
}

/**
 * Runs `work` in a transaction as the request role, as the caller the context establishes, for the
 * row-level security policies. Everything set is transaction-local, so a pooled connection never
 * carries one user's identity into another's request. `established` is the session's (or device
 * token's) id when its token was good, null when it named nobody.
 */
export async function runWithRls<T>(
  db: Database,
  context: RlsContext,
  work: (tx: Tx, established: string | null) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    // On the sign-in role's own connection this changes nothing; on the embedded database, whose
    // one connection is the owner's, it takes the sign-in role's rights for the one call.
    if (context.userId) await tx.execute(SIGN_IN_ROLE);
    // One round trip: the identity, then set_config('role', ..., true), which is SET LOCAL ROLE with
    // the same membership check. The role comes last, so the call before it is made by the
    // connecting role, which alone may make it.
    const [row] = await queryRows<{ established: string | null }>(
      tx as Tx,
      sql`select ${identity(context)}::text as established, set_config('app.acting_role', ${context.actingRole ?? ""}, true), set_config('app.patient_id', ${context.patientId ?? ""}, true), set_config('role', ${REQUEST_ROLE}, true)`,
    );
    return work(tx as Tx, row?.established ?? null);
  });
}

/**
 * The sign-in steps before anyone is known, as the sign-in role itself: it may call the sign-in
 * functions (db/sql/auth.sql: credentials, failure counts, opening a session) and touch no table.
 * Once `app.open_session` has named the account, `actAsRequestRole` continues as that user.
 */
export async function runAsSignIn<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(SIGN_IN_ROLE);
    return work(tx as Tx);
  });
}

/** Within runAsSignIn, after the identity is established: the rest runs as the request role. */
export async function actAsRequestRole(tx: Tx, actingRole: string | null): Promise<void> {
  await tx.execute(
    sql`select set_config('app.acting_role', ${actingRole ?? ""}, true), set_config('role', ${REQUEST_ROLE}, true)`,
  );
}
