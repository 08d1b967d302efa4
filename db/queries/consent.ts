import "server-only";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DataCategory } from "@/lib/vocabulary";
import type { ConsentRule, EmergencyAccess } from "../../lib/consent/evaluate";
import type { Tx } from "../client";
import { careTeams, consentRules } from "../schema";
import { queryRows } from "../sql";
import { staffDisplayNames } from "./staff";

export type ViewerConsent = {
  organisationId: string;
  rules: ConsentRule[];
  emergencyAccesses: EmergencyAccess[];
  /** The database's now(), which the row-level policies use too. */
  checkedAt: Date;
};

const toDate = (v: unknown) => (v == null ? null : new Date(v as string));

export type FindViewerConsentParams = { patientId: string; userId: string };

/**
 * The facts needed to decide whether the caller may read a patient's data: the patient's
 * organisation and only the rules and emergency accesses that name the caller. Null when the
 * patient does not exist (or there is no caller), so existence is not revealed.
 */
export async function findViewerConsent(
  tx: Tx,
  { patientId, userId }: FindViewerConsentParams,
): Promise<ViewerConsent | null> {
  const [row] = await queryRows<{ organisation_id: string; rules: unknown; emergency: unknown; checked_at: unknown }>(
    tx,
    sql`select * from app.viewer_consent(${patientId})`,
  );
  if (!row) return null;
  const parse = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as Record<string, unknown>[];
  return {
    organisationId: row.organisation_id,
    checkedAt: new Date(row.checked_at as string),
    rules: parse(row.rules).map((r) => ({
      patientId,
      granteeUserId: (r.granteeUserId as string | null) ?? null,
      granteeCareTeamId: (r.granteeCareTeamId as string | null) ?? null,
      effect: r.effect as "allow" | "deny",
      categories: r.categories as ConsentRule["categories"],
      validFrom: new Date(r.validFrom as string),
      validUntil: toDate(r.validUntil),
      revokedAt: toDate(r.revokedAt),
    })),
    emergencyAccesses: parse(row.emergency).map((e) => ({
      userId,
      patientId,
      startedAt: new Date(e.startedAt as string),
      expiresAt: new Date(e.expiresAt as string),
    })),
  };
}

export type ConsentRuleView = {
  id: string;
  effect: "allow" | "deny";
  grantee: { kind: "care_team" | "staff"; id: string; name: string };
  categories: string[];
  validFrom: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
};

/** A patient's consent rules with the names of whom they cover, newest first. */
export async function listConsentRules(tx: Tx, patientId: string): Promise<ConsentRuleView[]> {
  const rules = await tx
    .select()
    .from(consentRules)
    .where(eq(consentRules.patientId, patientId))
    .orderBy(desc(consentRules.createdAt));
  const teamIds = [...new Set(rules.flatMap((r) => (r.granteeCareTeamId ? [r.granteeCareTeamId] : [])))];
  const userIds = [...new Set(rules.flatMap((r) => (r.granteeUserId ? [r.granteeUserId] : [])))];
  const teams = teamIds.length
    ? await tx.select({ id: careTeams.id, name: careTeams.name }).from(careTeams).where(inArray(careTeams.id, teamIds))
    : [];
  const staffName = await staffDisplayNames(tx, userIds);
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  return rules.map((r) => ({
    id: r.id,
    effect: r.effect,
    grantee: r.granteeCareTeamId
      ? { kind: "care_team", id: r.granteeCareTeamId, name: teamName.get(r.granteeCareTeamId) ?? "A care team" }
      : {
          kind: "staff",
          id: r.granteeUserId as string,
          name: staffName.get(r.granteeUserId as string) ?? "A staff member",
        },
    categories: r.categories,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    revokedAt: r.revokedAt,
  }));
}

export type GranteeOption = { kind: "care_team" | "staff"; id: string; name: string; detail: string };

/** Care teams and clinicians of the patient's organisation that a rule may name. */
export async function listGranteeOptions(tx: Tx): Promise<GranteeOption[]> {
  const teams = await tx
    .select({ id: careTeams.id, name: careTeams.name })
    .from(careTeams)
    .where(isNull(careTeams.archivedAt))
    .orderBy(careTeams.name);
  const staff = await queryRows<{ user_id: string; display_name: string; roles: string }>(
    tx,
    sql`select * from app.clinician_directory()`,
  );
  return [
    ...teams.map((t) => ({ kind: "care_team" as const, id: t.id, name: t.name, detail: "care team" })),
    ...staff.map((s) => ({ kind: "staff" as const, id: s.user_id, name: s.display_name, detail: s.roles })),
  ];
}

export type NewConsentRule = {
  patientId: string;
  grantee: { kind: "care_team" | "staff"; id: string };
  effect: "allow" | "deny";
  categories: DataCategory[];
  validUntil: Date | null;
  createdBy: string;
  now: Date;
};

/** Records a patient's new rule; it applies from the next query on. */
export async function addConsentRule(tx: Tx, p: NewConsentRule): Promise<string> {
  const [row] = await tx
    .insert(consentRules)
    .values({
      patientId: p.patientId,
      granteeCareTeamId: p.grantee.kind === "care_team" ? p.grantee.id : null,
      granteeUserId: p.grantee.kind === "staff" ? p.grantee.id : null,
      effect: p.effect,
      categories: p.categories,
      validFrom: p.now,
      validUntil: p.validUntil,
      createdBy: p.createdBy,
    })
    .returning({ id: consentRules.id });
  return row.id;
}

/** Withdraws a rule. Returns false when there was no such active rule of this patient's. */
export async function revokeConsentRule(tx: Tx, p: { patientId: string; ruleId: string; now: Date }): Promise<boolean> {
  const rows = await tx
    .update(consentRules)
    .set({ revokedAt: p.now })
    .where(and(eq(consentRules.id, p.ruleId), eq(consentRules.patientId, p.patientId), isNull(consentRules.revokedAt)))
    .returning({ id: consentRules.id });
  return rows.length === 1;
}
