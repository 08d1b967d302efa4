import "server-only";
/**
 * The organisation's care teams as its admins see and change them. A team with members is not
 * archived, and an archived team takes no new members.
 */
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { type DuplicateSubject, refused } from "../../lib/errors";
import type { StaffRole } from "../../lib/vocabulary";
import type { Tx } from "../client";
import { careTeams, staffMemberships, users } from "../schema";
import { type Actor, asAdminChange } from "./admin-guards";
import type { StaffStatus } from "./staff";

export type CareTeamItem = { id: string; name: string; archivedAt: string | null; members: number };

export type ListCareTeamsParams = { organisationId: string };

/** The organisation's care teams, active first, with how many people hold a role in each. */
export async function listCareTeams(tx: Tx, { organisationId }: ListCareTeamsParams): Promise<CareTeamItem[]> {
  const rows = await tx
    .select({
      id: careTeams.id,
      name: careTeams.name,
      archivedAt: careTeams.archivedAt,
      // Spelled out: drizzle leaves the columns of a selected field unqualified, and an unqualified
      // `id` here would be the membership's own, which no team's id equals.
      members: sql<number>`(select count(distinct m.user_id)::int from staff_memberships m
                             where m.care_team_id = ${sql.identifier("care_teams")}.id)`,
    })
    .from(careTeams)
    .where(eq(careTeams.organisationId, organisationId))
    .orderBy(sql`${careTeams.archivedAt} is not null`, asc(careTeams.name));
  return rows.map((r) => ({
    ...r,
    members: Number(r.members),
    archivedAt: r.archivedAt ? new Date(r.archivedAt).toISOString() : null,
  }));
}

export type CareTeamMember = {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: StaffRole;
  isTeamLead: boolean;
  status: StaffStatus;
};

export type FindCareTeamParams = { organisationId: string; teamId: string; at: Date };

export async function findCareTeam(tx: Tx, { organisationId, teamId, at }: FindCareTeamParams) {
  const [team] = await tx
    .select({
      id: careTeams.id,
      name: careTeams.name,
      archivedAt: careTeams.archivedAt,
      createdAt: careTeams.createdAt,
    })
    .from(careTeams)
    .where(and(eq(careTeams.id, teamId), eq(careTeams.organisationId, organisationId)));
  if (!team) return null;
  const members = await tx
    .select({
      membershipId: staffMemberships.id,
      userId: users.id,
      name: users.displayName,
      email: users.email,
      role: staffMemberships.role,
      isTeamLead: staffMemberships.isTeamLead,
      status: sql<StaffStatus>`case when ${users.deactivatedAt} is not null then 'deactivated'
        when ${users.lockedUntil} > ${at.toISOString()}::timestamptz then 'locked'
        when not ${users.hasPassword} then 'invited' else 'active' end`,
    })
    .from(staffMemberships)
    .innerJoin(users, eq(users.id, staffMemberships.userId))
    .where(and(eq(staffMemberships.careTeamId, teamId), eq(users.kind, "staff")))
    .orderBy(asc(users.displayName), asc(staffMemberships.role));
  return {
    id: team.id,
    name: team.name,
    archivedAt: team.archivedAt ? new Date(team.archivedAt).toISOString() : null,
    createdAt: new Date(team.createdAt).toISOString(),
    members: members as CareTeamMember[],
  };
}

const TEAM_NAME_TAKEN: DuplicateSubject = { of: "care_team_name" };

export type CreateCareTeamParams = { actor: Actor; name: string; now: Date };

export async function createCareTeam(tx: Tx, { actor, name, now }: CreateCareTeamParams): Promise<string> {
  const id: string = randomUUID();
  await asAdminChange(tx.insert(careTeams).values({ id, organisationId: actor.organisationId, name, createdAt: now }), {
    unique: TEAM_NAME_TAKEN,
  });
  return id;
}

async function requireTeam(tx: Tx, actor: Actor, teamId: string) {
  const [team] = await tx
    .select({ id: careTeams.id, name: careTeams.name, archivedAt: careTeams.archivedAt })
    .from(careTeams)
    .where(and(eq(careTeams.id, teamId), eq(careTeams.organisationId, actor.organisationId)))
    .for("update");
  if (!team) throw refused({ kind: "care_team_not_found" });
  return team;
}

export type RenameCareTeamParams = { actor: Actor; teamId: string; name: string };

export async function renameCareTeam(tx: Tx, { actor, teamId, name }: RenameCareTeamParams) {
  const team = await requireTeam(tx, actor, teamId);
  if (team.name === name) throw refused({ kind: "same_care_team_name" });
  await asAdminChange(tx.update(careTeams).set({ name }).where(eq(careTeams.id, teamId)), { unique: TEAM_NAME_TAKEN });
  return team;
}

export type ArchiveCareTeamParams = { actor: Actor; teamId: string; now: Date };

/** Archives a team that nobody holds a role in any more; it then takes no new members. */
export async function archiveCareTeam(tx: Tx, { actor, teamId, now }: ArchiveCareTeamParams) {
  const team = await requireTeam(tx, actor, teamId);
  if (team.archivedAt) throw refused({ kind: "care_team_already_archived", name: team.name });
  const [{ n }] = await tx.select({ n: count() }).from(staffMemberships).where(eq(staffMemberships.careTeamId, teamId));
  if (Number(n) > 0) {
    throw refused({ kind: "care_team_has_members", name: team.name, roles: Number(n) });
  }
  await asAdminChange(tx.update(careTeams).set({ archivedAt: now }).where(eq(careTeams.id, teamId)));
  return team;
}

export type RestoreCareTeamParams = { actor: Actor; teamId: string };

export async function restoreCareTeam(tx: Tx, { actor, teamId }: RestoreCareTeamParams) {
  const team = await requireTeam(tx, actor, teamId);
  if (!team.archivedAt) throw refused({ kind: "care_team_not_archived", name: team.name });
  await asAdminChange(tx.update(careTeams).set({ archivedAt: null }).where(eq(careTeams.id, teamId)));
  return team;
}
