import Link from "next/link";
import { AlertReasons } from "@/components/alerts/alert-reasons";
import type { RecordAlert } from "@/db/queries/record";
import { reportCountText } from "@/lib/alerts/episodes";
import { notifiedLabel } from "@/lib/alerts/notified";
import { latestClinicianNote } from "@/lib/alerts/view";
import { ALERT_EVENT_LABELS, ALERT_STATUS_LABELS, formatDateTime, NOTIFIED_KINDS, outcomeLabel } from "./format";

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
  if (alerts.length === 0) return <p className="mt-2">No alerts in this period.</p>;
  const who = (id: string | null) => (id ? (staff[id] ?? "A member of staff") : "");
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
                  {a.severity === "red" ? "Red" : "Amber"}
                </span>
                Raised {formatDateTime(a.raisedAt)}
                <span className="text-sm font-normal text-slate-700">
                  · {ALERT_STATUS_LABELS[a.status]}
                  {overdue ? " · overdue" : ""}
                </span>
              </h3>
              <AlertReasons reasons={a.reasons} className="mt-1 pl-6" />
              <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-sm">
                <Fact term="Reports">
                  {reportCountText(a.reportCount)}
                  {a.reportCount > 1 && <>, latest {formatDateTime(a.lastReportedAt)}</>}
                </Fact>
                <Fact term="Due">{formatDateTime(a.dueAt)}</Fact>
                {a.assignedTo && <Fact term="Assigned to">{who(a.assignedTo)}</Fact>}
                {a.acknowledgedAt && (
                  <Fact term="Acknowledged">
                    {formatDateTime(a.acknowledgedAt)} by {who(a.acknowledgedBy)}
                  </Fact>
                )}
                {a.resolvedAt && (
                  <Fact term="Resolved">
                    {formatDateTime(a.resolvedAt)} by {who(a.resolvedBy)}
                  </Fact>
                )}
                {a.outcomeCodes.length > 0 && <Fact term="Outcome">{a.outcomeCodes.map(outcomeLabel).join("; ")}</Fact>}
                {note && (
                  <Fact term="Latest note">
                    <span className="font-medium">{note.by.name}</span>,{" "}
                    <time dateTime={note.at}>{formatDateTime(new Date(note.at))}</time>:{" "}
                    <q className="whitespace-pre-line">{note.text}</q>
                  </Fact>
                )}
              </dl>
              {a.events.length > 0 && (
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm font-medium">History ({a.events.length})</summary>
                  <ol className="mt-1 space-y-1 border-l-2 border-slate-300 pl-3 text-sm">
                    {a.events.map((e) => (
                      <li key={e.id}>
                        {e.report ? (
                          <>
                            <span className="font-medium">{ALERT_EVENT_LABELS[e.kind] ?? e.kind}</span> (
                            {e.report.severity === "red" ? "red" : "amber"}), {formatDateTime(e.createdAt)}
                            {(e.report.reasons === null || e.report.reasons.length > 0) && (
                              <AlertReasons reasons={e.report.reasons} className="pl-5" />
                            )}
                          </>
                        ) : (
                          <>
                            <span className="font-medium">
                              {NOTIFIED_KINDS.has(e.kind)
                                ? notifiedLabel(e.kind === "escalation_notified", e.channels)
                                : (ALERT_EVENT_LABELS[e.kind] ?? e.kind)}
                            </span>
                            {NOTIFIED_KINDS.has(e.kind) ? " " : " by "}
                            {who(e.userId)}, {formatDateTime(e.createdAt)}
                          </>
                        )}
                        {e.outcomeCodes.length > 0 && <> · {e.outcomeCodes.map(outcomeLabel).join("; ")}</>}
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
                    Handle this alert in the triage queue
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
