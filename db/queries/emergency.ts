import "server-only";
/**
 * Emergency access ("break the glass"): a clinician of the patient's organisation opens a record
 * they have no consent for, giving a reason, for a limited time. The policies decide
 * (db/sql/emergency.sql): the row must name the caller, the patient must be in an organisation
 * where they hold a clinical role, the access starts at the database's now() and lasts at most
 * four hours (or the organisation's lower limit), the reason has at least 10 characters, and a
 * renewal (while the caller's last access to the patient is in force or within the hour after)
 * needs a new reason and is flagged. While it lasts the consent functions treat the caller as
 * consented for every category. The checks here only word a refusal before the database refuses.
 *
 * Times come from the database's clock (now()), which is the clock the policies compare against.
 */
import { and, desc, eq, gt, lte, sql } from "drizzle-orm";
import { EMERGENCY_RENEWAL_WINDOW_MINUTES, emergencyReasonKey } from "../../lib/consent/emergency-limits";
import { refused } from "../../lib/errors";
import type { Tx } from "../client";
import { emergencyAccesses } from "../schema";
import { queryRows } from "../sql";
import { staffDisplayNames } from "./staff";

export const EMERGENCY_REASON_MIN = 10;
export const EMERGENCY_REASON_MAX = 500;

export type EmergencyAccessView = { id: string; reason: string; startedAt: Date; expiresAt: Date; renewal: boolean };

/** The columns of an EmergencyAccessView. */
const ACCESS_COLUMNS = {
  id: emergencyAccesses.id,
  reason: emergencyAccesses.reason,
  startedAt: emergencyAccesses.startedAt,
  expiresAt: emergencyAccesses.expiresAt,
  renewal: emergencyAccesses.renewal,
};

/**
 * Opens an emergency access for the caller. A patient outside the caller's clinical organisations
 * (or who does not exist) is "not found", so the attempt reveals nothing. Longer than the
 * organisation allows, or a renewal that repeats the reason it renews, is refused with a sentence.
 */
export async function startEmergencyAccess(
  tx: Tx,
  p: { userId: string; patientId: string; reason: string; hours: number },
): Promise<EmergencyAccessView> {
  const [home] = await queryRows<{ ok: boolean; max_hours: number | null }>(
    tx,
    sql`select app.patient_org_id(${p.patientId}::uuid) = any (app.clinical_org_ids()) as ok,
               app.emergency_access_max_hours(${p.patientId}::uuid) as max_hours`,
  );
  if (!home?.ok || home.max_hours === null) throw refused({ kind: "record_not_found" });
  const maxHours = Number(home.max_hours);
  if (!Number.isInteger(p.hours) || p.hours < 1 || p.hours > maxHours) {
    throw refused({ kind: "emergency_access_too_long", maxHours });
  }
  // The caller's own accesses to this patient are readable to them: the ones this one would renew.
  const renewed = await tx
    .select({ reason: emergencyAccesses.reason })
    .from(emergencyAccesses)
    .where(
      and(
        eq(emergencyAccesses.userId, p.userId),
        eq(emergencyAccesses.patientId, p.patientId),
        lte(emergencyAccesses.startedAt, sql`now()`),
        gt(
          emergencyAccesses.expiresAt,
          sql`now() - make_interval(mins => ${EMERGENCY_RENEWAL_WINDOW_MINUTES}::integer)`,
        ),
      ),
    );
  const key = emergencyReasonKey(p.reason);
  if (renewed.some((r) => emergencyReasonKey(r.reason) === key)) throw refused({ kind: "emergency_reason_repeated" });
  const [row] = await tx
    .insert(emergencyAccesses)
    .values({
      userId: p.userId,
      patientId: p.patientId,
      reason: p.reason,
      startedAt: sql`now()`,
      expiresAt: sql`now() + make_interval(hours => ${p.hours}::integer)`,
    })
    .returning(ACCESS_COLUMNS);
  return row;
}

/** The caller's emergency access to this patient that is in force now, if any (the latest to expire). */
export async function findActiveEmergencyAccess(
  tx: Tx,
  p: { userId: string; patientId: string },
): Promise<EmergencyAccessView | null> {
  const [row] = await tx
    .select(ACCESS_COLUMNS)
    .from(emergencyAccesses)
    .where(
      and(
        eq(emergencyAccesses.userId, p.userId),
        eq(emergencyAccesses.patientId, p.patientId),
        lte(emergencyAccesses.startedAt, sql`now()`),
        gt(emergencyAccesses.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(emergencyAccesses.expiresAt))
    .limit(1);
  return row ?? null;
}

/** The patients the caller holds an emergency access to now, with when each ends. */
export async function activeEmergencyAccessesOf(tx: Tx, userId: string): Promise<Map<string, Date>> {
  const rows = await tx
    .select({ patientId: emergencyAccesses.patientId, expiresAt: emergencyAccesses.expiresAt })
    .from(emergencyAccesses)
    .where(
      and(
        eq(emergencyAccesses.userId, userId),
        lte(emergencyAccesses.startedAt, sql`now()`),
        gt(emergencyAccesses.expiresAt, sql`now()`),
      ),
    );
  const out = new Map<string, Date>();
  for (const r of rows)
    if (!out.has(r.patientId) || (out.get(r.patientId) as Date) < r.expiresAt) out.set(r.patientId, r.expiresAt);
  return out;
}

export type EmergencyAccessListItem = {
  id: string;
  clinician: { id: string; name: string };
  /** The record's hospital number: the one thing of the patient admins are given (db/sql/emergency.sql). */
  hospitalNumber: string;
  startedAt: Date;
  expiresAt: Date;
  renewal: boolean;
  active: boolean;
};

/**
 * For an organisation's admins: every emergency access to its patients, newest first, keyset paged
 * by start time, through app.organisation_emergency_accesses: who opened it, when, and whether it
 * renewed another, never the clinical reason (only the clinician and the patient read that).
 * Records are named by hospital number only: admins read no other demographics.
 */
export async function listEmergencyAccesses(
  tx: Tx,
  p: { limit: number; before?: Date | null },
): Promise<{ rows: EmergencyAccessListItem[]; checkedAt: Date }> {
  const limit = Math.min(Math.max(Math.trunc(p.limit) || 1, 1), 200);
  const [{ now }] = await queryRows<{ now: unknown }>(tx, sql`select now() as now`);
  const checkedAt = toDate(now);
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`select * from app.organisation_emergency_accesses(${p.before ? p.before.toISOString() : null}::timestamptz, ${limit}::integer)`,
  );
  const names = await staffDisplayNames(
    tx,
    rows.map((r) => r.user_id as string),
  );
  return {
    checkedAt,
    rows: rows.map((r) => {
      const startedAt = toDate(r.started_at);
      const expiresAt = toDate(r.expires_at);
      const userId = r.user_id as string;
      return {
        id: r.id as string,
        clinician: { id: userId, name: names.get(userId) ?? "A member of staff" },
        hospitalNumber: r.patient_ref as string,
        startedAt,
        expiresAt,
        renewal: Boolean(r.renewal),
        active: startedAt <= checkedAt && expiresAt > checkedAt,
      };
    }),
  };
}

const toDate = (value: unknown) => new Date(value instanceof Date ? value.toISOString() : String(value));
