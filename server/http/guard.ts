import "server-only";
import type { Tx } from "@/db/client";
import { type AuditEvent, appendAuditEvent, appendAuditEvents } from "@/db/queries/audit";
import { findViewerConsent } from "@/db/queries/consent";
import type { AuditAction } from "@/lib/audit/actions";
import { readableCategories } from "@/lib/consent/evaluate";
import { AppError } from "@/lib/errors";
import { DATA_CATEGORIES, type DataCategory } from "@/lib/vocabulary";
import { actingRole, identityOf, type Role, type SessionUser } from "@/server/auth/session";
import { withRls } from "@/server/rls";

/** The patient data a request touches, checked against the patient's consent before anything else runs. */
export type ConsentNeed = { patientId: string; categories: readonly DataCategory[] };

export type GuardedContext<U extends SessionUser = SessionUser> = {
  tx: Tx;
  /** The principal, narrowed by the wrapper's role check (a PatientUser for `roles: ["patient"]`). */
  user: U;
  role: Role;
  /** Categories of the patient's record this user may read (all of them for the patient's own account). */
  readable: DataCategory[];
  /**
   * Records another audit event (this request's actor, role and organisation unless given). It is
   * written with the request's own event, in one insert in the same transaction, when the work has
   * finished; nothing is written if the work fails.
   */
  audit: (event: Pick<AuditEvent, "action"> & Partial<AuditEvent>) => void;
  /**
   * Adds what the work learned (e.g. the id it created) to this request's own audit event, or names
   * what it turned out to be (a change that waits for a second admin is `staff_change_requested`).
   */
  annotate: (event: Pick<Partial<AuditEvent>, "action" | "resourceType" | "resourceId" | "details">) => void;
};

export type GuardSpec<U extends SessionUser = SessionUser> = {
  user: U;
  allowedRoles?: readonly Role[];
  /** Recorded for this request whatever it does: e.g. `patient_record_viewed`, `alert_acknowledged`. */
  auditAction: AuditAction;
  resourceType?: string;
  resourceId?: string;
  consent?: ConsentNeed;
  /** Refuse unless every category in `consent` is readable (default); pages that show what they may, pass false. */
  requireAll?: boolean;
};

const ALL: DataCategory[] = [...DATA_CATEGORIES];

/**
 * Runs `work` for an already authenticated user: decides consent first (in TypeScript, from the
 * rules that name this user), then runs the work inside withRls where the policies enforce the
 * same rule again, and records the audit event in the same transaction. A refusal is recorded too,
 * and answered as "not found", so a record's existence is not revealed.
 */
export async function guarded<T, U extends SessionUser = SessionUser>(
  spec: GuardSpec<U>,
  work: (ctx: GuardedContext<U>) => Promise<T>,
): Promise<T> {
  const { user } = spec;
  const role = actingRole(user, spec.allowedRoles);
  const base: AuditEvent = {
    action: spec.auditAction,
    actorUserId: user.userId,
    actorRole: role,
    organisationId: user.organisationId,
    patientId: spec.consent?.patientId ?? null,
    resourceType: spec.resourceType ?? (spec.consent ? "patient" : null),
    resourceId: spec.resourceId ?? spec.consent?.patientId ?? null,
    outcome: "allowed",
  };
  const context = { ...identityOf(user), actingRole: role, patientId: spec.consent?.patientId ?? null };
  const outcome = await withRls(context, async (tx) => {
    let readable: DataCategory[] = ALL;
    if (spec.consent) {
      readable = await readableFor(tx, user, spec.consent.patientId);
      const needed = spec.consent.categories;
      const refused = spec.requireAll === false ? readable.length === 0 : needed.some((c) => !readable.includes(c));
      if (refused) {
        await appendAuditEvent(tx, { ...base, outcome: "denied", details: { categories: needed.join(",") } });
        return { refused: true as const };
      }
    }
    const events: AuditEvent[] = [];
    const audit: GuardedContext<U>["audit"] = (event) => {
      events.push({ ...base, ...event });
    };
    let own: AuditEvent = base;
    const annotate: GuardedContext<U>["annotate"] = (event) => {
      own = { ...own, ...event };
    };
    const value = await work({ tx, user, role, readable, audit, annotate });
    await appendAuditEvents(tx, [...events, own]);
    return { refused: false as const, value };
  });
  if (outcome.refused) throw new AppError("not_found");
  return outcome.value;
}

async function readableFor(tx: Tx, user: SessionUser, patientId: string): Promise<DataCategory[]> {
  if (user.patientId === patientId) return ALL;
  const facts = await findViewerConsent(tx, { patientId, userId: user.userId });
  if (!facts) return [];
  return readableCategories({
    viewer: { userId: user.userId, active: true, memberships: user.memberships, ownPatientId: user.patientId },
    patient: { id: patientId, organisationId: facts.organisationId },
    rules: facts.rules,
    emergencyAccesses: facts.emergencyAccesses,
    now: facts.checkedAt,
  });
}
