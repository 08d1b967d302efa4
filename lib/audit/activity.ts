/**
 * The families of staff and security events the admin activity view offers as filters, each with
 * the label people read and the audit actions it covers.
 */
import type { AuditAction } from "./actions";

export const ACTIVITY_CATEGORIES = {
  sign_ins: {
    label: "Sign-ins and sign-outs",
    actions: [
      "signed_in",
      "sign_in_password_accepted",
      "signed_out",
      "signed_out_everywhere",
      "mfa_enrolment_started",
      "mfa_enrolled",
    ],
  },
  failures: { label: "Failed sign-ins", actions: ["sign_in_failed", "sign_in_rate_limited", "second_factor_failed"] },
  locks: { label: "Locks and unlocks", actions: ["account_locked", "staff_unlocked"] },
  roles: {
    label: "Roles and care team moves",
    actions: ["staff_role_granted", "staff_role_removed", "staff_care_team_changed"],
  },
  invitations: {
    label: "Invitations and activations",
    actions: ["staff_invited", "one_time_link_shown", "account_activated", "password_reset_completed"],
  },
  approvals: {
    label: "Changes needing a second admin",
    actions: ["staff_change_requested", "staff_change_approved", "staff_change_refused"],
  },
  accounts: {
    label: "Account changes",
    actions: [
      "staff_created",
      "staff_renamed",
      "staff_deactivated",
      "staff_reactivated",
      "staff_mfa_reset",
      "staff_signed_out_everywhere",
    ],
  },
  care_teams: {
    label: "Care teams",
    actions: ["care_team_created", "care_team_renamed", "care_team_archived", "care_team_restored"],
  },
  rota: { label: "On-call rota", actions: ["on_call_shift_added", "on_call_shift_removed"] },
  settings: { label: "Organisation settings", actions: ["organisation_settings_changed"] },
} as const satisfies Record<string, { label: string; actions: readonly AuditAction[] }>;
export type ActivityCategory = keyof typeof ACTIVITY_CATEGORIES;
export const ACTIVITY_CATEGORY_KEYS = Object.keys(ACTIVITY_CATEGORIES) as ActivityCategory[];

/** The detail keys shown; all are codes, ids or counts, never clinical values. */
export const ACTIVITY_DETAIL_KEYS = [
  "reason",
  "method",
  "next",
  "role",
  "careTeamId",
  "fromCareTeamId",
  "toCareTeamId",
  "purpose",
  "changed",
  "ended",
  "change",
  "position",
  "onCallUserId",
  "startsAt",
  "endsAt",
] as const;

/** One staff or settings change event, with who made it; details are codes, ids or counts only. */
export type ActivityChange = {
  id: number;
  occurredAt: string;
  action: string;
  outcome: "allowed" | "denied";
  actorUserId: string | null;
  actorName: string | null;
  details: Record<string, string | number | boolean | null>;
};

/** An event of the activity view: a change, with the actor's role and the account or resource it was about. */
export type ActivityRow = ActivityChange & {
  actorRole: string | null;
  targetUserId: string | null;
  targetName: string | null;
  resourceType: string | null;
  resourceId: string | null;
};
