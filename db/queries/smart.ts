import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { StaffRole } from "@/lib/vocabulary";
import type { Tx } from "../client";
import { organisations, smartClients, users } from "../schema";
import { queryRows } from "../sql";
import { accountRoleColumns, membershipsOf } from "./sessions";

/** The account a SMART app's token established (app.begin_smart), as a session's principal reads. */
export type AccountPrincipal = {
  userId: string;
  kind: "staff" | "patient";
  displayName: string;
  organisationId: string;
  organisationSettings: Record<string, unknown>;
  memberships: { organisationId: string; careTeamId: string | null; role: StaffRole }[];
  patientId: string | null;
};

/** The caller's own account with its roles and patient record: one statement, under RLS. */
export async function findAccountPrincipal(tx: Tx, userId: string): Promise<AccountPrincipal | null> {
  const [row] = await tx
    .select({
      userId: users.id,
      kind: users.kind,
      displayName: users.displayName,
      organisationId: users.organisationId,
      organisationSettings: organisations.settings,
      ...accountRoleColumns,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.id, userId), isNull(users.deactivatedAt)));
  if (!row) return null;
  return {
    ...row,
    organisationSettings: row.organisationSettings as Record<string, unknown>,
    memberships: membershipsOf(row.memberships).map(({ organisationId, careTeamId, role }) => ({
      organisationId,
      careTeamId,
      role,
    })),
  };
}

/** The backend service a client-credentials token established (app.begin_backend). */
export type BackendPrincipal = {
  accountId: string;
  clientId: string;
  name: string;
  organisationId: string;
  organisationSettings: Record<string, unknown>;
  careTeamIds: string[];
};

/** The calling backend service and its organisation's settings, or null when the token named none. */
export async function findBackendPrincipal(tx: Tx, accountId: string): Promise<BackendPrincipal | null> {
  const [row] = await queryRows<{
    client_id: string;
    name: string;
    organisation_id: string;
    care_team_ids: string[] | string;
    settings: unknown;
  }>(
    tx,
    sql`select b.client_id, b.name, b.organisation_id, b.care_team_ids, o.settings
        from app.backend_self() b join organisations o on o.id = b.organisation_id`,
  );
  if (!row) return null;
  return {
    accountId,
    clientId: row.client_id,
    name: row.name,
    organisationId: row.organisation_id,
    organisationSettings: (typeof row.settings === "string" ? JSON.parse(row.settings) : row.settings) as Record<
      string,
      unknown
    >,
    careTeamIds: uuidArray(row.care_team_ids),
  };
}

/** A uuid[] as PGlite may return it, "{a,b}". */
function uuidArray(value: string[] | string): string[] {
  return typeof value === "string"
    ? value
        .replace(/^\{|\}$/g, "")
        .split(",")
        .filter(Boolean)
    : value;
}

export type SmartClientView = {
  id: string;
  /** 'app' (SMART App Launch, for a user) or 'backend' (SMART Backend Services, for nobody). */
  kind: string;
  name: string;
  redirectUris: string[];
  /** A backend service's care teams, by name. */
  careTeams: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const VIEW = {
  id: smartClients.id,
  kind: smartClients.kind,
  name: smartClients.name,
  redirectUris: smartClients.redirectUris,
  careTeams: sql<string[]>`coalesce(array(select t.name from care_teams t
    where t.id = any (${smartClients.careTeamIds}) order by t.name), '{}')`,
  createdAt: smartClients.createdAt,
  lastUsedAt: smartClients.lastUsedAt,
  revokedAt: smartClients.revokedAt,
};

/** The organisation's registered apps and backend services, newest first, revoked ones included. */
export async function listSmartClients(tx: Tx, p: { organisationId: string }): Promise<SmartClientView[]> {
  const rows = await tx
    .select(VIEW)
    .from(smartClients)
    .where(eq(smartClients.organisationId, p.organisationId))
    .orderBy(desc(smartClients.createdAt), smartClients.id);
  return rows.map((r) => ({ ...r, careTeams: textArray(r.careTeams) }));
}

/** A text[] as PGlite may return it from an expression, "{a,\"b c\"}". */
function textArray(value: string[] | string): string[] {
  if (typeof value !== "string") return value;
  return [...value.replace(/^\{|\}$/g, "").matchAll(/"((?:[^"\\]|\\.)*)"|([^,]+)/g)].map((m) =>
    m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2],
  );
}

export type RegisterSmartClientParams = {
  id: string;
  organisationId: string;
  name: string;
  redirectUris: string[];
  by: string;
  now: Date;
};

/** Registers an app: the admin's organisation's, recorded as theirs (the policy checks both). */
export async function registerSmartClient(tx: Tx, p: RegisterSmartClientParams): Promise<SmartClientView> {
  const [row] = await tx
    .insert(smartClients)
    .values({
      id: p.id,
      organisationId: p.organisationId,
      name: p.name,
      redirectUris: p.redirectUris,
      createdBy: p.by,
      createdAt: p.now,
    })
    .returning(VIEW);
  return row;
}

export type RegisterBackendClientParams = {
  id: string;
  organisationId: string;
  name: string;
  jwks: { keys: Record<string, string | undefined>[] };
  careTeamIds: string[];
  by: string;
  now: Date;
};

/**
 * Registers a backend service for the admin's organisation, reading for `careTeamIds`: the policy
 * checks the organisation, the admin and that every team is the organisation's.
 */
export async function registerBackendClient(tx: Tx, p: RegisterBackendClientParams): Promise<{ id: string }> {
  const [row] = await tx
    .insert(smartClients)
    .values({
      id: p.id,
      kind: "backend",
      organisationId: p.organisationId,
      name: p.name,
      redirectUris: [],
      jwks: p.jwks,
      careTeamIds: p.careTeamIds,
      createdBy: p.by,
      createdAt: p.now,
    })
    .returning({ id: smartClients.id });
  return row;
}

/** Revokes an app at once: its tokens stop working on their next use. False when there is no such active app. */
export async function revokeSmartClient(tx: Tx, p: { clientId: string; now: Date }): Promise<boolean> {
  const rows = await tx
    .update(smartClients)
    .set({ revokedAt: p.now })
    .where(and(eq(smartClients.id, p.clientId), isNull(smartClients.revokedAt)))
    .returning({ id: smartClients.id });
  return rows.length > 0;
}

/**
 * The worker's periodic sweep (as nobody): OAuth records that expired more than a day ago. They are
 * unusable already (app.oauth_find); this frees their space. Returns how many went.
 */
export async function sweepExpiredOAuthRecords(tx: Tx): Promise<number> {
  const [row] = await queryRows<{ gone: number }>(tx, sql`select app.oauth_sweep_expired() as gone`);
  return Number(row?.gone ?? 0);
}
