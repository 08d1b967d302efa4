import "server-only";
import type { Tx } from "@/db/client";
import { type AuditEvent, appendAuditEvent, appendAuditEvents } from "@/db/queries/audit";
import { findViewerConsent } from "@/db/queries/consent";
import type { AuditAction } from "@/lib/audit/actions";
import { readableCategories, serviceReadableCategories } from "@/lib/consent/evaluate";
import { AppError } from "@/lib/errors";
import { DATA_CATEGORIES, type DataCategory } from "@/lib/vocabulary";
import { actingRole, identityOf, type Role, type SessionUser } from "@/server/auth/session";
import { withRls } from "@/server/rls";

/** The patient data a request touches, checked against the patient's consent before anything else runs. */
export type ConsentNeed = { patientId: string; categories: readonly DataCategory[] };

/**
 * For a request that names a record rather than its patient (a FHIR read by id): `locate` finds the
 * record's patient under RLS, first thing in the request's transaction, so it sees only what the
 * policies let the caller see; then consent is decided for that patient as for a ConsentNeed. A
 * record it cannot find is refused as "not found", like a refused consent.
 */
export type LocatedConsentNeed = { locate: (tx: Tx) => Promise<string | null>; categories: readonly DataCategory[] };

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
  consent?: ConsentNeed | LocatedConsentNeed;
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
  const { user, consent } = spec;
  const role = actingRole(user, spec.allowedRoles);
  const named = consent && "patientId" in consent ? consent.patientId : null;
  const eventFor = (patientId: string | null): AuditEvent => ({
    action: spec.auditAction,
    actorUserId: user.userId,
    actorRole: role,
    organisationId: user.organisationId,
    patientId,
    resourceType: spec.resourceType ?? (patientId ? "patient" : null),
    resourceId: spec.resourceId ?? patientId,
    outcome: "allowed",
    // An app acting for the user is named, so the patient reads which app it was.
    ...(user.app && { details: { app: user.app.name, client: user.app.clientId } }),
  });
  const context = { ...identityOf(user), actingRole: role, patientId: named };
  const outcome = await withRls(context, async (tx) => {
    let readable: DataCategory[] = ALL;
    let base = eventFor(named);
    if (consent) {
      const needed = consent.categories;
      const patientId = "patientId" in consent ? consent.patientId : await consent.locate(tx);
      if (patientId !== null) base = eventFor(patientId);
      readable = patientId === null ? [] : await readableFor(tx, user, patientId);
      const refused = spec.requireAll === false ? readable.length === 0 : needed.some((c) => !readable.includes(c));
      if (refused) {
        // A patient's refused request for another patient's record is recorded without naming that
        // patient: their account may write events about no patient but their own.
        const foreign = (user.kind === "patient" || user.kind === "device") && patientId !== user.patientId;
        const event = foreign ? { ...base, patientId: null, resourceId: null } : base;
        await appendAuditEvent(tx, {
          ...event,
          outcome: "denied",
          details: { ...event.details, categories: needed.join(",") },
        });
        return { refused: true as const };
      }
    }
    const events: AuditEvent[] = [];
    const audit: GuardedContext<U>["audit"] = (event) => {
      events.push({ ...base, ...event });
    };
    let own: AuditEvent = base;
    const annotate: GuardedContext<U>["annotate"] = (event) => {
      own = {
        ...own,
        ...event,
        details: own.details && event.details ? { ...own.details, ...event.details } : (event.details ?? own.details),
      };
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
  if (user.kind === "system") {
    return serviceReadableCategories({
      service: { organisationId: user.organisationId, careTeamIds: user.careTeamIds },
      patient: { id: patientId, organisationId: facts.organisationId },
      rules: facts.rules,
      now: facts.checkedAt,
    });
  }
  return readableCategories({
    viewer: { userId: user.userId, active: true, memberships: user.memberships, ownPatientId: user.patientId },
    patient: { id: patientId, organisationId: facts.organisationId },
    rules: facts.rules,
    emergencyAccesses: facts.emergencyAccesses,
    now: facts.checkedAt,
  });
}
