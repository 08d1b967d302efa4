/**
 * What may be done to an alert in each state. The database enforces the same rules in the UPDATE's
 * WHERE clause (db/queries/alerts.ts), so a stale screen can never make a forbidden change.
 *
 *   open ──acknowledge──► acknowledged ──resolve──► resolved ──reopen──► acknowledged
 *     └───────────────────────resolve─────────────────┘
 *
 * Assigning keeps the status; a note may be added in any state and changes nothing else.
 */
export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export type AlertSeverity = "red" | "amber";

export const ALERT_ACTIONS = ["acknowledge", "assign", "note", "resolve", "reopen"] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

const FROM: Readonly<Record<AlertAction, readonly AlertStatus[]>> = {
  acknowledge: ["open"],
  assign: ["open", "acknowledged"],
  note: ["open", "acknowledged", "resolved"],
  resolve: ["open", "acknowledged"],
  reopen: ["resolved"],
};

/** The statuses an action may start from. */
export function statusesAllowing(action: AlertAction): readonly AlertStatus[] {
  return FROM[action];
}

export function canPerform(action: AlertAction, status: AlertStatus): boolean {
  return FROM[action].includes(status);
}

/** The actions available on an alert in `status`, in the order the buttons show them. */
export function availableActions(status: AlertStatus): AlertAction[] {
  return ALERT_ACTIONS.filter((action) => canPerform(action, status));
}

/** The status after `action`, or null when the action is not allowed from `status`. */
export function statusAfter(action: AlertAction, status: AlertStatus): AlertStatus | null {
  if (!canPerform(action, status)) return null;
  switch (action) {
    case "acknowledge":
      return "acknowledged";
    case "resolve":
      return "resolved";
    case "reopen":
      // Whoever reopens an alert takes it on: it is worked on again, not waiting to be noticed.
      return "acknowledged";
    default:
      return status;
  }
}

/** The audit action recorded for each alert action (lib/audit/describe.ts words them for patients). */
export const AUDIT_ACTION: Readonly<Record<AlertAction, string>> = {
  acknowledge: "alert_acknowledged",
  assign: "alert_assigned",
  note: "alert_note_added",
  resolve: "alert_resolved",
  reopen: "alert_reopened",
};

/** The alert_events kind each action records. */
export const EVENT_KIND: Readonly<Record<AlertAction, "acknowledged" | "assigned" | "note" | "resolved" | "reopened">> =
  {
    acknowledge: "acknowledged",
    assign: "assigned",
    note: "note",
    resolve: "resolved",
    reopen: "reopened",
  };

/**
 * Overdue: still waiting for a response after its response target. An acknowledged alert has been
 * responded to, so it is never overdue, however long it then takes to resolve.
 */
export function isOverdue(alert: { status: AlertStatus; dueAt: Date | string }, now: Date): boolean {
  return alert.status === "open" && new Date(alert.dueAt).getTime() < now.getTime();
}
