import "server-only";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { cache } from "react";
import type { Database } from "@/db/client";
import {
  findSessionPrincipal,
  isSessionTokenShaped,
  revokeSession,
  SESSION_TOUCH_INTERVAL_MS,
  touchSession,
} from "@/db/queries/sessions";
import { type RlsContext, runWithRls } from "@/db/rls";
import { pendingExpired, sessionLimits, sessionState, signInStage } from "@/lib/auth/session-policy";
import type { Membership } from "@/lib/consent/evaluate";
import { AppError } from "@/lib/errors";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { CLINICAL_ROLES, STAFF_ROLES, type StaffRole } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { getDatabase } from "@/server/database";
import { authOptions } from "./options";

/** What every principal carries: who, in which organisation, under which settings. */
type PrincipalBase = {
  userId: string;
  /** The browser session's id; `device:<token id>` for a device, `smart:<grant id>` for an app. */
  sessionId: string;
  displayName: string;
  /** The language the person chose for the app; absent or null follows their browser. */
  locale?: Locale | null;
  organisationId: string;
  organisationSettings: Record<string, unknown>;
  /** The organisation's default language; absent or null is English. */
  organisationLocale?: Locale | null;
  /** Staff roles, from the memberships; always empty for a patient or device. */
  roles: StaffRole[];
  memberships: Membership[];
  /** The SMART app acting for the user with an access token (server/smart/authenticate.ts). */
  app?: SmartApp;
};

/** A SMART app that acts for a user: which one, and the scopes the user granted it. */
export type SmartApp = { clientId: string; name: string; scopes: string[] };

/** A member of staff, signed in through the browser; what they may do follows from `roles`. */
export type StaffUser = PrincipalBase & { kind: "staff"; patientId: null };

/** A patient signed in through the browser, with their own patient record. */
export type PatientUser = PrincipalBase & {
  kind: "patient";
  /** The user's own patient record. */
  patientId: string;
};

/**
 * A patient account whose patient record is not there (not yet linked, or removed): signed in, but
 * it holds no role, so every page, action and route refuses it.
 */
export type UnlinkedPatientUser = PrincipalBase & { kind: "patient"; patientId: null };

/** A patient's app or home device, acting as that patient with a bearer token (server/auth/device.ts). */
export type DeviceUser = PrincipalBase & { kind: "device"; patientId: string; tokenId: string };

/**
 * A backend service of the organisation (SMART Backend Services, server/smart/authenticate.ts),
 * with a client-credentials token: nobody's account. `userId` is the service's own identity in the
 * database and the audit trail; it reads the patients of `careTeamIds` as their consent allows those
 * teams, holds the one role "system", and writes nothing.
 */
export type SystemUser = PrincipalBase & {
  kind: "system";
  patientId: null;
  careTeamIds: string[];
  app: SmartApp;
};

/** The signed-in principal, as every page, action and route handler sees it. */
export type SessionUser = StaffUser | PatientUser | UnlinkedPatientUser | DeviceUser | SystemUser;

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

/** A staff role, a patient's own, or a backend service's ("system", which only the FHIR API admits). */
export type Role = StaffRole | "patient" | "system";

/** Who may act as a patient: the patient in the browser, or their device. */
export type PatientPrincipal = PatientUser | DeviceUser;

/**
 * The principal a role check lets through: a list of staff roles gives a StaffUser, `["patient"]`
 * a PatientUser or DeviceUser (whose `patientId` is a string), a mixed list either.
 */
export type PrincipalFor<R extends readonly Role[]> =
  | ("patient" extends R[number]
      ? [Exclude<R[number], "patient" | "system">] extends [never]
        ? PatientPrincipal
        : StaffUser | PatientPrincipal
      : [Exclude<R[number], "system">] extends [never]
        ? never
        : StaffUser)
  | ("system" extends R[number] ? SystemUser : never);

/** True, and `user` narrowed to what the roles admit, when the user holds one of `roles`. */
export function hasRole<const R extends readonly Role[]>(user: SessionUser, roles: R): user is PrincipalFor<R> {
  return roles.some((role) =>
    role === "patient"
      ? user.kind === "device" || (user.kind === "patient" && user.patientId !== null)
      : role === "system"
        ? user.kind === "system"
        : user.kind === "staff" && user.roles.includes(role),
  );
}

export const isClinician = (user: SessionUser): user is StaffUser => hasRole(user, CLINICAL_ROLES);

/**
 * What proves to the database who a principal is (db/rls.ts): the secret its session or device
 * presented. Kept beside the principal, never on it, so a principal handed to a page or a client
 * component carries no secret.
 */
const proofs = new WeakMap<SessionUser | PendingSignIn, RlsContext>();

/** The identity to run a principal's queries under: its session's or device's token. */
export function identityOf(principal: SessionUser | PendingSignIn): RlsContext {
  const proof = proofs.get(principal);
  // A principal not made by resolveSession or authenticateDevice is nobody.
  if (!proof) throw new AppError("unauthenticated");
  return proof;
}

/** Records what proves `principal` (for resolveSession and server/auth/device.ts). */
export function withProof<P extends SessionUser | PendingSignIn>(principal: P, proof: RlsContext): P {
  proofs.set(principal, proof);
  return principal;
}

/**
 * Reads the session whose secret token the browser holds, with its account, roles and organisation
 * as they are now. A revoked, idle or expired session, a deactivated account, a removed role or a
 * reset second factor all take effect here, on the very next request. An idle or expired session
 * is ended on the spot.
 */
export async function resolveSession(db: Database, sessionToken: string, at: Date): Promise<ResolvedSession> {
  const proof = { sessionToken };
  return runWithRls(db, proof, async (tx, sessionId): Promise<ResolvedSession> => {
    const principal = sessionId ? await findSessionPrincipal(tx, sessionId) : null;
    if (!principal || principal.deactivated) return { status: "none" };
    const state = sessionState(principal, sessionLimits(principal.organisationSettings), at);
    const stage = signInStage({ ...principal, settings: principal.organisationSettings });
    const stale =
      state === "idle" || state === "expired" || (stage !== "complete" && pendingExpired(principal.createdAt, at));
    if (state === "revoked" || stale) {
      if (stale) await revokeSession(tx, { sessionId: principal.sessionId, now: at });
      return { status: "none" };
    }
    const { userId, kind, email, displayName } = principal;
    if (stage !== "complete") {
      const pending = { userId, sessionId: principal.sessionId, stage, kind, email, displayName };
      return { status: "pending", pending: withProof(pending, proof) };
    }
    // The update would change nothing within the interval: skip its round trip.
    if (at.getTime() - principal.lastSeenAt.getTime() > SESSION_TOUCH_INTERVAL_MS)
      await touchSession(tx, { sessionId: principal.sessionId, now: at });
    const base: PrincipalBase = {
      userId,
      sessionId: principal.sessionId,
      displayName,
      locale: isLocale(principal.locale) ? principal.locale : null,
      organisationId: principal.organisationId,
      organisationSettings: principal.organisationSettings,
      organisationLocale: isLocale(principal.organisationLocale) ? principal.organisationLocale : null,
      roles: [...new Set(principal.memberships.map((m) => m.role))],
      memberships: principal.memberships.map(({ organisationId, careTeamId, role }) => ({
        organisationId,
        careTeamId,
        role,
      })),
    };
    const user: SessionUser =
      principal.kind === "staff"
        ? { ...base, kind: "staff", patientId: null }
        : { ...base, kind: "patient", patientId: principal.patientId };
    return { status: "signed_in", user: withProof(user, proof) };
  });
}

/**
 * This request's session, read once per page render (React's cache does not span a route handler's
 * separate calls: a handler that needs both the pending and the signed-in case reads this once).
 */
export const currentSession = cache(async (): Promise<ResolvedSession> => {
  const session = (await getServerSession(authOptions)) as { stk?: string } | null;
  if (!isSessionTokenShaped(session?.stk)) return { status: "none" };
  return resolveSession(await getDatabase(), session.stk, now());
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

/**
 * For the pages of the second step of signing in: the browser's pending sign-in at `stage`, or a
 * redirect to where it belongs (its start page when signed in, the other step, or the sign-in page).
 */
export async function requirePendingSignIn(stage: PendingSignIn["stage"]): Promise<PendingSignIn> {
  if (await getSessionUser()) redirect("/");
  const pending = await getPendingSignIn();
  if (!pending) redirect("/sign-in");
  if (pending.stage !== stage) redirect(pendingPath(pending));
  return pending;
}

/** For pages: the signed-in user with one of `roles`, or a redirect to sign in / a refusal. */
export async function requirePageSession(): Promise<SessionUser>;
export async function requirePageSession<const R extends readonly Role[]>(roles: R): Promise<PrincipalFor<R>>;
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
export async function requireSession(): Promise<SessionUser>;
export async function requireSession<const R extends readonly Role[]>(roles: R): Promise<PrincipalFor<R>>;
export async function requireSession(roles?: readonly Role[]): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthenticated");
  if (roles && !hasRole(user, roles)) throw new AppError("forbidden");
  return user;
}

/** The role recorded in the audit trail for this user's action. */
export function actingRole(user: SessionUser, allowed?: readonly Role[]): Role {
  if (user.kind === "system") return "system";
  if (user.kind !== "staff") return "patient";
  const candidates = (allowed ?? STAFF_ROLES).filter((r): r is StaffRole => r !== "patient" && r !== "system");
  return candidates.find((r) => user.roles.includes(r)) ?? user.roles[0] ?? "admin";
}
