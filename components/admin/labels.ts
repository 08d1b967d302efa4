/** Words the admin pages use for roles, account states and audit events. Pure, for server and client. */
import { formatDateTime as formatClinicDateTime } from "@/lib/clinic-time";
import type { Messages } from "@/lib/i18n/catalogues";

export type StaffRoleName = "oncologist" | "nurse" | "admin";
export type StaffStatusName = "active" | "invited" | "locked" | "deactivated";

export const ROLE_OPTIONS: { value: StaffRoleName; label: string }[] = [
  { value: "oncologist", label: "Oncologist" },
  { value: "nurse", label: "Nurse" },
  { value: "admin", label: "Admin" },
];

export const roleLabel = (role: string) => ROLE_OPTIONS.find((r) => r.value === role)?.label ?? role;

export const STATUS_OPTIONS: { value: StaffStatusName; label: string; description: string }[] = [
  { value: "active", label: "Active", description: "Can sign in." },
  { value: "invited", label: "Invited", description: "Has not set a password yet." },
  { value: "locked", label: "Locked", description: "Locked after too many failed sign-ins." },
  { value: "deactivated", label: "Deactivated", description: "Cannot sign in." },
];

export const statusLabel = (status: string) => STATUS_OPTIONS.find((s) => s.value === status)?.label ?? status;

/** Audit actions in the words an admin reads in the activity view and a person's history. */
const ACTION_WORDS: Record<string, string> = {
  signed_in: "Signed in",
  sign_in_password_accepted: "Password accepted, second factor pending",
  signed_out: "Signed out",
  signed_out_everywhere: "Signed out on every device",
  mfa_enrolment_started: "Started setting up a second factor",
  mfa_enrolled: "Set up a second factor",
  sign_in_failed: "Failed sign-in",
  sign_in_rate_limited: "Sign-in attempts slowed (too many from one address)",
  second_factor_failed: "Failed second-factor code",
  account_locked: "Account locked",
  account_activated: "Account activated",
  password_reset_completed: "Password reset completed",
  staff_created: "Staff account created",
  staff_renamed: "Name changed",
  staff_invited: "One-time link issued",
  one_time_link_shown: "One-time link shown on screen",
  staff_change_requested: "Change asked for, waiting for a second admin",
  staff_change_approved: "Change approved by a second admin",
  staff_change_refused: "Change refused by a second admin",
  staff_role_granted: "Role granted",
  staff_role_removed: "Role removed",
  staff_care_team_changed: "Moved to another care team",
  staff_deactivated: "Account deactivated",
  staff_reactivated: "Account reactivated",
  staff_mfa_reset: "Second factor reset",
  staff_unlocked: "Account unlocked",
  staff_signed_out_everywhere: "Signed out everywhere by an admin",
  care_team_created: "Care team created",
  care_team_renamed: "Care team renamed",
  care_team_archived: "Care team archived",
  care_team_restored: "Care team restored",
  organisation_settings_changed: "Organisation settings changed",
  on_call_shift_added: "On-call shift added",
  on_call_shift_removed: "On-call shift removed",
};

export function describeAction(action: string): string {
  return ACTION_WORDS[action] ?? action.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
}

const REASON_WORDS: Record<string, string> = {
  wrong_password: "wrong password",
  unknown_account: "no such account",
  deactivated: "account deactivated",
  locked: "account locked",
  rate_limited: "too many attempts",
  address_limit: "too many attempts from one address",
  too_many_failures: "too many failures",
  wrong_code: "wrong code",
  code_reused: "code already used",
};

export const describeReason = (reason: string) => REASON_WORDS[reason] ?? reason.replaceAll("_", " ");

const SETTING_WORDS: Record<string, string> = {
  mfaRequiredForStaff: "second factor for staff",
  idleTimeoutMinutes: "idle time-out",
  absoluteTimeoutHours: "longest session",
  emergencyAccessMaxHours: "longest emergency access",
  hospitalLine: "hospital line",
  "triage.redGrade": "red grade",
  "triage.amberGrade": "amber grade",
  "triage.riseForAmber": "rise for amber",
  "triage.feverC": "fever threshold",
  "triage.lowTemperatureC": "low temperature threshold",
  "triage.twoAmbersMakeRed": "two ambers make red",
  "triage.redResponseMinutes": "red response target",
  "triage.amberResponseMinutes": "amber response target",
  "triage.canWaitDowngradesSingleAmber": "“it can wait” downgrade",
  showOneTimeLinks: "show one-time links",
  "notifications.secondStepMinutes": "minutes before the second step",
  "notifications.workdayStartHour": "working day start",
  "notifications.workdayEndHour": "working day end",
  "notifications.escalationContactIds": "escalation contacts",
  defaultLocale: "default language",
};

export const describeSetting = (key: string) => SETTING_WORDS[key] ?? key;

/** A setting's name in a language's own words (messages' `.settingsAdmin.settingNames`, nested as the key is dotted). */
export function settingName(messages: Pick<Messages, "settingsAdmin">, key: string): string {
  let node: unknown = messages.settingsAdmin.settingNames;
  for (const part of key.split(".")) {
    node =
      node && typeof node === "object" && Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : null;
  }
  return typeof node === "string" ? node : key;
}

/** A setting's value in the change log: yes or no, a number, the text, or "not set". */
export function settingValueText(value: unknown): string {
  if (value === true) return "yes";
  if (value === false) return "no";
  if (value === null || value === undefined || value === "") return "not set";
  return String(value);
}

const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "Europe/London" });

export const formatDateTime = (iso: string | null) => (iso ? formatClinicDateTime(iso) : "—");
export const formatDate = (iso: string | null) => (iso ? dateOnly.format(new Date(iso)) : "—");
