import type { ColumnDef, Table } from "@tanstack/react-table";
import Link from "next/link";
import type { ReactNode } from "react";
import { AlertReasons } from "@/components/alerts/alert-reasons";
import { AlertStatusBadge, NAME_WITHHELD, OutcomeList, SeverityBadge } from "@/components/alerts/labels";
import { reportCountText } from "@/lib/alerts/episodes";
import { notifiedQueueLabel } from "@/lib/alerts/notified";
import type { QueueSort } from "@/lib/alerts/queue-state";
import { formatAgo, formatClock, timeLeft } from "@/lib/alerts/time";
import type { AlertView } from "@/lib/alerts/view";

/** What the cells need besides the row: the ticking clock, who is looking, and the action buttons. */
export type QueueTableMeta = {
  now: Date;
  viewerId: string;
  /** Alerts that arrived while the page was open, marked "New" until the queue is re-sorted. */
  freshIds: ReadonlySet<string>;
  renderActions: (row: AlertView) => ReactNode;
};

export const metaOf = (table: Table<AlertView>) => table.options.meta as QueueTableMeta;

export function patientLabel(row: AlertView): string {
  return row.patient ? row.patient.name : "a patient whose name is withheld";
}

/**
 * Column ids that sort on the server are the queue state's sort keys. Sortable columns have an
 * accessor, without which TanStack Table reports a column as not sortable even in manual mode.
 */
export const alertColumns: ColumnDef<AlertView>[] = [
  {
    id: "severity" satisfies QueueSort,
    accessorFn: (r) => r.severity,
    header: "Severity",
    enableSorting: true,
    cell: ({ row, table }) => (
      <div className="flex flex-col items-start gap-1">
        <SeverityBadge severity={row.original.severity} />
        {metaOf(table).freshIds.has(row.original.id) && (
          <span className="rounded border border-violet-800 bg-violet-50 px-1.5 text-xs font-semibold text-violet-900">
            New
          </span>
        )}
      </div>
    ),
  },
  {
    id: "patient" satisfies QueueSort,
    accessorFn: (r) => r.patient?.name ?? "",
    header: "Patient",
    enableSorting: true,
    cell: ({ row }) => {
      const r = row.original;
      return (
        <div>
          {r.patient ? (
            <Link href={`/patients/${r.patientId}`} className="font-medium text-blue-800 underline underline-offset-2">
              {r.patient.name}
            </Link>
          ) : (
            <span className="italic text-slate-700">{NAME_WITHHELD}</span>
          )}
          {r.patient?.hospitalNumber ? (
            <div className="font-mono text-sm text-slate-700">{r.patient.hospitalNumber}</div>
          ) : null}
          {r.careTeamName ? <div className="text-sm text-slate-700">{r.careTeamName}</div> : null}
        </div>
      );
    },
  },
  {
    id: "reasons",
    header: "Reasons",
    enableSorting: false,
    cell: ({ row, table }) => {
      const r = row.original;
      return (
        <div>
          <AlertReasons reasons={r.reasons} className="list-inside text-sm" />
          {r.reportCount > 1 && (
            <div className="mt-1 text-sm text-slate-700">
              {reportCountText(r.reportCount)} since raised, latest{" "}
              <time dateTime={r.lastReportedAt}>{formatAgo(r.lastReportedAt, metaOf(table).now)}</time>
            </div>
          )}
        </div>
      );
    },
  },
  {
    id: "raisedAt" satisfies QueueSort,
    accessorFn: (r) => r.raisedAt,
    header: "Raised",
    enableSorting: true,
    cell: ({ row, table }) => {
      const { now } = metaOf(table);
      return (
        <div className="whitespace-nowrap">
          <time dateTime={row.original.raisedAt}>{formatClock(row.original.raisedAt, now)}</time>
          <div className="text-sm text-slate-700">{formatAgo(row.original.raisedAt, now)}</div>
        </div>
      );
    },
  },
  {
    id: "timeLeft" satisfies QueueSort,
    accessorFn: (r) => r.dueAt,
    header: "Time left",
    enableSorting: true,
    cell: ({ row, table }) => {
      const left = timeLeft(row.original, metaOf(table).now);
      if (left.kind === "overdue") {
        return (
          <div>
            <span className="inline-block rounded border border-red-800 bg-red-700 px-1.5 text-xs font-bold uppercase tracking-wide text-white">
              Overdue
            </span>
            <div className="whitespace-nowrap font-semibold text-red-800">{left.text}</div>
          </div>
        );
      }
      if (left.kind === "left") {
        return (
          <span className={`whitespace-nowrap ${left.urgent ? "font-semibold text-red-800" : ""}`}>{left.text}</span>
        );
      }
      return <span className="text-slate-700">{left.text}</span>;
    },
  },
  {
    id: "assignee",
    header: "Assigned to",
    enableSorting: false,
    cell: ({ row, table }) => {
      const { assignee } = row.original;
      if (!assignee) return <span className="text-slate-700">Unassigned</span>;
      return assignee.id === metaOf(table).viewerId ? (
        <span className="font-medium">You</span>
      ) : (
        <span>{assignee.name}</span>
      );
    },
  },
  {
    id: "status" satisfies QueueSort,
    accessorFn: (r) => r.status,
    header: "Status",
    enableSorting: true,
    cell: ({ row, table }) => {
      const r = row.original;
      const { now } = metaOf(table);
      return (
        <div>
          <AlertStatusBadge status={r.status} />
          {r.lastNotified ? (
            <div className="text-sm text-slate-700">
              {notifiedQueueLabel(r.lastNotified.escalation, r.lastNotified.channels)} {r.lastNotified.name}{" "}
              <time dateTime={r.lastNotified.at}>{formatClock(r.lastNotified.at, now)}</time>
            </div>
          ) : null}
          {r.status === "acknowledged" && r.acknowledgedBy && r.acknowledgedAt ? (
            <div className="text-sm text-slate-700">
              by {r.acknowledgedBy.id === metaOf(table).viewerId ? "you" : r.acknowledgedBy.name},{" "}
              {formatClock(r.acknowledgedAt, now)}
            </div>
          ) : null}
          {r.status === "resolved" ? (
            <>
              {r.resolvedBy && r.resolvedAt ? (
                <div className="text-sm text-slate-700">
                  by {r.resolvedBy.id === metaOf(table).viewerId ? "you" : r.resolvedBy.name},{" "}
                  {formatClock(r.resolvedAt, now)}
                </div>
              ) : null}
              <OutcomeList codes={r.outcomeCodes} />
            </>
          ) : null}
        </div>
      );
    },
  },
  {
    id: "actions",
    header: "Actions",
    enableSorting: false,
    cell: ({ row, table }) => metaOf(table).renderActions(row.original),
  },
];
