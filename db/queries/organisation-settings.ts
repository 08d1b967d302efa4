import "server-only";
/** The organisation's settings as its admins read and change them. */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { type SettingChange, settingChanges } from "../../lib/admin/settings-changes";
import { refused } from "../../lib/errors";
import { DEFAULT_LOCALE, isLocale, type Locale } from "../../lib/i18n/locales";
import type { Tx } from "../client";
import { careTeams, type OrganisationSettings, organisations, staffMemberships, users } from "../schema";
import { type Actor, asAdminChange } from "./admin-guards";

export type ReadOrganisationParams = { organisationId: string };

export async function readOrganisation(tx: Tx, { organisationId }: ReadOrganisationParams) {
  const [org] = await tx
    .select({
      id: organisations.id,
      name: organisations.name,
      settings: organisations.settings,
      defaultLocale: organisations.defaultLocale,
    })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!org) throw refused({ kind: "organisation_not_found" });
  return {
    ...org,
    settings: (org.settings ?? {}) as OrganisationSettings,
    defaultLocale: isLocale(org.defaultLocale) ? org.defaultLocale : DEFAULT_LOCALE,
  };
}

export type SetDefaultLocaleParams = { actor: Actor; locale: Locale };

/**
 * Sets the language of the organisation's people who chose none and whose browser asks for none
 * the app speaks; returns the change with its value before and after (none when it was already so).
 */
export async function setDefaultLocale(tx: Tx, { actor, locale }: SetDefaultLocaleParams): Promise<SettingChange[]> {
  const [current] = await tx
    .select({ defaultLocale: organisations.defaultLocale })
    .from(organisations)
    .where(eq(organisations.id, actor.organisationId))
    .for("update");
  if (!current) throw refused({ kind: "organisation_not_found" });
  const before = isLocale(current.defaultLocale) ? current.defaultLocale : DEFAULT_LOCALE;
  if (before === locale) return [];
  await asAdminChange(
    tx.update(organisations).set({ defaultLocale: locale }).where(eq(organisations.id, actor.organisationId)),
  );
  return [{ key: "defaultLocale", before, after: locale }];
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

export type OrganisationClinician = { userId: string; name: string; roles: string[]; teams: string[] };

export type ListOrganisationCliniciansParams = { organisationId: string };

/**
 * The organisation's active nurses and oncologists, each once with their roles and teams: whom an
 * admin may name as an escalation contact (the ladder calls only clinicians).
 */
export async function listOrganisationClinicians(
  tx: Tx,
  { organisationId }: ListOrganisationCliniciansParams,
): Promise<OrganisationClinician[]> {
  const rows = await tx
    .select({
      userId: users.id,
      name: users.displayName,
      role: staffMemberships.role,
      team: careTeams.name,
    })
    .from(staffMemberships)
    .innerJoin(users, eq(users.id, staffMemberships.userId))
    .leftJoin(careTeams, eq(careTeams.id, staffMemberships.careTeamId))
    .where(
      and(
        eq(staffMemberships.organisationId, organisationId),
        inArray(staffMemberships.role, ["oncologist", "nurse"]),
        isNull(users.deactivatedAt),
      ),
    )
    .orderBy(asc(users.displayName), asc(users.id));
  const byUser = new Map<string, OrganisationClinician>();
  for (const r of rows) {
    const entry = byUser.get(r.userId) ?? { userId: r.userId, name: r.name, roles: [], teams: [] };
    if (!entry.roles.includes(r.role)) entry.roles.push(r.role);
    if (r.team && !entry.teams.includes(r.team)) entry.teams.push(r.team);
    byUser.set(r.userId, entry);
  }
  return [...byUser.values()];
}

export type SetEscalationContactsParams = { actor: Actor; contactIds: string[] };

/**
 * Names the organisation's escalation contacts, each an active clinician of it (else a refusal on
 * the field); returns the settings changed, with their values before and after.
 */
export async function setEscalationContacts(
  tx: Tx,
  { actor, contactIds }: SetEscalationContactsParams,
): Promise<SettingChange[]> {
  const allowed = new Set(
    (await listOrganisationClinicians(tx, { organisationId: actor.organisationId })).map((c) => c.userId),
  );
  if (contactIds.some((id) => !allowed.has(id))) throw refused({ kind: "escalation_contact_not_clinician" });
  return updateOrganisationSettings(tx, { actor, settings: { notifications: { escalationContactIds: contactIds } } });
}
