import type { ColumnDef, Table } from "@tanstack/react-table";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { AlertStatusBadge, SeverityBadge } from "@/components/alerts/labels";
import type { AlertWords } from "@/components/alerts/use-alert-words";
import type { QueueSort } from "@/lib/alerts/queue-state";
import { mergeReasons } from "@/lib/alerts/reasons";
import { timeLeft } from "@/lib/alerts/time";
import type { AlertView } from "@/lib/alerts/view";

/** What the cells need besides the row: the ticking clock, who is looking, and the action buttons. */
export type QueueTableMeta = {
  now: Date;
  viewerId: string;
  /** Alerts that arrived while the page was open, marked "New" until the queue is re-sorted. */
  freshIds: ReadonlySet<string>;
  /** Long text in full, over as many lines as it takes, rather than cut to one line on a wide screen. */
  wrap: boolean;
  /** The viewer is in more than one care team: each row names its alert's team. */
  showTeam: boolean;
  renderActions: (row: AlertView) => ReactNode;
  /** The alerts' words and clock times in the reader's language. */
  words: AlertWords;
  /** The cells' own words. */
  text: QueueCellWords;
};

/** The cells' own words in the reader's language, read once a render for every row. */
export function useQueueCellWords() {
  const t = useTranslations("triageQueue");
  return {
    new: t("new"),
    canWait: t("canWait"),
    cannotWait: t("cannotWait"),
    canWaitTitle: (yes: boolean) => (yes ? t("canWaitTitleYes") : t("canWaitTitleNo")),
    canWaitAnswer: (yes: boolean) => (yes ? t("canWaitAnswerYes") : t("canWaitAnswerNo")),
    patientSays: t("patientSaysLabel"),
    raised: t("raised"),
    assignedTo: t("assignedTo"),
    unassigned: t("unassigned"),
    you: t("you"),
    byYou: t("byYou"),
    byWhen: (who: string, when: string) => t("byWhen", { who, when }),
    outcomes: t("outcomes"),
    latestNote: t("latestNoteLabel"),
    nameWithheld: t("nameWithheld"),
    withheldPatient: t("withheldPatient"),
    reasonsWithheld: t("reasonsWithheld"),
    reportsSince: (count: number, ago: string) => t("reportsSince", { count, ago }),
  };
}

export type QueueCellWords = ReturnType<typeof useQueueCellWords>;

export const metaOf = (table: Table<AlertView>) => table.options.meta as QueueTableMeta;

export function patientLabel(row: AlertView, text: QueueCellWords): string {
  return row.patient ? row.patient.name : text.withheldPatient;
}

/**
 * How the queue is laid out. On a wide screen (2xl, 1536 px and up) it is a table of one line per
 * alert, its columns of fixed width (the table's `table-fixed` layout) and long text cut to the
 * cell with an ellipsis: the whole text is in the page for a screen reader, in the cell's tooltip,
 * and shown over several lines with "Show long text in full". Narrower, each alert is a card whose
 * parts wrap (two cards side by side from 1024 px), each part with a visible label where its value
 * alone would not say what it is.
 */
const CELL = "2xl:table-cell 2xl:px-1.5 2xl:align-top";
/** Text cells: 12 px above and below a 20 px line, the height of the row's 36 px buttons and their padding. */
const TEXT_CELL = `${CELL} 2xl:py-3`;
/** Cells of 26 px badges: 9 px above and below, the same 44 px. */
const BADGE_CELL = `${CELL} 2xl:py-[9px]`;
const HEAD =
  "max-2xl:rounded max-2xl:border max-2xl:border-slate-300 max-2xl:bg-white max-2xl:px-2 max-2xl:py-1 2xl:px-1.5 2xl:py-2 2xl:align-bottom 2xl:text-left";
/** A column that has no sort link: its header is for a screen reader only on a narrow screen, where rows are cards. */
const HEAD_UNSORTED = `${HEAD} max-2xl:sr-only`;
/**
 * A whole line of a card, left out of the card's flow (`absolute`) when it has nothing to say, but
 * never out of the table: `hidden` would take the cell from its row, and the cells after it out of
 * step with their headers.
 */
const CARD_LINE = "basis-full max-2xl:empty:absolute";

/** One line on a wide screen, unless the clinician asked for long text in full. */
const clip = (table: Table<AlertView>) => (metaOf(table).wrap ? "" : "2xl:truncate");
/** A short value: on one line in a card, and cut to its cell like the rest in the table. */
const short = (table: Table<AlertView>) => (metaOf(table).wrap ? "" : "whitespace-nowrap 2xl:truncate");

/**
 * A label that says what a value is where the rows are cards (the column's header says it in the
 * table): the element's `data-label`, shown before it. Generated content, so the cell's text is
 * its value alone, as in the table; a screen reader hears the label with it, and the column header.
 */
const LABELLED =
  "max-2xl:before:mr-1 max-2xl:before:text-slate-700 max-2xl:before:content-[attr(data-label)] 2xl:before:content-none";

/** "Can wait" or "Can't wait": the patient's answer to "Can this wait until your next appointment?". */
function CanWaitChip({ canWait, text }: { canWait: boolean; text: QueueCellWords }) {
  return (
    <span
      title={text.canWaitTitle(canWait)}
      className={`mr-1.5 inline-block rounded border px-1.5 text-xs font-semibold ${canWait ? "border-slate-500 bg-slate-50 text-slate-800" : "border-red-800 bg-red-50 text-red-900"}`}
    >
      {canWait ? text.canWait : text.cannotWait}
    </span>
  );
}

/** The column ids, in order: a test or a card layout finds a cell by them. */
export type QueueColumnId = QueueSort | "reasons" | "patientSays" | "assignee" | "latestNote" | "actions";

/** Each column's width on a wide screen; the three without one share what is left. */
export const COLUMN_WIDTH: Partial<Record<QueueColumnId, string>> = {
  severity: "2xl:w-[5.5rem]",
  patient: "2xl:w-[12.5rem]",
  raisedAt: "2xl:w-[6rem]",
  timeLeft: "2xl:w-[11rem]",
  assignee: "2xl:w-[8rem]",
  status: "2xl:w-[10rem]",
  actions: "2xl:w-[12rem]",
};

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
    meta: { headerClassName: HEAD, cellClassName: BADGE_CELL },
    cell: ({ row }) => <SeverityBadge severity={row.original.severity} />,
  },
  {
    id: "patient" satisfies QueueSort,
    accessorFn: (r) => r.patient?.name ?? "",
    header: "Patient",
    enableSorting: true,
    meta: { headerClassName: HEAD, cellClassName: `${TEXT_CELL} min-w-0` },
    cell: ({ row, table }) => {
      const r = row.original;
      const { showTeam, freshIds, text } = metaOf(table);
      const whole = [r.patient?.name ?? text.nameWithheld, r.patient?.hospitalNumber, showTeam ? r.careTeamName : null]
        .filter(Boolean)
        .join(", ");
      return (
        <div className={clip(table)} title={whole}>
          {freshIds.has(r.id) && (
            <span className="mr-1.5 rounded border border-violet-800 bg-violet-50 px-1 text-xs font-semibold text-violet-900">
              {text.new}
            </span>
          )}
          {r.patient ? (
            <Link
              href={`/patients/${r.patientId}`}
              className="font-semibold text-blue-800 underline underline-offset-2"
            >
              {r.patient.name}
            </Link>
          ) : (
            <span className="italic text-slate-700">{text.nameWithheld}</span>
          )}
          {r.patient?.hospitalNumber ? (
            <span className="ml-1.5 font-mono text-xs text-slate-700">{r.patient.hospitalNumber}</span>
          ) : null}
          {showTeam && r.careTeamName ? <span className="ml-1.5 text-xs text-slate-700">{r.careTeamName}</span> : null}
        </div>
      );
    },
  },
  {
    id: "reasons",
    header: "Reasons",
    enableSorting: false,
    meta: { headerClassName: HEAD_UNSORTED, cellClassName: `${TEXT_CELL} basis-full` },
    cell: ({ row, table }) => {
      const r = row.original;
      const { now, words, text } = metaOf(table);
      if (r.reasons === null) {
        return <div className={`italic text-slate-700 ${clip(table)}`}>{text.reasonsWithheld}</div>;
      }
      const reasons = mergeReasons(r.reasons);
      const more = r.reportCount > 1 ? text.reportsSince(r.reportCount, words.ago(r.lastReportedAt, now)) : null;
      return (
        <div className={clip(table)} title={[reasons.join("; "), more].filter(Boolean).join(". ")}>
          <span className="font-medium">{reasons.join("; ")}</span>
          {more ? <span className="text-slate-700"> · {more}</span> : null}
        </div>
      );
    },
  },
  {
    id: "patientSays",
    header: "Patient says",
    enableSorting: false,
    meta: { headerClassName: HEAD_UNSORTED, cellClassName: `${TEXT_CELL} ${CARD_LINE}` },
    cell: ({ row, table }) => {
      const says = row.original.patientSays;
      if (!says || (says.canWait === null && !says.note)) return null;
      const { text } = metaOf(table);
      return (
        <div
          data-label={text.patientSays}
          className={`${LABELLED} ${clip(table)}`}
          title={[says.canWait === null ? null : text.canWaitAnswer(says.canWait), says.note ? `“${says.note}”` : null]
            .filter(Boolean)
            .join(" ")}
        >
          {says.canWait !== null && <CanWaitChip canWait={says.canWait} text={text} />}
          {says.note ? <q className="text-slate-900">{says.note}</q> : null}
        </div>
      );
    },
  },
  {
    id: "raisedAt" satisfies QueueSort,
    accessorFn: (r) => r.raisedAt,
    header: "Raised",
    enableSorting: true,
    meta: { headerClassName: HEAD, cellClassName: `${TEXT_CELL}` },
    cell: ({ row, table }) => {
      const { now, words, text } = metaOf(table);
      return (
        <div
          data-label={text.raised}
          className={`${LABELLED} ${short(table)}`}
          title={words.ago(row.original.raisedAt, now)}
        >
          <time dateTime={row.original.raisedAt}>{words.shortClock(row.original.raisedAt, now)}</time>
        </div>
      );
    },
  },
  {
    id: "timeLeft" satisfies QueueSort,
    accessorFn: (r) => r.dueAt,
    header: "Time left",
    enableSorting: true,
    meta: { headerClassName: HEAD, cellClassName: `${TEXT_CELL}` },
    cell: ({ row, table }) => {
      const { now, words } = metaOf(table);
      const left = timeLeft(row.original, now);
      const said = words.timeLeft(left, row.original.status);
      if (left.kind === "overdue") {
        return (
          <div className={short(table)} title={said}>
            <span className="rounded bg-red-700 px-1.5 py-0.5 font-semibold text-white">{said}</span>
          </div>
        );
      }
      if (left.kind === "left") {
        return <div className={`${short(table)} ${left.urgent ? "font-semibold text-red-800" : ""}`}>{said}</div>;
      }
      return <div className="text-slate-700">{said}</div>;
    },
  },
  {
    id: "assignee",
    header: "Assigned to",
    enableSorting: false,
    meta: { headerClassName: HEAD_UNSORTED, cellClassName: `${TEXT_CELL}` },
    cell: ({ row, table }) => {
      const { assignee } = row.original;
      const { viewerId, text } = metaOf(table);
      const mine = assignee?.id === viewerId;
      const who = !assignee ? null : mine ? text.you : assignee.name;
      return (
        <div
          data-label={who === null ? undefined : text.assignedTo}
          className={`${LABELLED} ${short(table)}`}
          title={who ?? text.unassigned}
        >
          {who === null ? (
            <span className="text-slate-700">{text.unassigned}</span>
          ) : mine ? (
            <span className="font-medium">{who}</span>
          ) : (
            <span>{who}</span>
          )}
        </div>
      );
    },
  },
  {
    id: "status" satisfies QueueSort,
    accessorFn: (r) => r.status,
    header: "Status",
    enableSorting: true,
    meta: { headerClassName: HEAD, cellClassName: BADGE_CELL },
    cell: ({ row, table }) => {
      const r = row.original;
      const { now, viewerId, wrap, words, text } = metaOf(table);
      const by = (who: { id: string; name: string }) => (who.id === viewerId ? text.byYou : who.name);
      // Who acknowledged it is most often who holds it, named in the column before: then only when.
      const detail =
        r.status === "acknowledged" && r.acknowledgedBy && r.acknowledgedAt
          ? r.acknowledgedBy.id === r.assignee?.id
            ? words.clock(r.acknowledgedAt, now)
            : text.byWhen(by(r.acknowledgedBy), words.clock(r.acknowledgedAt, now))
          : r.status === "resolved" && r.resolvedBy && r.resolvedAt
            ? text.byWhen(by(r.resolvedBy), words.clock(r.resolvedAt, now))
            : r.lastNotified
              ? `${words.notified(r.lastNotified.escalation, r.lastNotified.channels)} ${r.lastNotified.name} ${words.clock(r.lastNotified.at, now)}`
              : null;
      const outcomes = r.status === "resolved" ? r.outcomeCodes.map(words.outcome) : [];
      return (
        <div
          className={`flex min-w-0 items-center gap-x-1.5 ${wrap ? "flex-wrap" : "flex-wrap 2xl:flex-nowrap"}`}
          title={[detail, ...outcomes].filter(Boolean).join("; ")}
        >
          <span className="shrink-0">
            <AlertStatusBadge status={r.status} />
          </span>
          {detail ? <span className={`text-xs text-slate-700 ${clip(table)}`}>{detail}</span> : null}
          {outcomes.length > 0 && (
            <ul aria-label={text.outcomes} className={`text-xs text-slate-800 ${clip(table)}`}>
              {outcomes.map((o) => (
                <li key={o} className="inline not-first:before:content-[';_']">
                  {o}
                </li>
              ))}
            </ul>
          )}
        </div>
      );
    },
  },
  {
    id: "latestNote",
    header: "Latest note",
    enableSorting: false,
    meta: { headerClassName: HEAD_UNSORTED, cellClassName: `${TEXT_CELL} ${CARD_LINE}` },
    cell: ({ row, table }) => {
      const note = row.original.latestNote;
      if (!note) return null;
      const { now, viewerId, words, text } = metaOf(table);
      const who = note.by.id === viewerId ? text.you : note.by.name;
      const when = words.clock(note.at, now);
      return (
        <div
          data-label={text.latestNote}
          className={`${LABELLED} ${clip(table)}`}
          title={`${who}, ${when}: “${note.text}”`}
        >
          <span className="font-medium">{who}</span>,{" "}
          <time dateTime={note.at} className="text-slate-700">
            {when}
          </time>
          : <q>{note.text}</q>
        </div>
      );
    },
  },
  {
    id: "actions",
    header: "Actions",
    enableSorting: false,
    meta: { headerClassName: HEAD_UNSORTED, cellClassName: `${CELL} basis-full 2xl:py-1` },
    cell: ({ row, table }) => metaOf(table).renderActions(row.original),
  },
];
