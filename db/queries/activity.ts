import "server-only";
/**
 * What admins read of the audit trail: staff and security events of their organisation (never page
 * views, never an event that names a patient), filtered and paged, and the changes made to one
 * account, team or the organisation's settings.
 */
import { and, desc, eq, ilike, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import {
  ACTIVITY_CATEGORIES,
  ACTIVITY_DETAIL_KEYS,
  type ActivityCategory,
  type ActivityChange,
  type ActivityRow,
} from "../../lib/audit/activity";
import { isUuid } from "../../lib/uuid";
import type { Tx } from "../client";
import { auditEvents, users } from "../schema";
import { escapeLike, staffNames } from "./staff";

/**
 * Staff and security events (and any later ones of the same families), never page views. Whatever
 * the action, only events that name no patient are read: row-level security allows admins nothing
 * else, and the query says so again.
 */
const SECURITY_ACTION =
  "^(sign_in|signed_|second_factor|mfa_|account_|password_|staff_|care_team_|organisation_settings|on_call_shift_)";

/** What every activity read takes from an audit event: what happened, when, to what outcome and by whom. */
const EVENT_COLUMNS = {
  id: auditEvents.id,
  occurredAt: auditEvents.occurredAt,
  action: auditEvents.action,
  outcome: auditEvents.outcome,
  actorUserId: auditEvents.actorUserId,
  details: auditEvents.details,
};

/** An event read with EVENT_COLUMNS as a change: its actor named from `names`, and only the details the view knows. */
function toChange(
  e: Pick<typeof auditEvents.$inferSelect, keyof typeof EVENT_COLUMNS>,
  names: Map<string, string>,
): ActivityChange {
  const details: ActivityChange["details"] = {};
  for (const key of ACTIVITY_DETAIL_KEYS) {
    const value = e.details?.[key];
    if (value !== undefined) details[key] = value;
  }
  // A settings change keeps each changed setting's value before and after (settings are not
  // clinical data): those of the settings it names, and no other key.
  if (e.action === "organisation_settings_changed" && typeof details.changed === "string")
    for (const setting of details.changed.split(","))
      for (const key of [`before.${setting}`, `after.${setting}`]) {
        const value = e.details?.[key];
        if (value !== undefined) details[key] = value;
      }
  return {
    id: Number(e.id),
    occurredAt: new Date(e.occurredAt).toISOString(),
    action: e.action,
    outcome: e.outcome,
    actorUserId: e.actorUserId,
    actorName: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null,
    details,
  };
}

export type ActivityFilter = {
  category: ActivityCategory | null;
  outcome: "allowed" | "denied" | null;
  /** Matches the actor's or the target account's name or email. */
  person: string;
  /** Inclusive dates (UTC), YYYY-MM-DD. */
  from: string | null;
  to: string | null;
  /** Keyset paging: events older than this id. */
  before: number | null;
  limit: number;
};

export type ListActivityParams = ActivityFilter & { organisationId: string };

export async function listActivity(
  tx: Tx,
  { organisationId, ...f }: ListActivityParams,
): Promise<{ rows: ActivityRow[]; older: number | null }> {
  const conditions: (SQL | undefined)[] = [
    eq(auditEvents.organisationId, organisationId),
    isNull(auditEvents.patientId),
    sql`${auditEvents.action} ~ ${SECURITY_ACTION}`,
    sql`${auditEvents.action} !~ '_viewed$'`,
  ];
  if (f.category) conditions.push(inArray(auditEvents.action, [...ACTIVITY_CATEGORIES[f.category].actions]));
  if (f.outcome) conditions.push(eq(auditEvents.outcome, f.outcome));
  if (f.from) conditions.push(sql`${auditEvents.occurredAt} >= ${f.from}::date`);
  if (f.to) conditions.push(sql`${auditEvents.occurredAt} < (${f.to}::date + 1)`);
  if (f.before !== null) conditions.push(lt(auditEvents.id, f.before));
  const term = f.person.trim();
  if (term) {
    const pattern = `%${escapeLike(term)}%`;
    const people = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.organisationId, organisationId),
          eq(users.kind, "staff"),
          or(ilike(users.displayName, pattern), ilike(users.email, pattern)),
        ),
      )
      .limit(200);
    const ids = people.map((p) => p.id);
    if (ids.length === 0) return { rows: [], older: null };
    conditions.push(
      or(
        inArray(auditEvents.actorUserId, ids),
        and(eq(auditEvents.resourceType, "user"), inArray(auditEvents.resourceId, ids)),
      ),
    );
  }
  const events = await tx
    .select({
      ...EVENT_COLUMNS,
      actorRole: auditEvents.actorRole,
      resourceType: auditEvents.resourceType,
      resourceId: auditEvents.resourceId,
    })
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(f.limit + 1);
  const page = events.slice(0, f.limit);
  const targetIds = page.map((e) =>
    e.resourceType === "user" && e.resourceId && isUuid(e.resourceId) ? e.resourceId : null,
  );
  const names = await staffNames(tx, {
    organisationId,
    ids: [...page.map((e) => e.actorUserId ?? ""), ...targetIds.map((id) => id ?? "")],
  });
  const rows = page.map(
    (e, i): ActivityRow => ({
      ...toChange(e, names),
      actorRole: e.actorRole,
      targetUserId: targetIds[i],
      targetName: targetIds[i] ? (names.get(targetIds[i] as string) ?? null) : null,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
    }),
  );
  return { rows, older: events.length > f.limit ? Number(page[page.length - 1].id) : null };
}

export type ChangesToParams = { organisationId: string; resource: { type: string; id: string }; limit?: number };

/** The newest staff or settings change events about one resource, with who made each. */
export async function changesTo(
  tx: Tx,
  { organisationId, resource, limit = 20 }: ChangesToParams,
): Promise<ActivityChange[]> {
  const events = await tx
    .select(EVENT_COLUMNS)
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.organisationId, organisationId),
        isNull(auditEvents.patientId),
        eq(auditEvents.resourceType, resource.type),
        eq(auditEvents.resourceId, resource.id),
        sql`${auditEvents.action} ~ ${SECURITY_ACTION}`,
        sql`${auditEvents.action} !~ '_viewed$'`,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limit);
  const names = await staffNames(tx, { organisationId, ids: events.map((e) => e.actorUserId ?? "") });
  return events.map((e) => toChange(e, names));
}
