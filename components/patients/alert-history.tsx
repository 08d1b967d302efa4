import Link from "next/link";
import { useTranslations } from "next-intl";
import { AlertReasons } from "@/components/alerts/alert-reasons";
import { useAlertWords } from "@/components/alerts/use-alert-words";
import type { RecordAlert } from "@/db/queries/record";
import { latestClinicianNote } from "@/lib/alerts/view";
import { formatDateTime, NOTIFIED_KINDS } from "./format";

/**
 * The patient's alerts, newest first, each an episode: severity, status, the latest reasons, how
 * many reports it holds, when raised and due, who took charge and who closed it with what outcome,
 * the latest clinician's note in view, and every event in order (each later report with its own level and reasons); with the triage
 * queue's actions where the page gives them.
 */
export function AlertHistory({
  alerts,
  staff,
  now,
  actions,
}: {
  alerts: RecordAlert[];
  staff: Record<string, string>;
  now: Date;
  /** The triage queue's actions for one alert, where the viewer may act on it. */
  actions?: (alert: RecordAlert) => React.ReactNode;
}) {
  const t = useTranslations("alertHistory");
  const words = useAlertWords();
  const { tag } = words;
  if (alerts.length === 0) return <p className="mt-2">{t("none")}</p>;
  const who = (id: string | null) => (id ? (staff[id] ?? t("aStaffMember")) : "");
  const when = (at: Date) => formatDateTime(at, tag);
  // The record's own words for each outcome, as the clinician who resolved it would say it.
  const outcomeWords: Record<string, string> = {
    self_care_advice: t("outcomeSelfCare"),
    acute_oncology_referral: t("outcomeAcuteOncology"),
    emergency_services: t("outcomeEmergency"),
    treatment_modified: t("outcomeTreatmentModified"),
    patient_not_contacted: t("outcomeNotContacted"),
    unable_to_contact: t("outcomeUnableToContact"),
    no_intervention_needed: t("outcomeNoIntervention"),
  };
  const outcomes = (codes: readonly string[]) => codes.map((code) => outcomeWords[code] ?? code).join("; ");
  const eventWords: Record<string, string> = {
    acknowledged: t("eventAcknowledged"),
    assigned: t("eventAssigned"),
    note: t("eventNote"),
    resolved: t("eventResolved"),
    reopened: t("eventReopened"),
    report_added: t("eventReportAdded"),
    escalated: t("eventEscalated"),
  };
  return (
    <ol className="mt-2 space-y-3">
      {alerts.map((a) => {
        const overdue = a.status === "open" && a.dueAt.getTime() < now.getTime();
        const note = latestClinicianNote(
          a.events.map((e) => ({ ...e, at: e.createdAt.toISOString(), by: { id: e.userId, name: who(e.userId) } })),
        );
        return (
          <li key={a.id} className="rounded border border-slate-300 bg-white p-3">
            <article aria-labelledby={`alert-${a.id}`}>
              <h3 id={`alert-${a.id}`} className="flex flex-wrap items-center gap-2 font-semibold">
                <span
                  className={`rounded px-2 py-0.5 text-sm ${a.severity === "red" ? "bg-red-700 text-white" : "bg-amber-300 text-amber-950"}`}
                >
                  {words.severity(a.severity)}
                </span>
                {t("raised", { when: when(a.raisedAt) })}
                <span className="text-sm font-normal text-slate-700">
                  · {words.status(a.status)}
                  {overdue ? ` · ${t("overdue")}` : ""}
                </span>
              </h3>
              <AlertReasons reasons={a.reasons} className="mt-1 pl-6" />
              <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-sm">
                <Fact term={t("reports")}>
                  {t("reportCount", { count: a.reportCount })}
                  {a.reportCount > 1 && <>, {t("latest", { when: when(a.lastReportedAt) })}</>}
                </Fact>
                <Fact term={t("due")}>{when(a.dueAt)}</Fact>
                {a.assignedTo && <Fact term={t("assignedTo")}>{who(a.assignedTo)}</Fact>}
                {a.acknowledgedAt && (
                  <Fact term={t("acknowledged")}>
                    {t("whenBy", { when: when(a.acknowledgedAt), who: who(a.acknowledgedBy) })}
                  </Fact>
                )}
                {a.resolvedAt && (
                  <Fact term={t("resolved")}>{t("whenBy", { when: when(a.resolvedAt), who: who(a.resolvedBy) })}</Fact>
                )}
                {a.outcomeCodes.length > 0 && <Fact term={t("outcome")}>{outcomes(a.outcomeCodes)}</Fact>}
                {note && (
                  <Fact term={t("latestNote")}>
                    <span className="font-medium">{note.by.name}</span>,{" "}
                    <time dateTime={note.at}>{when(new Date(note.at))}</time>:{" "}
                    <q className="whitespace-pre-line">{note.text}</q>
                  </Fact>
                )}
              </dl>
              {a.events.length > 0 && (
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm font-medium">
                    {t("history", { count: a.events.length })}
                  </summary>
                  <ol className="mt-1 space-y-1 border-l-2 border-slate-300 pl-3 text-sm">
                    {a.events.map((e) => (
                      <li key={e.id}>
                        {e.report ? (
                          <>
                            <span className="font-medium">{eventWords[e.kind] ?? e.kind}</span> (
                            {e.report.severity === "red" ? t("red") : t("amber")}), {when(e.createdAt)}
                            {(e.report.reasons === null || e.report.reasons.length > 0) && (
                              <AlertReasons reasons={e.report.reasons} className="pl-5" />
                            )}
                          </>
                        ) : (
                          <>
                            <span className="font-medium">
                              {NOTIFIED_KINDS.has(e.kind)
                                ? words.notified(e.kind === "escalation_notified", e.channels)
                                : (eventWords[e.kind] ?? e.kind)}
                            </span>{" "}
                            {NOTIFIED_KINDS.has(e.kind) ? who(e.userId) : t("by", { who: who(e.userId) })},{" "}
                            {when(e.createdAt)}
                          </>
                        )}
                        {e.outcomeCodes.length > 0 && <> · {outcomes(e.outcomeCodes)}</>}
                        {e.note && <p className="text-slate-800">“{e.note}”</p>}
                      </li>
                    ))}
                  </ol>
                </details>
              )}
              {actions ? (
                actions(a)
              ) : a.status !== "resolved" ? (
                <p className="mt-2 text-sm">
                  <Link href="/triage" className="text-blue-800 underline">
                    {t("handleInQueue")}
                  </Link>
                </p>
              ) : null}
            </article>
          </li>
        );
      })}
    </ol>
  );
}

/** One line of an alert's facts: what, and its value. */
function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-slate-700">{term}</dt>
      <dd>{children}</dd>
    </>
  );
}
