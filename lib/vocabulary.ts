/**
 * The words the whole system shares: roles, kinds of account, data categories, alert levels and
 * states, where a report came from, what happened to a cycle. The database's enum types are made
 * from these lists (db/schema/enums.ts), so the schema, the consent rules and the pages cannot
 * disagree about them.
 */

export const STAFF_ROLES = ["oncologist", "nurse", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The roles that may read clinical data, given the patient's consent. Admins never do. */
export const CLINICAL_ROLES = ["oncologist", "nurse"] as const;
export type ClinicalRole = (typeof CLINICAL_ROLES)[number];
export const isClinicalRole = (role: string): role is ClinicalRole =>
  (CLINICAL_ROLES as readonly string[]).includes(role);

export const USER_KINDS = ["staff", "patient"] as const;
export type UserKind = (typeof USER_KINDS)[number];

/** The clinical data categories a patient grants or withholds, one by one. */
export const DATA_CATEGORIES = ["symptoms", "treatment", "alerts", "demographics"] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const CONSENT_EFFECTS = ["allow", "deny"] as const;
export type ConsentEffect = (typeof CONSENT_EFFECTS)[number];

export const ALERT_SEVERITIES = ["amber", "red"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const REPORT_SOURCES = ["patient", "device", "clinician_phone"] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];

export const CYCLE_STATUSES = ["planned", "given", "delayed", "held", "cancelled"] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

export const AUDIT_OUTCOMES = ["allowed", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** How each staff role is named to people. */
export const ROLE_LABELS: Record<StaffRole, string> = { oncologist: "Oncologist", nurse: "Nurse", admin: "Admin" };
