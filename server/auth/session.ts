import "server-only";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { cache } from "react";
import type { Database } from "@/db/client";
import { findSessionPrincipal, revokeSession, SESSION_TOUCH_INTERVAL_MS, touchSession } from "@/db/queries/sessions";
import { runWithRls } from "@/db/rls";
import { pendingExpired, sessionLimits, sessionState, signInStage } from "@/lib/auth/session-policy";
import type { Membership } from "@/lib/consent/evaluate";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";
import type { StaffRole } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { getDatabase } from "@/server/database";
import { authOptions } from "./options";

/** The signed-in user, as every page, action and route handler sees them. */
export type SessionUser = {
  userId: string;
  sessionId: string;
  kind: "staff" | "patient";
  displayName: string;
  organisationId: string;
  organisationSettings: Record<string, unknown>;
  roles: StaffRole[];
  memberships: Membership[];
  /** The user's own patient record, for patients. */
  patientId: string | null;
};

/** A browser that has passed the password and must now pass (or first set up) the second factor. */
export type PendingSignIn = {
  userId: string;
  sessionId: string;
  stage: "second_factor" | "enrol";
  kind: "staff" | "patient";
  email: string;
  displayName: string;
};

export type ResolvedSession =
  | { status: "signed_in"; user: SessionUser }
  | { status: "pending"; pending: PendingSignIn }
  | { status: "none" };

export type Role = StaffRole | "patient";

export function hasRole(user: SessionUser, roles: readonly Role[]): boolean {
  return roles.some((role) =>
    role === "patient" ? user.kind === "patient" && user.patientId !== null : user.roles.includes(role),
  );
}

export const isClinician = (user: SessionUser) => hasRole(user, ["oncologist", "nurse"]);

/**
 * Reads a session row with its account, roles and organisation as they are now. A revoked, idle or
 * expired session, a deactivated account, a removed role or a reset second factor all take effect
 * here, on the very next request. An idle or expired session is ended on the spot.
 */
export async function resolveSession(
  db: Database,
  userId: string,
  sessionId: string,
  at: Date,
): Promise<ResolvedSession> {
  if (!isUuid(userId) || !isUuid(sessionId)) return { status: "none" };
  return runWithRls(db, { userId }, async (tx): Promise<ResolvedSession> => {
    const principal = await findSessionPrincipal(tx, sessionId, userId);
    if (!principal || principal.deactivated) return { status: "none" };
    const state = sessionState(principal, sessionLimits(principal.organisationSettings), at);
    const stage = signInStage({ ...principal, settings: principal.organisationSettings });
    const stale =
      state === "idle" || state === "expired" || (stage !== "complete" && pendingExpired(principal.createdAt, at));
    if (state === "revoked" || stale) {
      if (stale) await revokeSession(tx, sessionId, at);
      return { status: "none" };
    }
    if (stage !== "complete") {
      const { kind, email, displayName } = principal;
      return { status: "pending", pending: { userId, sessionId, stage, kind, email, displayName } };
    }
    // The update would change nothing within the interval: skip its round trip.
    if (at.getTime() - principal.lastSeenAt.getTime() > SESSION_TOUCH_INTERVAL_MS)
      await touchSession(tx, sessionId, at);
    return {
      status: "signed_in",
      user: {
        userId: principal.userId,
        sessionId: principal.sessionId,
        kind: principal.kind,
        displayName: principal.displayName,
        organisationId: principal.organisationId,
        organisationSettings: principal.organisationSettings,
        roles: [...new Set(principal.memberships.map((m) => m.role))],
        memberships: principal.memberships.map(({ organisationId, careTeamId, role }) => ({
          organisationId,
          careTeamId,
          role,
        })),
        patientId: principal.patientId,
      },
    };
  });
}

/**
 * This request's session, read once per page render (React's cache does not span a route handler's
 * separate calls: a handler that needs both the pending and the signed-in case reads this once).
 */
export const currentSession = cache(async (): Promise<ResolvedSession> => {
  const session = (await getServerSession(authOptions)) as { uid?: string; sid?: string } | null;
  const { uid, sid } = session ?? {};
  if (!uid || !sid) return { status: "none" };
  return resolveSession(await getDatabase(), uid, sid, now());
});

/** The signed-in user (past every sign-in step), or null. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const current = await currentSession();
  return current.status === "signed_in" ? current.user : null;
});

/** The browser's sign-in that still waits for its second factor, or null. */
export async function getPendingSignIn(): Promise<PendingSignIn | null> {
  const current = await currentSession();
  return current.status === "pending" ? current.pending : null;
}

/** Where a browser half-way through signing in continues. */
export function pendingPath(pending: PendingSignIn): string {
  return pending.stage === "enrol" ? "/sign-in/enrol" : "/sign-in/verify";
}

/** For pages: the signed-in user with one of `roles`, or a redirect to sign in / a refusal. */
export async function requirePageSession(roles?: readonly Role[]): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) {
    const pending = await getPendingSignIn();
    redirect(pending ? pendingPath(pending) : "/sign-in");
  }
  if (roles && !hasRole(user, roles)) redirect("/forbidden");
  return user;
}

/** For actions and route handlers: the signed-in user with one of `roles`, or an AppError. */
export async function requireSession(roles?: readonly Role[]): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthenticated");
  if (roles && !hasRole(user, roles)) throw new AppError("forbidden");
  return user;
}

/** The role recorded in the audit trail for this user's action. */
export function actingRole(user: SessionUser, allowed?: readonly Role[]): Role {
  if (user.kind === "patient") return "patient";
  const candidates = (allowed ?? ["oncologist", "nurse", "admin"]).filter((r): r is StaffRole => r !== "patient");
  return candidates.find((r) => user.roles.includes(r)) ?? user.roles[0] ?? "admin";
}
