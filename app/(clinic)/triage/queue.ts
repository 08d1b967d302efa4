import "server-only";
import { listTriageQueue, type TriageQueuePage } from "@/db/queries/alert-queue";
import { careTeamOptions, listAssignableColleagues, listOverdueForLead } from "@/db/queries/alert-team";
import type { QueueState } from "@/lib/alerts/queue-state";
import type { AlertView, Colleague, LeadOverdueList } from "@/lib/alerts/view";
import { isClinicalRole } from "@/lib/vocabulary";
import type { SessionUser } from "@/server/auth/session";
import type { GuardedContext } from "@/server/http/guard";

/** The care teams the user holds a clinical role in: whose alerts their queue holds. */
export function clinicalTeamIds(user: SessionUser): string[] {
  return [
    ...new Set(
      user.memberships
        .filter((m) => isClinicalRole(m.role) && m.careTeamId !== null)
        .map((m) => m.careTeamId as string),
    ),
  ];
}

/**
 * One `triage_queue_viewed` event per patient whose alerts were shown, so the patient's access
 * log says a clinician saw an alert about them. Identifiers and counts only, never the reasons.
 */
export function auditAlertsShown(rows: readonly AlertView[], ctx: Pick<GuardedContext, "audit">): void {
  const perPatient = new Map<string, number>();
  for (const row of rows) perPatient.set(row.patientId, (perPatient.get(row.patientId) ?? 0) + 1);
  for (const [patientId, alerts] of perPatient) {
    ctx.audit({
      action: "triage_queue_viewed",
      patientId,
      resourceType: "patient",
      resourceId: patientId,
      details: { alerts },
    });
  }
}

export type TriageQueueData = TriageQueuePage & {
  lead: LeadOverdueList;
  colleagues: Colleague[];
  teams: { id: string; name: string }[];
  teamIds: string[];
};

/**
 * Everything the triage page shows, read in the request's transaction: the page of the queue, the
 * overdue list for the teams the user leads, whom alerts may be assigned to, and the team names
 * for the filter. Every patient whose alert is shown is audited in the same transaction.
 */
export async function loadTriageQueue(ctx: GuardedContext, state: QueueState, now: Date): Promise<TriageQueueData> {
  const { tx, user } = ctx;
  const teamIds = clinicalTeamIds(user);
  // Independent reads, sent together on the transaction's connection. The teams a user leads are
  // among their clinical teams, so the colleagues of `teamIds` cover the lead list's alerts too.
  const [page, lead, colleagues, teams] = await Promise.all([
    listTriageQueue(tx, { state, userId: user.userId, teamIds, now }),
    listOverdueForLead(tx, { userId: user.userId, now }),
    listAssignableColleagues(tx, { teamIds }),
    careTeamOptions(tx, { teamIds }),
  ]);
  auditAlertsShown([...page.rows, ...lead.rows], ctx);
  ctx.annotate({
    resourceType: "triage_queue",
    resourceId: null,
    details: {
      shown: page.rows.length,
      total: page.total,
      overdue: page.overdue,
      page: state.page,
      leadOverdue: lead.total,
    },
  });
  return { ...page, lead, colleagues, teams, teamIds };
}
