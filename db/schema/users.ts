import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { requiredRef, timestamptz, timestamptzNow, uuidKey } from "./columns";
import { staffRole, userKind } from "./enums";
import { careTeams, organisations } from "./organisations";

/** Everyone who signs in: staff and patients. Credentials are only read through SECURITY DEFINER functions. */
export const users = pgTable(
  "users",
  {
    id: uuidKey(),
    organisationId: requiredRef(() => organisations.id),
    kind: userKind().notNull(),
    email: text().notNull().unique(),
    displayName: text().notNull(),
    passwordHash: text(),
    /** Whether the account has a password yet (an invited account has none); readable where the hash is not. */
    hasPassword: boolean().generatedAlwaysAs(sql`password_hash is not null`),
    /** AES-GCM ciphertext of the TOTP secret; the key lives in the environment. */
    mfaSecretEnc: text(),
    mfaEnabledAt: timestamptz(),
    /** The last TOTP time step accepted, so a code is never accepted twice (RFC 6238, section 5.2). */
    mfaLastStep: integer(),
    failedSignIns: integer().notNull().default(0),
    lockedUntil: timestamptz(),
    deactivatedAt: timestamptz(),
    createdAt: timestamptzNow(),
    createdBy: uuid(),
    /** The language the person chose for the app (lib/i18n/locales.ts); null follows their browser. */
    locale: text(),
  },
  (t) => [index().on(t.organisationId, t.kind), check("users_locale", sql`${t.locale} in ('en', 'es', 'ca', 'nl')`)],
);

/**
 * Server-side sessions: the browser's cookie carries one row's secret token, of which only the hash
 * is kept; revoking the row ends the session.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuidKey(),
    userId: requiredRef(() => users.id),
    /** sha256 of the session's secret token (app.begin_session); a row without one names nobody. */
    tokenHash: text().unique(),
    createdAt: timestamptzNow(),
    lastSeenAt: timestamptzNow(),
    mfaVerifiedAt: timestamptz(),
    revokedAt: timestamptz(),
    userAgent: text(),
  },
  (t) => [index().on(t.userId)],
);

/** One-time links for activating an account or resetting a password; only the token's hash is kept. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuidKey(),
    userId: requiredRef(() => users.id),
    tokenHash: text().notNull().unique(),
    purpose: text({ enum: ["activate", "reset"] }).notNull(),
    expiresAt: timestamptz().notNull(),
    usedAt: timestamptz(),
    createdBy: uuid(),
    createdAt: timestamptzNow(),
  },
  (t) => [index().on(t.userId)],
);

export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: uuidKey(),
    userId: requiredRef(() => users.id),
    codeHash: text().notNull(),
    usedAt: timestamptz(),
  },
  (t) => [index().on(t.userId)],
);

/**
 * Failed sign-ins that belong to no account row: per source address (rate limit) and per unknown
 * email (so an address that has no account slows and locks exactly like one that has). Keys are
 * sha256 hashes, never the address or email itself. Only SECURITY DEFINER functions touch it.
 */
export const signInThrottles = pgTable("sign_in_throttles", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStartedAt: timestamptz().notNull(),
  lockedUntil: timestamptz(),
  updatedAt: timestamptz().notNull(),
});

/** One role a staff member holds in one organisation, optionally within a care team. */
export const staffMemberships = pgTable(
  "staff_memberships",
  {
    id: uuidKey(),
    userId: requiredRef(() => users.id),
    organisationId: requiredRef(() => organisations.id),
    careTeamId: uuid().references(() => careTeams.id),
    role: staffRole().notNull(),
    isTeamLead: boolean().notNull().default(false),
    createdAt: timestamptzNow(),
    createdBy: uuid(),
  },
  (t) => [
    index().on(t.userId, t.role),
    index().on(t.organisationId),
    index().on(t.careTeamId),
    unique("staff_memberships_unique_role").on(t.userId, t.organisationId, t.role, t.careTeamId).nullsNotDistinct(),
  ],
);

/**
 * A change to a staff account that takes two admins (db/sql/admin.sql): a clinical role, a
 * clinician's new one-time link, a clinician's second-factor reset. One admin asks; another admin
 * of the same organisation approves (which carries the change out) or refuses it. Nothing happens
 * until then, and the one who asked can never be the one who approves.
 */
export const staffChangeRequests = pgTable(
  "staff_change_requests",
  {
    id: uuidKey(),
    organisationId: requiredRef(() => organisations.id),
    kind: text({ enum: ["clinical_role", "admin_role", "care_team_move", "one_time_link", "mfa_reset"] }).notNull(),
    targetUserId: requiredRef(() => users.id),
    role: staffRole(),
    /** The care team a clinical role is given in, or moved to. */
    careTeamId: uuid().references(() => careTeams.id),
    /** The care team a clinical role is moved from. */
    fromCareTeamId: uuid().references(() => careTeams.id),
    status: text({ enum: ["pending", "approved", "refused"] })
      .notNull()
      .default("pending"),
    requestedBy: requiredRef(() => users.id),
    requestedAt: timestamptzNow(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamptz(),
  },
  (t) => [
    index().on(t.organisationId, t.status),
    index().on(t.targetUserId),
    index().on(t.careTeamId),
    index().on(t.fromCareTeamId),
    // What each kind of change names: a clinical role its team (and, moved, the team it leaves);
    // the admin role no team; a link or a second-factor reset neither role nor team.
    check(
      "staff_change_requests_role_check",
      sql`coalesce(case ${t.kind}
        when 'clinical_role' then ${t.role} <> 'admin' and ${t.careTeamId} is not null and ${t.fromCareTeamId} is null
        when 'care_team_move' then ${t.role} <> 'admin' and ${t.careTeamId} is not null and ${t.fromCareTeamId} is not null
          and ${t.fromCareTeamId} <> ${t.careTeamId}
        when 'admin_role' then ${t.role} = 'admin' and ${t.careTeamId} is null and ${t.fromCareTeamId} is null
        else ${t.role} is null and ${t.careTeamId} is null and ${t.fromCareTeamId} is null
      end, false)`,
    ),
    check(
      "staff_change_requests_decision_check",
      sql`(${t.status} = 'pending') = (${t.decidedBy} is null) and (${t.decidedBy} is null) = (${t.decidedAt} is null)`,
    ),
  ],
);
