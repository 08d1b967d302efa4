import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminFrame } from "@/components/admin/admin-frame";
import { ChangeHistory } from "@/components/admin/change-history";
import { DefaultLanguageForm } from "@/components/admin/default-language-form";
import { EscalationContactsForm } from "@/components/admin/escalation-contacts-form";
import { SettingsForm, type SettingsValues } from "@/components/admin/settings-form";
import { changesTo } from "@/db/queries/activity";
import { listOrganisationClinicians, readOrganisation } from "@/db/queries/organisation-settings";
import { DEFAULT_ABSOLUTE_TIMEOUT_HOURS, DEFAULT_IDLE_TIMEOUT_MINUTES, sessionLimits } from "@/lib/auth/session-policy";
import { EMERGENCY_ACCESS_MAX_HOURS, emergencyAccessMaxHours } from "@/lib/consent/emergency-limits";
import { DEFAULT_NOTIFICATION_SETTINGS } from "@/lib/notifications/ladder";
import { DEFAULT_TRIAGE_SETTINGS } from "@/lib/triage/rules";
import { readForPage } from "@/server/http/page";
import { reportSettingsFor } from "@/server/reports/settings";
import { updateDefaultLocale, updateEscalationContacts, updateSettings } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settingsAdmin"))("pageTitle") };
}

/**
 * Second factor, session time-outs, the longest emergency access, the hospital line, the triage
 * thresholds, when the escalation ladder steps up and the default language; and who changed them.
 */
export default async function SettingsPage() {
  const { user, org, history, clinicians } = await readForPage(
    { roles: ["admin"], auditAction: "organisation_settings_viewed", resourceType: "organisation" },
    async ({ tx, user }) => ({
      user,
      org: await readOrganisation(tx, { organisationId: user.organisationId }),
      history: await changesTo(tx, {
        organisationId: user.organisationId,
        resource: { type: "organisation", id: user.organisationId },
        limit: 10,
      }),
      clinicians: await listOrganisationClinicians(tx, { organisationId: user.organisationId }),
    }),
  );
  const t = await getTranslations("settingsAdmin");
  const { triageSettings, notificationSettings, hospitalLine } = reportSettingsFor(org.settings);
  const limits = sessionLimits(org.settings);
  const values: SettingsValues = {
    mfaRequiredForStaff: org.settings.mfaRequiredForStaff !== false,
    idleTimeoutMinutes: limits.idleTimeoutMinutes,
    absoluteTimeoutHours: limits.absoluteTimeoutHours,
    emergencyAccessMaxHours: emergencyAccessMaxHours(org.settings),
    hospitalLine: typeof org.settings.hospitalLine === "string" ? org.settings.hospitalLine : hospitalLine,
    secondStepMinutes: notificationSettings.secondStepMinutes,
    workdayStartHour: notificationSettings.workdayStartHour,
    workdayEndHour: notificationSettings.workdayEndHour,
    ...triageSettings,
  };
  const defaults: SettingsValues = {
    mfaRequiredForStaff: true,
    idleTimeoutMinutes: DEFAULT_IDLE_TIMEOUT_MINUTES,
    absoluteTimeoutHours: DEFAULT_ABSOLUTE_TIMEOUT_HOURS,
    emergencyAccessMaxHours: EMERGENCY_ACCESS_MAX_HOURS,
    hospitalLine: "",
    secondStepMinutes: DEFAULT_NOTIFICATION_SETTINGS.secondStepMinutes,
    workdayStartHour: DEFAULT_NOTIFICATION_SETTINGS.workdayStartHour,
    workdayEndHour: DEFAULT_NOTIFICATION_SETTINGS.workdayEndHour,
    ...DEFAULT_TRIAGE_SETTINGS,
  };
  return (
    <AdminFrame user={user} section="settings" title={t("pageTitle")} lead={t("lead", { organisation: org.name })}>
      <SettingsForm action={updateSettings} values={values} defaults={defaults} />
      <EscalationContactsForm
        action={updateEscalationContacts}
        clinicians={clinicians}
        chosen={notificationSettings.escalationContactIds}
      />
      <DefaultLanguageForm action={updateDefaultLocale} current={org.defaultLocale} />
      <ChangeHistory
        heading={t("recentChanges")}
        rows={history}
        teamNames={{}}
        staffNames={Object.fromEntries(clinicians.map((c) => [c.userId, c.name]))}
        empty={t("noChanges")}
      />
    </AdminFrame>
  );
}
