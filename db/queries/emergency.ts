import "server-only";
/**
 * Emergency access ("break the glass"): a clinician of the patient's organisation opens a record
 * they have no consent for, giving a reason, for a limited time. The policies decide: the row must
 * name the caller, the patient must be in an organisation where they hold a clinical role, the
 * access may last at most 12 hours and the reason must have at least 10 characters. While it lasts
 * the consent functions treat the caller as consented for every category.
 *
 * Times come from the database's clock (now()), which is the clock the policies compare against.
 */
import { and, desc, eq, gt, lt, lte, sql } from "drizzle-orm";
import { refused } from "../../lib/errors";
import type { Tx } from "../client";
import { emergencyAccesses } from "../schema";
import { queryRows } from "../sql";
import { staffDisplayNames } from "./staff";

/** How long an emergency access may last, in hours; the policy allows up to 12. */
export const EMERGENCY_ACCESS_HOURS = [1, 2, 4, 8, 12] as const;
export const DEFAULT_EMERGENCY_ACCESS_HOURS = 4;
export const EMERGENCY_REASON_MIN = 10;
export const EMERGENCY_REASON_MAX = 500;

export type EmergencyAccessView = { id: string; reason: string; startedAt: Date; expiresAt: Date };

/**
 * Opens an emergency access for the caller. A patient outside the caller's clinical organisations
 * (or who does not exist) is "not found", so the attempt reveals nothing.
 */
export async function startEmergencyAccess(
  tx: Tx,
  p: { userId: string; patientId: string; reason: string; hours: number },
): Promise<EmergencyAccessView> {
  const [home] = await queryRows<{ ok: boolean }>(
    tx,
    sql`select app.patient_org_id(${p.patientId}::uuid) = any (app.clinical_org_ids()) as ok`,
  );
  if (!home?.ok) throw refused({ kind: "record_not_found" });
  const [row] = await tx
    .insert(emergencyAccesses)
    .values({
      userId: p.userId,
      patientId: p.patientId,
      reason: p.reason,
      startedAt: sql`now()`,
      expiresAt: sql`now() + make_interval(hours => ${p.hours})`,
    })
    .returning({
      id: emergencyAccesses.id,
      reason: emergencyAccesses.reason,
      startedAt: emergencyAccesses.startedAt,
      expiresAt: emergencyAccesses.expiresAt,
    });
  return row;
}

/** The caller's emergency access to this patient that is in force now, if any (the latest to expire). */
export async function findActiveEmergencyAccess(
  tx: Tx,
  p: { userId: string; patientId: string },
): Promise<EmergencyAccessView | null> {
  const [row] = await tx
    .select({
      id: emergencyAccesses.id,
      reason: emergencyAccesses.reason,
      startedAt: emergencyAccesses.startedAt,
      expiresAt: emergencyAccesses.expiresAt,
    })
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
  patientId: string;
  reason: string;
  startedAt: Date;
  expiresAt: Date;
  active: boolean;
};

/**
 * For an organisation's admins: every emergency access to its patients, newest first, keyset paged
 * by start time. The policy shows an admin exactly their organisations' accesses (and a clinician
 * only their own). Patients are named by record id only: admins read no demographics.
 */
export async function listEmergencyAccesses(
  tx: Tx,
  p: { limit: number; before?: Date | null },
): Promise<{ rows: EmergencyAccessListItem[]; checkedAt: Date }> {
  const limit = Math.min(Math.max(Math.trunc(p.limit) || 1, 1), 200);
  const [{ now }] = await queryRows<{ now: unknown }>(tx, sql`select now() as now`);
  const checkedAt = new Date(String(now instanceof Date ? now.toISOString() : now));
  const rows = await tx
    .select({
      id: emergencyAccesses.id,
      userId: emergencyAccesses.userId,
      patientId: emergencyAccesses.patientId,
      reason: emergencyAccesses.reason,
      startedAt: emergencyAccesses.startedAt,
      expiresAt: emergencyAccesses.expiresAt,
    })
    .from(emergencyAccesses)
    .where(p.before ? lt(emergencyAccesses.startedAt, p.before) : undefined)
    .orderBy(desc(emergencyAccesses.startedAt), desc(emergencyAccesses.id))
    .limit(limit);
  const names = await staffDisplayNames(
    tx,
    rows.map((r) => r.userId),
  );
  return {
    checkedAt,
    rows: rows.map(({ userId, ...r }) => ({
      ...r,
      clinician: { id: userId, name: names.get(userId) ?? "A member of staff" },
      active: r.startedAt <= checkedAt && r.expiresAt > checkedAt,
    })),
  };
}
