import "server-only";
/**
 * A care team's on-call rota as the rota pages read and keep it: its shifts over a window, the
 * clinicians who can hold its bleep, and adding or removing a shift. Only a lead of the team or an
 * admin of its organisation changes it; each rule is checked here for a plain answer and again by
 * the database (db/sql/rota.sql), which also refuses overlapping shifts whoever writes them.
 */
import { and, asc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { refused } from "../../lib/errors";
import { shiftTimeProblems } from "../../lib/notifications/rota";
import type { Tx } from "../client";
import { careTeams, onCallShifts, staffMemberships, users } from "../schema";
import { queryRows } from "../sql";
import { pgFacts } from "./admin-guards";

export type RotaShift = {
  id: string;
  userId: string;
  name: string;
  position: 1 | 2;
  startsAt: Date;
  endsAt: Date;
};

export type RotaClinician = { userId: string; name: string; role: "oncologist" | "nurse"; isTeamLead: boolean };

export type RotaTeam = { id: string; name: string; archived: boolean };

export type ReadRotaParams = { organisationId: string; teamId: string; from: Date; to: Date };

export type Rota = {
  team: RotaTeam;
  /** Whether the caller may change it: a lead of the team or an admin of its organisation. */
  keptByCaller: boolean;
  /** Shifts that overlap the window, earliest first. */
  shifts: RotaShift[];
  /** The team's active nurses and oncologists, who can be put on call. */
  clinicians: RotaClinician[];
};

/** The team's rota over `from`–`to`, or null when the organisation has no such team. */
export async function readRota(tx: Tx, { organisationId, teamId, from, to }: ReadRotaParams): Promise<Rota | null> {
  const [team] = await tx
    .select({ id: careTeams.id, name: careTeams.name, archivedAt: careTeams.archivedAt })
    .from(careTeams)
    .where(and(eq(careTeams.id, teamId), eq(careTeams.organisationId, organisationId)));
  if (!team) return null;
  const [{ kept }] = await queryRows<{ kept: boolean }>(tx, sql`select app.keeps_rota_of(${teamId}::uuid) as kept`);
  const shifts = await tx
    .select({
      id: onCallShifts.id,
      userId: onCallShifts.userId,
      name: users.displayName,
      position: onCallShifts.position,
      startsAt: onCallShifts.startsAt,
      endsAt: onCallShifts.endsAt,
    })
    .from(onCallShifts)
    .innerJoin(users, eq(users.id, onCallShifts.userId))
    .where(and(eq(onCallShifts.careTeamId, teamId), lt(onCallShifts.startsAt, to), gt(onCallShifts.endsAt, from)))
    .orderBy(asc(onCallShifts.startsAt), asc(onCallShifts.position));
  const clinicians = await tx
    .select({
      userId: users.id,
      name: users.displayName,
      role: staffMemberships.role,
      isTeamLead: staffMemberships.isTeamLead,
    })
    .from(staffMemberships)
    .innerJoin(users, eq(users.id, staffMemberships.userId))
    .where(
      and(
        eq(staffMemberships.careTeamId, teamId),
        inArray(staffMemberships.role, ["oncologist", "nurse"]),
        sql`${users.deactivatedAt} is null`,
      ),
    )
    .orderBy(asc(users.displayName));
  return {
    team: { id: team.id, name: team.name, archived: team.archivedAt !== null },
    keptByCaller: Boolean(kept),
    shifts: shifts.map((s) => ({
      ...s,
      position: s.position === 2 ? 2 : 1,
      startsAt: new Date(s.startsAt),
      endsAt: new Date(s.endsAt),
    })),
    clinicians: clinicians.map((c) => ({ ...c, role: c.role === "oncologist" ? "oncologist" : "nurse" })),
  };
}

/** Whether the caller keeps the team's rota, or a refusal. */
async function requireKeeper(tx: Tx, organisationId: string, teamId: string) {
  const [team] = await tx
    .select({ id: careTeams.id })
    .from(careTeams)
    .where(and(eq(careTeams.id, teamId), eq(careTeams.organisationId, organisationId)));
  if (!team) throw refused({ kind: "care_team_not_found" });
  const [{ kept }] = await queryRows<{ kept: boolean }>(tx, sql`select app.keeps_rota_of(${teamId}::uuid) as kept`);
  if (!kept) throw refused({ kind: "rota_not_kept" });
}

export type AddShiftParams = {
  organisationId: string;
  teamId: string;
  userId: string;
  position: 1 | 2;
  startsAt: Date;
  endsAt: Date;
  now: Date;
};

/** Adds a shift to the team's rota; returns it, with the name of the person on call. */
export async function addShift(tx: Tx, p: AddShiftParams): Promise<RotaShift> {
  await requireKeeper(tx, p.organisationId, p.teamId);
  const problems = shiftTimeProblems(p, p.now);
  if (problems.length > 0) throw refused({ kind: "on_call_shift_invalid", problems });
  const [person] = await tx
    .select({ name: users.displayName })
    .from(staffMemberships)
    .innerJoin(users, eq(users.id, staffMemberships.userId))
    .where(
      and(
        eq(staffMemberships.careTeamId, p.teamId),
        eq(staffMemberships.userId, p.userId),
        inArray(staffMemberships.role, ["oncologist", "nurse"]),
        sql`${users.deactivatedAt} is null`,
      ),
    )
    .limit(1);
  if (!person) throw refused({ kind: "on_call_not_team_clinician" });
  await refuseOverlap(tx, p);
  try {
    // In a savepoint, so that the overlap found by the database can still be looked up and named.
    const [row] = await tx.transaction((sp) =>
      sp
        .insert(onCallShifts)
        .values({
          organisationId: p.organisationId,
          careTeamId: p.teamId,
          userId: p.userId,
          position: p.position,
          startsAt: p.startsAt,
          endsAt: p.endsAt,
        })
        .returning({ id: onCallShifts.id }),
    );
    return {
      id: row.id,
      userId: p.userId,
      name: person.name,
      position: p.position,
      startsAt: p.startsAt,
      endsAt: p.endsAt,
    };
  } catch (error) {
    const facts = pgFacts(error);
    // Another request added an overlapping shift a moment ago: say which.
    if (facts.constraint === "on_call_shift_overlaps" || facts.message.includes("on_call_shift_overlaps")) {
      await refuseOverlap(tx, p);
    }
    if (facts.code === "42501") throw refused({ kind: "rota_not_kept" });
    throw error;
  }
}

async function refuseOverlap(tx: Tx, p: AddShiftParams) {
  const [clash] = await tx
    .select({ name: users.displayName, startsAt: onCallShifts.startsAt, endsAt: onCallShifts.endsAt })
    .from(onCallShifts)
    .innerJoin(users, eq(users.id, onCallShifts.userId))
    .where(
      and(
        eq(onCallShifts.careTeamId, p.teamId),
        eq(onCallShifts.position, p.position),
        lt(onCallShifts.startsAt, p.endsAt),
        gt(onCallShifts.endsAt, p.startsAt),
      ),
    )
    .orderBy(asc(onCallShifts.startsAt))
    .limit(1);
  if (clash)
    throw refused({
      kind: "on_call_shift_overlaps",
      name: clash.name,
      position: p.position,
      from: new Date(clash.startsAt),
      to: new Date(clash.endsAt),
    });
}

export type RemoveShiftParams = { organisationId: string; teamId: string; shiftId: string };

/** Removes a shift that has not ended from the team's rota; returns what it was. */
export async function removeShift(tx: Tx, { organisationId, teamId, shiftId }: RemoveShiftParams): Promise<RotaShift> {
  await requireKeeper(tx, organisationId, teamId);
  const [row] = await tx
    .delete(onCallShifts)
    .where(and(eq(onCallShifts.id, shiftId), eq(onCallShifts.careTeamId, teamId)))
    .returning({
      id: onCallShifts.id,
      userId: onCallShifts.userId,
      position: onCallShifts.position,
      startsAt: onCallShifts.startsAt,
      endsAt: onCallShifts.endsAt,
    });
  if (!row) throw refused({ kind: "on_call_shift_not_found" });
  return {
    ...row,
    name: "",
    position: row.position === 2 ? 2 : 1,
    startsAt: new Date(row.startsAt),
    endsAt: new Date(row.endsAt),
  };
}
