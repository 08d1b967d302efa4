import { pgEnum } from "drizzle-orm/pg-core";
import {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  AUDIT_OUTCOMES,
  CONSENT_EFFECTS,
  CYCLE_STATUSES,
  REPORT_SOURCES,
  STAFF_ROLES,
  USER_KINDS,
} from "@/lib/vocabulary";

/** The database's enum types, made from the shared vocabulary in lib/vocabulary.ts. */
export const staffRole = pgEnum("staff_role", STAFF_ROLES);
export const userKind = pgEnum("user_kind", USER_KINDS);
export const consentEffect = pgEnum("consent_effect", CONSENT_EFFECTS);
export const alertSeverity = pgEnum("alert_severity", ALERT_SEVERITIES);
export const alertStatus = pgEnum("alert_status", ALERT_STATUSES);
export const reportSource = pgEnum("report_source", REPORT_SOURCES);
export const cycleStatus = pgEnum("cycle_status", CYCLE_STATUSES);
export const auditOutcome = pgEnum("audit_outcome", AUDIT_OUTCOMES);
