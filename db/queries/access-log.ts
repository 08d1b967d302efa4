import "server-only";
import { and, desc, eq, isNotNull, ne } from "drizzle-orm";
import type { Tx } from "../client";
import { auditEvents, emergencyAccesses } from "../schema";
import { staffDisplayNames } from "./staff";

export type AccessLogEntry = {
  id: number;
  at: Date;
  who: string;
  role: string | null;
  action: string;
  outcome: "allowed" | "denied";
};

export type EmergencyAccessEntry = {
  id: string;
  who: string;
  reason: string;
  startedAt: Date;
  expiresAt: Date;
  /** Opened again while the same clinician's access was in force or within the hour after it ended. */
  renewal: boolean;
};

/** Who has looked at or changed this patient's record, newest first, leaving out the patient's own use. */
export async function listAccessToPatient(
  tx: Tx,
  p: { patientId: string; ownUserId: string; limit: number; offset: number },
): Promise<AccessLogEntry[]> {
  const rows = await tx
    .select({
      id: auditEvents.id,
      at: auditEvents.occurredAt,
      actor: auditEvents.actorUserId,
      role: auditEvents.actorRole,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.patientId, p.patientId),
        isNotNull(auditEvents.actorUserId),
        ne(auditEvents.actorUserId, p.ownUserId),
      ),
    )
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(p.limit)
    .offset(p.offset);
  const names = await staffDisplayNames(tx, [...new Set(rows.map((r) => r.actor as string))]);
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    who: names.get(r.actor as string) ?? "A member of staff",
    role: r.role,
    action: r.action,
    outcome: r.outcome,
  }));
}

/** Every time someone opened this record without consent ("break the glass"), with their reason. */
export async function listEmergencyAccessToPatient(tx: Tx, patientId: string): Promise<EmergencyAccessEntry[]> {
  const rows = await tx
    .select({
      id: emergencyAccesses.id,
      userId: emergencyAccesses.userId,
      reason: emergencyAccesses.reason,
      startedAt: emergencyAccesses.startedAt,
      expiresAt: emergencyAccesses.expiresAt,
      renewal: emergencyAccesses.renewal,
    })
    .from(emergencyAccesses)
    .where(eq(emergencyAccesses.patientId, patientId))
    .orderBy(desc(emergencyAccesses.startedAt));
  const names = await staffDisplayNames(tx, [...new Set(rows.map((r) => r.userId))]);
  return rows.map(({ userId, ...r }) => ({ ...r, who: names.get(userId) ?? "A member of staff" }));
}
