import "server-only";
import type { AuditDetails } from "@/db/queries/audit";
import type { SubmitReportParams } from "@/db/queries/report-submit";
import { submitReport } from "@/db/queries/report-submit";
import { now } from "@/server/clock";
import type { GuardedContext } from "@/server/http/guard";
import { reportSettingsFor } from "./settings";

/**
 * Stores a report the request's user sends (or takes by phone) for `patientId`, triaged with their
 * organisation's settings and advising with its 24-hour line, and names it in the request's audit
 * event, with whether it was a retry.
 */
export async function storeReport(
  { tx, user, annotate }: GuardedContext,
  report: Pick<SubmitReportParams, "patientId" | "source" | "idempotencyKey" | "input" | "locale">,
  details: AuditDetails = {},
) {
  const result = await submitReport(tx, {
    ...report,
    organisationId: user.organisationId,
    submittedBy: user.userId,
    ...reportSettingsFor(user.organisationSettings),
    now: now(),
  });
  annotate({
    resourceType: "symptom_report",
    resourceId: result.reportId,
    details: { replayed: result.replayed, ...details },
  });
  return result;
}
