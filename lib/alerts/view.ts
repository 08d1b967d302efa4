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
  /**
   * What triage said, in plain words. They quote the patient's symptoms, so they follow the
   * symptoms category: null when the patient withholds symptoms from this viewer, who still sees
   * the alert itself (db/sql/alert-reasons.sql); the screens say "Details withheld by the patient".
   */
  reasons: string[] | null;
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
  /** Reports in the episode, the one that raised it included (lib/alerts/episodes.ts). */
  reportCount: number;
  /** When its latest report came in. */
  lastReportedAt: string;
  /**
   * The latest notification sent about it (the escalation ladder), as the queue shows it: to whom,
   * when, how (its channels: `email`, `push`), and whether it was a later step (not acknowledged in time). Null when none was sent;
   * absent where a screen does not read it.
   */
  lastNotified?: { name: string; at: string; escalation: boolean; channels: string[] } | null;
  /**
   * What the patient said with the reports of this episode: their latest answer to "Can this wait
   * until your next appointment?" (null when none answered it) and their latest note, with when
   * they reported it. Their own words about their symptoms, so they follow the symptoms category as
   * the reasons do: null when the patient withholds symptoms from this viewer (row-level security
   * on symptom_reports), or when no report of it can be read. Absent where a screen does not read it.
   */
  patientSays?: PatientSays | null;
  /**
   * The latest clinician's note on the alert (a note, or the note given with an assignment, a
   * resolution or a reopening): who wrote it, when, and what. The care team's own words, so they
   * follow the alert. Null when there is none; absent where a screen does not read it.
   */
  latestNote?: ClinicianNote | null;
};

export type PatientSays = { canWait: boolean | null; note: string | null; noteAt: string | null };

export type ClinicianNote = { by: StaffRef; at: string; text: string };

/** The kinds of event a clinician's note comes with. */
export const NOTE_EVENT_KINDS: ReadonlySet<AlertEventKind> = new Set(["note", "assigned", "resolved", "reopened"]);

/** The latest note of an alert's history (any order): the last event of a clinician's that carries one. */
export function latestClinicianNote(
  events: readonly { kind: AlertEventKind; note: string | null; at: string; by: StaffRef; id: string }[],
): ClinicianNote | null {
  let latest: (typeof events)[number] | null = null;
  for (const e of events) {
    if (!e.note || !NOTE_EVENT_KINDS.has(e.kind)) continue;
    if (!latest || e.at > latest.at || (e.at === latest.at && e.id > latest.id)) latest = e;
  }
  return latest?.note ? { by: latest.by, at: latest.at, text: latest.note } : null;
}

/** Who acted on an alert and how it was left: what a refused action's sentence is made from. */
export type AlertSnapshot = Pick<
  AlertView,
  "status" | "assignee" | "acknowledgedBy" | "acknowledgedAt" | "resolvedBy" | "resolvedAt" | "outcomeCodes"
>;

/** The alert a report went to, as the report list shows it: the report's own level and reasons. */
export type AlertSummary = Pick<AlertView, "id" | "severity" | "status" | "reasons">;

/**
 * The kinds of things done to an alert, as its history records them: a clinician's actions, and a
 * later report joining the episode (`report_added`) or making it worse (`escalated`); and the people
 * its notifications reached (`notified`; `escalation_notified` for a later step of the ladder),
 * whom `by` names.
 */
/** What a screen shows in place of reasons the patient withholds from its viewer. */
export const REASONS_WITHHELD = "Details withheld by the patient";

export type AlertEventKind =
  | "acknowledged"
  | "assigned"
  | "note"
  | "resolved"
  | "reopened"
  | "report_added"
  | "escalated"
  | "notified"
  | "escalation_notified";

/** One entry of an alert's history. */
export type AlertEventView = {
  id: string;
  kind: AlertEventKind;
  by: StaffRef;
  note: string | null;
  outcomeCodes: string[];
  /** For `notified` and `escalation_notified`: the channels that reached the person; null when not known. */
  channels: string[] | null;
  at: string;
  /** For `report_added` and `escalated`: that report's own level and reasons. */
  report: { id: string; severity: AlertSeverity; reasons: string[] | null } | null;
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
