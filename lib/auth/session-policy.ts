/** How long a signed-in browser stays signed in. Organisation settings may shorten or lengthen it. */
export const DEFAULT_IDLE_TIMEOUT_MINUTES = 30;
export const DEFAULT_ABSOLUTE_TIMEOUT_HOURS = 12;

export type SessionTimes = { createdAt: Date; lastSeenAt: Date; revokedAt: Date | null };
export type SessionLimits = { idleTimeoutMinutes: number; absoluteTimeoutHours: number };
export type SessionState = "active" | "idle" | "expired" | "revoked";

/** Whether a session may still be used at `now`: revoked, idle too long, past its lifetime, or active. */
export function sessionState(session: SessionTimes, limits: SessionLimits, now: Date): SessionState {
  if (session.revokedAt) return "revoked";
  if (now.getTime() >= session.createdAt.getTime() + limits.absoluteTimeoutHours * 3_600_000) return "expired";
  if (now.getTime() >= session.lastSeenAt.getTime() + limits.idleTimeoutMinutes * 60_000) return "idle";
  return "active";
}

export function sessionLimits(settings: { idleTimeoutMinutes?: number; absoluteTimeoutHours?: number }): SessionLimits {
  return {
    idleTimeoutMinutes: settings.idleTimeoutMinutes ?? DEFAULT_IDLE_TIMEOUT_MINUTES,
    absoluteTimeoutHours: settings.absoluteTimeoutHours ?? DEFAULT_ABSOLUTE_TIMEOUT_HOURS,
  };
}

/** A session that has passed the password but not yet the second factor lives this long. */
export const PENDING_SECOND_FACTOR_MINUTES = 10;

/**
 * How far a session is through signing in. Staff must have a second factor unless their
 * organisation's `mfaRequiredForStaff` setting is false (it is true when unset); patients may
 * choose one. Whoever has one enabled passes it in every new session. Decided on every request,
 * so switching the setting on or resetting someone's second factor applies at once.
 */
export type SignInStage = "complete" | "second_factor" | "enrol";

export function signInStage(p: {
  kind: "staff" | "patient";
  mfaEnabled: boolean;
  mfaVerifiedAt: Date | null;
  settings: { mfaRequiredForStaff?: unknown };
}): SignInStage {
  if (p.mfaVerifiedAt) return "complete";
  if (p.mfaEnabled) return "second_factor";
  if (p.kind === "staff" && p.settings.mfaRequiredForStaff !== false) return "enrol";
  return "complete";
}

/** Whether a session still waiting for its second factor has waited too long. */
export function pendingExpired(createdAt: Date, now: Date): boolean {
  return now.getTime() >= createdAt.getTime() + PENDING_SECOND_FACTOR_MINUTES * 60_000;
}
