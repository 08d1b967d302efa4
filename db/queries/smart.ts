import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { StaffRole } from "@/lib/vocabulary";
import type { Tx } from "../client";
import { organisations, smartClients, users } from "../schema";
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

export type SmartClientView = {
  id: string;
  name: string;
  redirectUris: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const VIEW = {
  id: smartClients.id,
  name: smartClients.name,
  redirectUris: smartClients.redirectUris,
  createdAt: smartClients.createdAt,
  lastUsedAt: smartClients.lastUsedAt,
  revokedAt: smartClients.revokedAt,
};

/** The organisation's registered apps, newest first, revoked ones included. */
export async function listSmartClients(tx: Tx, p: { organisationId: string }): Promise<SmartClientView[]> {
  return tx
    .select(VIEW)
    .from(smartClients)
    .where(eq(smartClients.organisationId, p.organisationId))
    .orderBy(desc(smartClients.createdAt), smartClients.id);
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

/** Revokes an app at once: its tokens stop working on their next use. False when there is no such active app. */
export async function revokeSmartClient(tx: Tx, p: { clientId: string; now: Date }): Promise<boolean> {
  const rows = await tx
    .update(smartClients)
    .set({ revokedAt: p.now })
    .where(and(eq(smartClients.id, p.clientId), isNull(smartClients.revokedAt)))
    .returning({ id: smartClients.id });
  return rows.length > 0;
}
