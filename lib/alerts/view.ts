/**
 * One alert as every screen shows it: the triage queue, the team lead's overdue list, the patient
 * record's alert list and the report list all read this shape, or a part of it. Times are ISO 8601.
 */
import type { AlertSeverity, AlertStatus } from "./transitions";

export type StaffRef = { id: string; name: string };

export type AlertView = {
  id: string;
  patientId: string;
  /** Null when the patient has not shared their demographics with this clinician. */
  patient: { name: string; hospitalNumber: string } | null;
  careTeamId: string;
  careTeamName: string | null;
  severity: AlertSeverity;
  reasons: string[];
  status: AlertStatus;
  raisedAt: string;
  dueAt: string;
  assignee: StaffRef | null;
  acknowledgedBy: StaffRef | null;
  acknowledgedAt: string | null;
  resolvedBy: StaffRef | null;
  resolvedAt: string | null;
  outcomeCodes: string[];
  version: number;
};

/** Who acted on an alert and how it was left: what a refused action's sentence is made from. */
export type AlertSnapshot = Pick<
  AlertView,
  "status" | "assignee" | "acknowledgedBy" | "acknowledgedAt" | "resolvedBy" | "resolvedAt" | "outcomeCodes"
>;

/** The alert a report raised, as the report list shows it. */
export type AlertSummary = Pick<AlertView, "id" | "severity" | "status" | "reasons">;

/** The kinds of things done to an alert, as its history records them. */
export type AlertEventKind = "acknowledged" | "assigned" | "note" | "resolved" | "reopened";

/** One entry of an alert's history. */
export type AlertEventView = {
  id: string;
  kind: AlertEventKind;
  by: StaffRef;
  note: string | null;
  outcomeCodes: string[];
  at: string;
};

/** A clinician an alert of their care teams may be assigned to. */
export type Colleague = { id: string; name: string; roles: string[]; teamIds: string[] };

/** The team lead's overdue alerts. */
export type LeadOverdueList = {
  /** Names of the care teams the caller leads (empty: not a team lead, and no list is shown). */
  teams: { id: string; name: string }[];
  rows: AlertView[];
  total: number;
};
