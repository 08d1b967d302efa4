import "server-only";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { StaffRole } from "@/lib/vocabulary";
import type { Tx } from "../client";
import { organisations, patients, sessions, staffMemberships, users } from "../schema";
import { at, queryRows } from "../sql";
import { isLinkTokenShaped, newLinkToken } from "./auth";

export type SignInCredentials = {
  userId: string;
  organisationId: string;
  kind: "staff" | "patient";
  passwordHash: string | null;
  mfaEnabled: boolean;
  deactivated: boolean;
  lockedUntil: Date | null;
  failedSignIns: number;
};

/** Reads an account's credentials by email through the one SECURITY DEFINER function made for it. */
export async function findSignInCredentials(tx: Tx, email: string): Promise<SignInCredentials | null> {
  const [row] = await queryRows<Record<string, unknown>>(tx, sql`select * from app.sign_in_lookup(${email})`);
  if (!row) return null;
  return {
    userId: row.user_id as string,
    organisationId: row.organisation_id as string,
    kind: row.kind as "staff" | "patient",
    passwordHash: (row.password_hash as string | null) ?? null,
    mfaEnabled: Boolean(row.mfa_enabled),
    deactivated: Boolean(row.deactivated),
    lockedUntil: row.locked_until ? new Date(row.locked_until as string) : null,
    failedSignIns: Number(row.failed_sign_ins ?? 0),
  };
}

/**
 * A session's secret token, made like a one-time link's: 256 random bits, URL-safe. The browser's
 * cookie carries it; only its hash is stored.
 */
export const newSessionToken = newLinkToken;
export const isSessionTokenShaped = isLinkTokenShaped;

export type OpenSessionParams = { userId: string; token: string; userAgent: string | null; now: Date };

/**
 * The sign-in role, once the password is right: a new session for the account, named by `token`,
 * and the account is the caller for the rest of the transaction (app.open_session).
 */
export async function openSession(tx: Tx, p: OpenSessionParams): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`select app.open_session(${p.userId}::uuid, ${p.token}, ${p.userAgent}, ${at(p.now)}) as id`,
  );
  return row.id;
}

export type SessionPrincipal = {
  sessionId: string;
  userId: string;
  kind: "staff" | "patient";
  email: string;
  displayName: string;
  /** The language the person chose, or null to follow their browser. */
  locale: string | null;
  organisationId: string;
  organisationSettings: Record<string, unknown>;
  /** The organisation's default language, or null for English. */
  organisationLocale: string | null;
  deactivated: boolean;
  /** Whether the account has a second factor, and whether this session has passed it. */
  mfaEnabled: boolean;
  mfaVerifiedAt: Date | null;
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  memberships: { organisationId: string; careTeamId: string | null; role: StaffRole; isTeamLead: boolean }[];
  patientId: string | null;
};

type MembershipRow = SessionPrincipal["memberships"][number];

/**
 * What a principal is made of besides its account row, selected with `users`: its memberships as a
 * JSON array (read them with `membershipsOf`), and its patient record for a patient's account.
 */
export const accountRoleColumns = {
  memberships: sql<MembershipRow[] | string>`coalesce((
    select json_agg(json_build_object('organisationId', m.organisation_id, 'careTeamId', m.care_team_id,
      'role', m.role, 'isTeamLead', m.is_team_lead) order by m.organisation_id, m.care_team_id, m.role)
    from ${staffMemberships} m where m.user_id = ${users.id}), '[]')`,
  patientId: sql<string | null>`case when ${users.kind} = 'patient' then (
    select p.id from ${patients} p where p.user_id = ${users.id} limit 1) end`,
};

/** The memberships column as rows (PGlite answers JSON as text). */
export const membershipsOf = (memberships: MembershipRow[] | string): MembershipRow[] =>
  typeof memberships === "string" ? (JSON.parse(memberships) as MembershipRow[]) : memberships;

/**
 * The session row with its user, roles and organisation, as the signed-in user sees them: one
 * statement (the memberships as a JSON array, the patient record only for a patient's account),
 * as it runs before every page and action.
 */
export async function findSessionPrincipal(tx: Tx, sessionId: string): Promise<SessionPrincipal | null> {
  const [row] = await tx
    .select({
      sessionId: sessions.id,
      userId: users.id,
      kind: users.kind,
      email: users.email,
      displayName: users.displayName,
      locale: users.locale,
      organisationId: users.organisationId,
      organisationSettings: organisations.settings,
      organisationLocale: organisations.defaultLocale,
      deactivatedAt: users.deactivatedAt,
      mfaEnabledAt: users.mfaEnabledAt,
      mfaVerifiedAt: sessions.mfaVerifiedAt,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      revokedAt: sessions.revokedAt,
      ...accountRoleColumns,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(sessions.id, sessionId));
  if (!row) return null;
  const { deactivatedAt, mfaEnabledAt, memberships, ...rest } = row;
  return {
    ...rest,
    deactivated: deactivatedAt !== null,
    mfaEnabled: mfaEnabledAt !== null,
    organisationSettings: row.organisationSettings as Record<string, unknown>,
    memberships: membershipsOf(memberships),
  };
}

/** How often a session's `last_seen_at` is written: at most once a minute, to keep reads cheap. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

export type TouchSessionParams = { sessionId: string; now: Date };

/** Records activity; written at most once a minute per session (see SESSION_TOUCH_INTERVAL_MS). */
export async function touchSession(tx: Tx, { sessionId, now }: TouchSessionParams): Promise<void> {
  await tx
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(
      and(eq(sessions.id, sessionId), lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_TOUCH_INTERVAL_MS))),
    );
}

export type RevokeSessionParams = { sessionId: string; now: Date };

export async function revokeSession(tx: Tx, { sessionId, now }: RevokeSessionParams): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

export type MarkSessionVerifiedParams = { sessionId: string; now: Date };

/** The session has passed the second factor. */
export async function markSessionVerified(tx: Tx, { sessionId, now }: MarkSessionVerifiedParams): Promise<void> {
  await tx.update(sessions).set({ mfaVerifiedAt: now, lastSeenAt: now }).where(eq(sessions.id, sessionId));
}

export type RevokeUserSessionsParams = { userId: string; now: Date };

/** Sign out everywhere: ends every open session of the account. */
export async function revokeUserSessions(tx: Tx, { userId, now }: RevokeUserSessionsParams): Promise<number> {
  const ended = await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return ended.length;
}

export type SessionSummary = { id: string; createdAt: Date; lastSeenAt: Date; userAgent: string | null };

export type ListOpenSessionsParams = { userId: string; since: Date };

/** The account's sessions that have not been ended and were used since `since`. */
export async function listOpenSessions(tx: Tx, { userId, since }: ListOpenSessionsParams): Promise<SessionSummary[]> {
  return tx
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.lastSeenAt, since)))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(50);
}
