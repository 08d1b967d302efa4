"use server";

import type { z } from "zod";
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
import type { AuditAction } from "@/lib/audit/actions";
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

/** One alert action: clinicians only, and only with consent to the patient's `alerts`. */
function alertAction<S extends z.ZodType<{ patientId: string }>, T>(
  name: AuditAction,
  input: S,
  run: (input: z.infer<S>, ctx: GuardedContext) => Promise<T>,
) {
  return action({
    name,
    roles: CLINICAL_ROLES,
    input,
    consent: (input) => ({ patientId: input.patientId, categories: ["alerts"] }),
    run,
  });
}

/** The change as this clinician makes it, now. */
const byClinician = <I>(input: I, ctx: GuardedContext) => ({ ...input, userId: ctx.user.userId, now: now() });

/** The changed alert, or the sentence that says who changed it first; the audit event names the alert's version. */
function settle(
  action: AlertAction,
  result: AlertChangeResult,
  ctx: GuardedContext,
  details: Record<string, string | number> = {},
): { alert: AlertView } {
  if (result.status === "conflict") {
    throw new AppError("conflict", conflictMessage(action, result.alert, ctx.user.userId, now()));
  }
  if (result.status === "not_allowed") {
    throw new AppError("conflict", notAllowedMessage(action, result.alert, ctx.user.userId, now()));
  }
  ctx.annotate({
    resourceType: "alert",
    resourceId: result.alert.id,
    details: { version: result.alert.version, ...details },
  });
  return { alert: result.alert };
}

/** Takes ownership of an open alert: acknowledged, and assigned to the clinician. */
export const acknowledgeAlert = alertAction("alert_acknowledged", acknowledgeAlertInput, async (input, ctx) =>
  settle("acknowledge", await alerts.acknowledgeAlert(ctx.tx, byClinician(input, ctx)), ctx),
);

/** Hands an alert to a colleague of its care team, with an optional note. */
export const assignAlert = alertAction("alert_assigned", assignAlertInput, async (input, ctx) =>
  settle("assign", await alerts.assignAlert(ctx.tx, byClinician(input, ctx)), ctx, { assignee: input.assigneeId }),
);

/** Adds a note; notes never conflict, so two clinicians may write at once. */
export const addAlertNote = alertAction("alert_note_added", addAlertNoteInput, async (input, ctx) => {
  const result = await alerts.addAlertNote(ctx.tx, byClinician(input, ctx));
  ctx.annotate({ resourceType: "alert", resourceId: input.alertId });
  return result;
});

/** Closes an alert with one or more outcome codes and an optional note. */
export const resolveAlert = alertAction("alert_resolved", resolveAlertInput, async (input, ctx) =>
  settle("resolve", await alerts.resolveAlert(ctx.tx, byClinician(input, ctx)), ctx, {
    outcomes: input.outcomeCodes.length,
  }),
);

/** Reopens a resolved alert; the clinician who reopens it takes it on. */
export const reopenAlert = alertAction("alert_reopened", reopenAlertInput, async (input, ctx) =>
  settle("reopen", await alerts.reopenAlert(ctx.tx, byClinician(input, ctx)), ctx),
);
