import "server-only";
/**
 * Changes that take two admins (the two-person rule, db/sql/admin.sql): any role (clinical or
 * admin), moving a clinical role to another care team, and the one-time link or second-factor reset
 * of an account that holds a role. One admin asks; another admin of the
 * organisation approves, which carries the change out, or refuses it. The database refuses the
 * change made any other way, and refuses the approval of the admin who asked.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { refused } from "../../lib/errors";
import type { StaffRole } from "../../lib/vocabulary";
import type { Tx } from "../client";
import { careTeams, staffChangeRequests, users } from "../schema";
import { queryRows } from "../sql";
import { type Actor, asAdminChange } from "./admin-guards";

export type StaffChangeKind = "clinical_role" | "admin_role" | "care_team_move" | "one_time_link" | "mfa_reset";

export type RequestStaffChangeParams = {
  actor: Actor;
  kind: StaffChangeKind;
  userId: string;
  role?: StaffRole;
  /** The care team a clinical role is given in or moved to. */
  careTeamId?: string | null;
  /** The care team a clinical role is moved from. */
  fromCareTeamId?: string | null;
};

/** Asks for a change; another admin must decide it. Asking again for the same change returns the same request. */
export async function requestStaffChange(
  tx: Tx,
  p: RequestStaffChangeParams,
  conflicts: Parameters<typeof asAdminChange>[1] = {},
): Promise<string> {
  const [row] = await asAdminChange(
    queryRows<{ id: string }>(
      tx,
      sql`select app.request_staff_change(${p.kind}, ${p.userId}::uuid, ${p.role ?? null}::staff_role,
            ${p.careTeamId ?? null}::uuid, ${p.fromCareTeamId ?? null}::uuid) as id`,
    ),
    conflicts,
  );
  return row.id;
}

/** Whether a change to the account's link or second factor needs a second admin (it holds a role). */
export async function needsSecondAdmin(tx: Tx, userId: string): Promise<boolean> {
  const [row] = await queryRows<{ needs: boolean }>(tx, sql`select app.needs_second_admin(${userId}::uuid) as needs`);
  return Boolean(row?.needs);
}

export type DecideStaffChangeParams = { actor: Actor; requestId: string; approve: boolean };

export type StaffChangeDecision = {
  kind: StaffChangeKind;
  userId: string;
  /** The one-time link emailed to the account, if the change sent one. */
  linkPurpose: "activate" | "reset" | null;
  /** Its path, only where the organisation shows links on screen. */
  linkPath: string | null;
};

/** Approves (and so carries out) or refuses another admin's request. */
export async function decideStaffChange(tx: Tx, p: DecideStaffChangeParams): Promise<StaffChangeDecision> {
  const [pending] = await tx
    .select({ id: staffChangeRequests.id })
    .from(staffChangeRequests)
    .where(
      and(
        eq(staffChangeRequests.id, p.requestId),
        eq(staffChangeRequests.organisationId, p.actor.organisationId),
        eq(staffChangeRequests.status, "pending"),
      ),
    );
  if (!pending) throw refused({ kind: "staff_change_not_found" });
  const [row] = await asAdminChange(
    queryRows<{ kind: StaffChangeKind; target_user_id: string; link_purpose: string | null; link_path: string | null }>(
      tx,
      sql`select * from app.decide_staff_change(${p.requestId}::uuid, ${p.approve}::boolean)`,
    ),
  );
  return {
    kind: row.kind,
    userId: row.target_user_id,
    linkPurpose: row.link_purpose === "activate" || row.link_purpose === "reset" ? row.link_purpose : null,
    linkPath: row.link_path,
  };
}

export type PendingStaffChange = {
  id: string;
  kind: StaffChangeKind;
  userId: string;
  userName: string;
  role: StaffRole | null;
  careTeamName: string | null;
  fromCareTeamName: string | null;
  requestedBy: string;
  requestedByName: string;
  requestedAt: Date;
};

const requester = alias(users, "requester");
const fromTeam = alias(careTeams, "from_team");

/** The organisation's undecided requests, oldest first; `userId` narrows them to one account. */
export async function listPendingStaffChanges(
  tx: Tx,
  p: { organisationId: string; userId?: string },
): Promise<PendingStaffChange[]> {
  const rows = await tx
    .select({
      id: staffChangeRequests.id,
      kind: staffChangeRequests.kind,
      userId: staffChangeRequests.targetUserId,
      userName: users.displayName,
      role: staffChangeRequests.role,
      careTeamName: careTeams.name,
      fromCareTeamName: fromTeam.name,
      requestedBy: staffChangeRequests.requestedBy,
      requestedByName: requester.displayName,
      requestedAt: staffChangeRequests.requestedAt,
    })
    .from(staffChangeRequests)
    .innerJoin(users, eq(users.id, staffChangeRequests.targetUserId))
    .innerJoin(requester, eq(requester.id, staffChangeRequests.requestedBy))
    .leftJoin(careTeams, eq(careTeams.id, staffChangeRequests.careTeamId))
    .leftJoin(fromTeam, eq(fromTeam.id, staffChangeRequests.fromCareTeamId))
    .where(
      and(
        eq(staffChangeRequests.organisationId, p.organisationId),
        eq(staffChangeRequests.status, "pending"),
        p.userId ? eq(staffChangeRequests.targetUserId, p.userId) : undefined,
      ),
    )
    .orderBy(asc(staffChangeRequests.requestedAt), asc(staffChangeRequests.id));
  return rows;
}
