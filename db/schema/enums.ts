import { pgEnum } from "drizzle-orm/pg-core";

export const staffRole = pgEnum("staff_role", ["oncologist", "nurse", "admin"]);
export const userKind = pgEnum("user_kind", ["staff", "patient"]);
export const consentEffect = pgEnum("consent_effect", ["allow", "deny"]);
export const alertSeverity = pgEnum("alert_severity", ["amber", "red"]);
export const alertStatus = pgEnum("alert_status", ["open", "acknowledged", "resolved"]);
export const reportSource = pgEnum("report_source", ["patient", "device", "clinician_phone"]);
export const cycleStatus = pgEnum("cycle_status", ["planned", "given", "delayed", "held", "cancelled"]);
export const auditOutcome = pgEnum("audit_outcome", ["allowed", "denied"]);

/** The clinical data categories a patient grants or withholds, one by one. */
export const DATA_CATEGORIES = ["symptoms", "treatment", "alerts", "demographics"] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];
export const CLINICAL_ROLES = ["oncologist", "nurse"] as const;
export type StaffRole = (typeof staffRole.enumValues)[number];
