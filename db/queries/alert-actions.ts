import "server-only";
/**
 * The five things a clinician does to an alert: acknowledge, assign, note, resolve, reopen.
 *
 * Changes use optimistic concurrency: `UPDATE ... WHERE version = $expected` bumps the version, so
 * of two clinicians acting on the same alert at once exactly one succeeds. Under READ COMMITTED the
 * second UPDATE waits for the first to commit, re-reads the row, finds the version moved on and
 * changes nothing; it is then told who did what, with the alert as it now is.
 */
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { OutcomeCode } from "../../lib/alerts/outcomes";
import { type AlertAction, canPerform, EVENT_KIND, statusesAllowing } from "../../lib/alerts/transitions";
import type { AlertView } from "../../lib/alerts/view";
import { refused } from "../../lib/errors";
import type { Tx } from "../client";
import { alertEvents, alerts } from "../schema";
import { at, queryRows } from "../sql";
import { findAlertRow } from "./alert-rows";

// Acting on an alert

export type AlertChangeResult =
  | { status: "changed"; alert: AlertView }
  /** Someone else changed the alert first (or the browser's copy was stale): nothing was changed. */
  | { status: "conflict"; alert: AlertView }
  /** The alert is in a state that does not allow this action (e.g. acknowledging a resolved one). */
  | { status: "not_allowed"; alert: AlertView };

type Target = {
  alertId: string;
  /** The patient the client says the alert belongs to; consent was checked for this patient. */
  patientId: string;
  /** The version the client saw. */
  expectedVersion: number;
  userId: string;
  now: Date;
};

const MAX_NOTE = 2000;

function cleanNote(note: string | null | undefined): string | null {
  const text = (note ?? "").trim();
  if (text.length > MAX_NOTE) throw refused({ kind: "note_too_long", max: MAX_NOTE });
  return text || null;
}

/**
 * Changes an alert's status and what goes with it: the UPDATE names the alert, its patient (the
 * one consent was checked for), the version the clinician saw and the statuses the action may
 * start from. Who acknowledged, resolved or took on the alert is not set here: the database records
 * the caller from the change of status (db/sql/attribution.sql). True when the alert changed.
 */
async function updateAlert(
  tx: Tx,
  action: Exclude<AlertAction, "note" | "assign">,
  t: Target,
  set: PgUpdateSetSource<typeof alerts>,
  extra?: SQL,
): Promise<boolean> {
  const updated = await tx
    .update(alerts)
    .set({ ...set, version: sql`${alerts.version} + 1` })
    .where(
      and(
        eq(alerts.id, t.alertId),
        eq(alerts.patientId, t.patientId),
        eq(alerts.version, t.expectedVersion),
        inArray(alerts.status, [...statusesAllowing(action)]),
        extra,
      ),
    )
    .returning({ id: alerts.id });
  return updated.length > 0;
}

/**
 * The one place alerts change: `change` applies the action (true when it changed the alert); on
 * success the event is recorded, on failure the alert is read as it now is to say why.
 */
async function changeAlert(
  tx: Tx,
  action: Exclude<AlertAction, "note">,
  t: Target,
  change: () => Promise<boolean>,
  event: { note?: string | null; outcomeCodes?: string[] | null },
): Promise<AlertChangeResult> {
  if (!(await change())) return refusal(tx, action, t);
  await tx.insert(alertEvents).values({
    alertId: t.alertId,
    patientId: t.patientId,
    userId: t.userId,
    kind: EVENT_KIND[action],
    note: event.note ?? null,
    outcomeCodes: event.outcomeCodes ?? null,
    createdAt: t.now,
  });
  const alert = await findAlertRow(tx, { alertId: t.alertId });
  if (!alert) throw new Error("an alert just changed could not be read back");
  return { status: "changed", alert };
}

/** Why an UPDATE matched nothing: no such alert for this patient (404), a stale copy, or the wrong state. */
async function refusal(tx: Tx, action: AlertAction, t: Target): Promise<AlertChangeResult> {
  const current = await findAlertRow(tx, { alertId: t.alertId });
  if (!current || current.patientId !== t.patientId) throw refused({ kind: "record_not_found" });
  if (current.version === t.expectedVersion && !canPerform(action, current.status)) {
    return { status: "not_allowed", alert: current };
  }
  return { status: "conflict", alert: current };
}

/** Takes ownership: open → acknowledged, assigned to the clinician who acknowledged it. */
export function acknowledgeAlert(tx: Tx, t: Target): Promise<AlertChangeResult> {
  return changeAlert(
    tx,
    "acknowledge",
    t,
    () => updateAlert(tx, "acknowledge", t, { status: "acknowledged", acknowledgedAt: t.now }),
    {},
  );
}

/**
 * Hands the alert to a colleague: an active clinician of the alert's care team. The status stays
 * as it is (assigning is not a response to the patient).
 */
export async function assignAlert(
  tx: Tx,
  t: Target & { assigneeId: string; note?: string | null },
): Promise<AlertChangeResult> {
  const note = cleanNote(t.note);
  const [eligible] = await queryRows<{ ok: boolean }>(
    tx,
    sql`select exists (
          select 1 from alerts a
          join staff_memberships m on m.care_team_id = a.care_team_id
          join users u on u.id = m.user_id
          where a.id = ${t.alertId}::uuid and m.user_id = ${t.assigneeId}::uuid
            and m.role in ('oncologist', 'nurse') and u.deactivated_at is null) as ok`,
  );
  if (!eligible?.ok) {
    // Either the alert is not the caller's to see, or the colleague is not in its care team.
    const current = await findAlertRow(tx, { alertId: t.alertId });
    if (!current || current.patientId !== t.patientId) throw refused({ kind: "record_not_found" });
    throw refused({ kind: "assignee_not_in_care_team" });
  }
  // Only the database sets who an alert is assigned to: app.assign_alert checks the colleague again.
  const assign = async () => {
    const [row] = await queryRows<{ assigned: boolean }>(
      tx,
      sql`select app.assign_alert(${t.alertId}::uuid, ${t.patientId}::uuid, ${t.expectedVersion}::integer,
            ${t.assigneeId}::uuid) as assigned`,
    );
    return row?.assigned === true;
  };
  return changeAlert(tx, "assign", t, assign, { note });
}

/**
 * Closes the alert with what was done (one or more outcome codes) and an optional note. An alert
 * resolved straight from open counts as responded to by the clinician who resolved it.
 */
export function resolveAlert(
  tx: Tx,
  t: Target & { outcomeCodes: readonly OutcomeCode[]; note?: string | null },
): Promise<AlertChangeResult> {
  if (t.outcomeCodes.length === 0) throw refused({ kind: "outcome_required" });
  const note = cleanNote(t.note);
  return changeAlert(
    tx,
    "resolve",
    t,
    () =>
      updateAlert(tx, "resolve", t, {
        status: "resolved",
        resolvedAt: t.now,
        outcomeCodes: [...t.outcomeCodes],
        acknowledgedAt: sql`coalesce(${alerts.acknowledgedAt}, ${at(t.now)})`,
      }),
    { note, outcomeCodes: [...t.outcomeCodes] },
  );
}

/**
 * Reopens a resolved alert: the clinician who reopens it takes it on (acknowledged, assigned to them).
 * Refused while the patient has another active alert: a patient has one episode at a time, and the
 * newer one already holds the later reports (lib/alerts/episodes.ts).
 */
export async function reopenAlert(tx: Tx, t: Target & { note?: string | null }): Promise<AlertChangeResult> {
  const note = cleanNote(t.note);
  const noOtherActive = sql`not exists (select 1 from alerts other where other.patient_id = ${t.patientId}::uuid
    and other.status <> 'resolved' and other.id <> ${t.alertId}::uuid)`;
  const result = await changeAlert(
    tx,
    "reopen",
    t,
    () => updateAlert(tx, "reopen", t, { status: "acknowledged", resolvedAt: null, outcomeCodes: [] }, noOtherActive),
    { note },
  );
  // A refusal of a still-resolved alert at the version the clinician saw: another active alert is why.
  if (
    result.status !== "conflict" ||
    result.alert.status !== "resolved" ||
    result.alert.version !== t.expectedVersion
  ) {
    return result;
  }
  const [check] = await queryRows<{ none: boolean }>(tx, sql`select ${noOtherActive} as none`);
  if (check && !check.none) throw refused({ kind: "newer_alert_active" });
  return result;
}

/**
 * Adds a note. Notes change nothing on the alert, so two clinicians may add them at once; the
 * alert must exist for the caller and belong to the patient consent was checked for. Returns the
 * alert as it now is, this note its latest.
 */
export async function addAlertNote(
  tx: Tx,
  p: { alertId: string; patientId: string; userId: string; note: string; now: Date },
): Promise<{ alert: AlertView }> {
  const note = cleanNote(p.note);
  if (!note) throw refused({ kind: "note_required" });
  const current = await findAlertRow(tx, { alertId: p.alertId });
  if (!current || current.patientId !== p.patientId) throw refused({ kind: "record_not_found" });
  await tx.insert(alertEvents).values({
    alertId: p.alertId,
    patientId: p.patientId,
    userId: p.userId,
    kind: "note",
    note,
    createdAt: p.now,
  });
  // Read again, with the note just added as its latest: the screen shows it at once.
  return { alert: (await findAlertRow(tx, { alertId: p.alertId })) ?? current };
}
