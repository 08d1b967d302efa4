"use server";

import type { AlertChangeResult } from "@/db/queries/alert-actions";
import * as alerts from "@/db/queries/alert-actions";
import {
  acknowledgeAlertInput,
  addAlertNoteInput,
  assignAlertInput,
  reopenAlertInput,
  resolveAlertInput,
} from "@/lib/alerts/inputs";
import { conflictMessage, notAllowedMessage } from "@/lib/alerts/messages";
import type { AlertAction } from "@/lib/alerts/transitions";
import type { AlertView } from "@/lib/alerts/view";
import { AppError } from "@/lib/errors";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { action } from "@/server/http/action";
import type { GuardedContext } from "@/server/http/guard";

/**
 * What a clinician does to an alert, from the triage queue or the patient record. Each action goes
 * through the one wrapper: session and role, zod, then consent for the patient's `alerts` before any
 * data query, then the change and its audit event in one transaction. The client names the patient
 * the alert belongs to; the query refuses the alert if it is not that patient's.
 *
 * When another clinician changed the alert first, nothing is changed and the action fails with a
 * `conflict` that says who did what; the browser then shows the alert as it now is.
 */

const forPatient = (input: { patientId: string }) => ({ patientId: input.patientId, categories: ["alerts"] as const });

function settle(action: AlertAction, result: AlertChangeResult, ctx: GuardedContext): { alert: AlertView } {
  if (result.status === "conflict") {
    throw new AppError("conflict", conflictMessage(action, result.alert, ctx.user.userId, now()));
  }
  if (result.status === "not_allowed") {
    throw new AppError("conflict", notAllowedMessage(action, result.alert, ctx.user.userId, now()));
  }
  ctx.annotate({ resourceType: "alert", resourceId: result.alert.id, details: { version: result.alert.version } });
  return { alert: result.alert };
}

/** Takes ownership of an open alert: acknowledged, and assigned to the clinician. */
export const acknowledgeAlert = action({
  name: "alert_acknowledged",
  roles: CLINICAL_ROLES,
  input: acknowledgeAlertInput,
  consent: forPatient,
  run: async (input, ctx) => {
    const result = await alerts.acknowledgeAlert(ctx.tx, { ...input, userId: ctx.user.userId, now: now() });
    return settle("acknowledge", result, ctx);
  },
});

/** Hands an alert to a colleague of its care team, with an optional note. */
export const assignAlert = action({
  name: "alert_assigned",
  roles: CLINICAL_ROLES,
  input: assignAlertInput,
  consent: forPatient,
  run: async (input, ctx) => {
    const result = await alerts.assignAlert(ctx.tx, { ...input, userId: ctx.user.userId, now: now() });
    const settled = settle("assign", result, ctx);
    ctx.annotate({
      resourceType: "alert",
      resourceId: input.alertId,
      details: { version: settled.alert.version, assignee: input.assigneeId },
    });
    return settled;
  },
});

/** Adds a note; notes never conflict, so two clinicians may write at once. */
export const addAlertNote = action({
  name: "alert_note_added",
  roles: CLINICAL_ROLES,
  input: addAlertNoteInput,
  consent: forPatient,
  run: async (input, ctx) => {
    const result = await alerts.addAlertNote(ctx.tx, { ...input, userId: ctx.user.userId, now: now() });
    ctx.annotate({ resourceType: "alert", resourceId: input.alertId });
    return result;
  },
});

/** Closes an alert with one or more outcome codes and an optional note. */
export const resolveAlert = action({
  name: "alert_resolved",
  roles: CLINICAL_ROLES,
  input: resolveAlertInput,
  consent: forPatient,
  run: async (input, ctx) => {
    const result = await alerts.resolveAlert(ctx.tx, { ...input, userId: ctx.user.userId, now: now() });
    const settled = settle("resolve", result, ctx);
    ctx.annotate({
      resourceType: "alert",
      resourceId: input.alertId,
      details: { version: settled.alert.version, outcomes: input.outcomeCodes.length },
    });
    return settled;
  },
});

/** Reopens a resolved alert; the clinician who reopens it takes it on. */
export const reopenAlert = action({
  name: "alert_reopened",
  roles: CLINICAL_ROLES,
  input: reopenAlertInput,
  consent: forPatient,
  run: async (input, ctx) => {
    const result = await alerts.reopenAlert(ctx.tx, { ...input, userId: ctx.user.userId, now: now() });
    return settle("reopen", result, ctx);
  },
});
