import "server-only";
/** The organisation's settings as its admins read and change them. */
import { eq } from "drizzle-orm";
import { type SettingChange, settingChanges } from "../../lib/admin/settings-changes";
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

export type UpdateOrganisationSettingsParams = { actor: Actor; settings: OrganisationSettings };

/**
 * Replaces the settings the admin pages manage, keeping any other keys (and, within
 * `notifications`, the ones the form does not edit, such as the escalation contacts); returns each
 * setting whose value in effect changed, with its value before and after (none: nothing is written).
 */
export async function updateOrganisationSettings(
  tx: Tx,
  { actor, settings: next }: UpdateOrganisationSettingsParams,
): Promise<SettingChange[]> {
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
  const changed = settingChanges(before, after);
  if (changed.length === 0) return [];
  await asAdminChange(
    tx.update(organisations).set({ settings: after }).where(eq(organisations.id, actor.organisationId)),
  );
  return changed;
}
