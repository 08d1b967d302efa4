import "server-only";
/** The organisation's settings as its admins read and change them. */
import { eq } from "drizzle-orm";
import { refused } from "../../lib/errors";
import type { Tx } from "../client";
import { type OrganisationSettings, organisations } from "../schema";
import { type Actor, asAdminChange } from "./admin-guards";

export type ReadOrganisationParams = { organisationId: string };

export async function readOrganisation(tx: Tx, { organisationId }: ReadOrganisationParams) {
  const [org] = await tx
    .select({ id: organisations.id, name: organisations.name, settings: organisations.settings })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!org) throw refused({ kind: "organisation_not_found" });
  return { ...org, settings: (org.settings ?? {}) as OrganisationSettings };
}

/** Settings made of settings, whose changes are named one by one. */
const NESTED = new Set(["triage", "notifications"]);

/**
 * Names of the settings that differ between two versions, e.g. `idleTimeoutMinutes`,
 * `triage.redGrade`, `notifications.workdayStartHour`.
 */
export function changedSettings(before: OrganisationSettings, after: OrganisationSettings): string[] {
  const changed: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of [...keys].sort()) {
    const a = (before as Record<string, unknown>)[key];
    const b = (after as Record<string, unknown>)[key];
    if (NESTED.has(key)) {
      const ta = (a ?? {}) as Record<string, unknown>;
      const tb = (b ?? {}) as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(ta), ...Object.keys(tb)])].sort()) {
        if (JSON.stringify(ta[k]) !== JSON.stringify(tb[k])) changed.push(`${key}.${k}`);
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      changed.push(key);
    }
  }
  return changed;
}

export type UpdateOrganisationSettingsParams = { actor: Actor; settings: OrganisationSettings };

/**
 * Replaces the settings the admin pages manage, keeping any other keys (and, within
 * `notifications`, the ones the form does not edit, such as the escalation contacts); returns what
 * changed.
 */
export async function updateOrganisationSettings(
  tx: Tx,
  { actor, settings: next }: UpdateOrganisationSettingsParams,
): Promise<string[]> {
  const [current] = await tx
    .select({ settings: organisations.settings })
    .from(organisations)
    .where(eq(organisations.id, actor.organisationId))
    .for("update");
  if (!current) throw refused({ kind: "organisation_not_found" });
  const before = (current.settings ?? {}) as OrganisationSettings;
  const after: OrganisationSettings = { ...before, ...next };
  if (next.notifications) after.notifications = { ...before.notifications, ...next.notifications };
  for (const [key, value] of Object.entries(after))
    if (value === undefined) delete (after as Record<string, unknown>)[key];
  const changed = changedSettings(before, after);
  if (changed.length === 0) return [];
  await asAdminChange(
    tx.update(organisations).set({ settings: after }).where(eq(organisations.id, actor.organisationId)),
  );
  return changed;
}
