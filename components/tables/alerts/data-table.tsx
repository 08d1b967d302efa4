"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type AlertActionHandlers, type AlertActionOutcome, AlertActions } from "@/components/alerts/alert-actions";
import { useAlertWords } from "@/components/alerts/use-alert-words";
import { type QueueSort, type QueueState, queueHref, toggledSort } from "@/lib/alerts/queue-state";
import { withRedCount } from "@/lib/alerts/queue-title";
import type { AlertView, Colleague } from "@/lib/alerts/view";
import { useUrlNavigation } from "../navigation";
import { TablePagination } from "../pagination";
import { RowCells, SortableTable, type SortLink } from "../table-parts";
import { useServerTable } from "../use-server-table";
import {
  alertColumns,
  COLUMN_WIDTH,
  patientLabel,
  type QueueColumnId,
  type QueueTableMeta,
  useQueueCellWords,
} from "./columns";
import { TriageQueueEmpty } from "./empty-states";
import { TriageQueueToolbar } from "./toolbar";
import { type PollProblem, type QueueUpdate, useQueueUpdates } from "./use-queue-updates";

type RowMessage = { tone: "ok" | "error"; text: string };

/** Most urgent first: red, open before acknowledged, least time left, then id. */
function byPriority(a: AlertView, b: AlertView): number {
  const rank = (r: AlertView) => (r.severity === "red" ? 0 : 2) + (r.status === "open" ? 0 : 1);
  return rank(a) - rank(b) || a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id);
}

/**
 * The triage queue. TanStack Table renders it in manual mode: sorting, filtering and paging are
 * done by the server, and every change is a new URL the server page reads.
 *
 * While the page is open it polls for changes. A row's state is updated in place; new alerts are
 * added at the top, marked "New", but never while the pointer or keyboard focus is in the table or
 * a dialog is open: then they wait, announced, until the clinician moves away or asks to see them,
 * so the row under their pointer never moves. "Sort into place" re-reads the page in order.
 */
export function TriageQueueTable({
  rows,
  total,
  overdue,
  redOpen,
  state,
  now,
  viewerId,
  teams,
  hasTeams,
  colleagues,
  handlers,
}: {
  rows: AlertView[];
  total: number;
  overdue: number;
  /** Open red alerts of the clinician's teams: the tab's title counts them. */
  redOpen: number;
  state: QueueState;
  /** The server's time when `rows` were read (ISO). */
  now: string;
  viewerId: string;
  teams: { id: string; name: string }[];
  hasTeams: boolean;
  colleagues: Colleague[];
  handlers: AlertActionHandlers;
}) {
  const { pending: navigating, navigate, refresh, onLinkClick } = useUrlNavigation();

  // What changed since the server rendered `rows`. The page keys this component by its render time,
  // so a new server render (another view, or "Sort into place") starts afresh.
  const [changed, setChanged] = useState<Map<string, AlertView>>(() => new Map());
  const [fresh, setFresh] = useState<AlertView[]>([]);
  const [waiting, setWaiting] = useState<AlertView[]>([]);
  const [counts, setCounts] = useState({ total, overdue, redOpen });
  const [wrap, setWrap] = useWrapPreference();
  const [messages, setMessages] = useState<Map<string, RowMessage>>(() => new Map());
  const [announcement, setAnnouncement] = useState("");
  const [problem, setProblem] = useState<PollProblem>(null);

  // The tab's title says how many red alerts wait for acknowledgement, "(3 red) Triage queue", so a
  // clinician working in another tab sees it; the server gave the first count, each poll the next.
  const t = useTranslations("triage");
  const tq = useTranslations("triageQueue");
  const words = useAlertWords();
  const text = useQueueCellWords();
  const sortWords = (sort: QueueSort, dir: "asc" | "desc") => {
    const asc = dir === "asc";
    switch (sort) {
      case "severity":
        return asc ? tq("sortSeverityAsc") : tq("sortSeverityDesc");
      case "patient":
        return asc ? tq("sortPatientAsc") : tq("sortPatientDesc");
      case "raisedAt":
        return asc ? tq("sortRaisedAsc") : tq("sortRaisedDesc");
      case "timeLeft":
        return asc ? tq("sortTimeLeftAsc") : tq("sortTimeLeftDesc");
      case "status":
        return asc ? tq("sortStatusAsc") : tq("sortStatusDesc");
    }
  };
  useEffect(() => {
    document.title = withRedCount(document.title, counts.redOpen, (count) => t("redCount", { count }));
  }, [counts.redOpen, t]);

  // The columns' headers in the reader's language; the columns themselves are the same in each.
  const columns = useMemo(() => {
    const headers: Record<QueueColumnId, string> = {
      severity: t("colSeverity"),
      patient: t("colPatient"),
      reasons: t("colReasons"),
      patientSays: t("colPatientSays"),
      raisedAt: t("colRaised"),
      timeLeft: t("colTimeLeft"),
      assignee: t("colAssignedTo"),
      status: t("colStatus"),
      latestNote: t("colLatestNote"),
      actions: t("colActions"),
    };
    return alertColumns.map((c) => ({ ...c, header: headers[c.id as QueueColumnId] ?? c.header }));
  }, [t]);

  // The clock the "time left" column counts down with, kept in step with the server's.
  const [clock, setClock] = useState(() => new Date(now));
  useEffect(() => {
    const offset = new Date(now).getTime() - Date.now();
    setClock(new Date(Date.now() + offset));
    const timer = window.setInterval(() => setClock(new Date(Date.now() + offset)), 20_000);
    return () => window.clearInterval(timer);
  }, [now]);

  // Is the clinician working in the table? Then nothing may move under them.
  const [pointerInside, setPointerInside] = useState(false);
  const [focusInside, setFocusInside] = useState(false);
  const [dialogsOpen, setDialogsOpen] = useState(0);
  const holding = pointerInside || focusInside || dialogsOpen > 0;

  const current = (row: AlertView) => changed.get(row.id) ?? row;
  const shown = useMemo(() => [...fresh, ...rows].map((r) => changed.get(r.id) ?? r), [fresh, rows, changed]);
  const freshIds = useMemo(() => new Set(fresh.map((r) => r.id)), [fresh]);
  const known = useRef(new Set<string>());
  known.current = new Set([...rows, ...fresh, ...waiting].map((r) => r.id));

  // The announcement is made in the poll's callback; it reads the words of the latest render.
  const textRef = useRef({ text, tq });
  textRef.current = { text, tq };
  const onUpdate = useCallback((update: QueueUpdate) => {
    if (update.updated.length > 0) {
      setChanged((previous) => {
        const next = new Map(previous);
        for (const row of update.updated) {
          const had = next.get(row.id);
          if (!had || had.version <= row.version) next.set(row.id, row);
        }
        return next;
      });
    }
    const added = update.added.filter((r) => !known.current.has(r.id));
    if (added.length > 0) {
      for (const r of added) known.current.add(r.id);
      setWaiting((previous) => [...previous, ...added]);
      const red = added.filter((r) => r.severity === "red").length;
      const { text: w, tq: say } = textRef.current;
      setAnnouncement(
        say("announcement", {
          count: added.length,
          red,
          patients: added.map((r) => patientLabel(r, w)).join(", "),
        }),
      );
    }
    setCounts({ total: update.total, overdue: update.overdue, redOpen: update.redOpen });
  }, []);

  const shownIds = useRef<string[]>([]);
  shownIds.current = shown.map((r) => r.id);
  const { check } = useQueueUpdates({
    state,
    since: now,
    visibleIds: () => shownIds.current,
    onUpdate,
    onProblem: setProblem,
  });

  // New alerts join the table as soon as nothing is held under the clinician's pointer or focus.
  const showWaiting = useCallback(() => {
    if (waiting.length === 0) return;
    const ids = new Set(waiting.map((r) => r.id));
    setFresh((previous) => [...waiting].sort(byPriority).concat(previous.filter((r) => !ids.has(r.id))));
    setWaiting([]);
  }, [waiting]);
  useEffect(() => {
    if (!holding) showWaiting();
  }, [holding, showWaiting]);

  const onOutcome = (outcome: AlertActionOutcome) => {
    if (outcome.kind === "changed") {
      setChanged((previous) => new Map(previous).set(outcome.alert.id, outcome.alert));
      setMessages((previous) => new Map(previous).set(outcome.alert.id, { tone: "ok", text: outcome.message }));
      // The counts (overdue, red in the title) change with it: ask now rather than at the next poll.
      void check();
      return;
    }
    setMessages((previous) => new Map(previous).set(outcome.alertId, { tone: "error", text: outcome.message }));
    // Show the alert as it now is (or that it is gone).
    void check([outcome.alertId]);
  };

  const table = useServerTable({
    data: shown,
    columns,
    rowCount: counts.total,
    view: state,
    meta: {
      now: clock,
      viewerId,
      freshIds,
      wrap,
      showTeam: teams.length > 1,
      words,
      text,
      renderActions: (row: AlertView) => {
        const message = messages.get(row.id);
        return (
          <div>
            <AlertActions
              alert={current(row)}
              handlers={handlers}
              colleagues={colleagues}
              viewerId={viewerId}
              patientLabel={patientLabel(row, text)}
              onOutcome={onOutcome}
              onDialogChange={(open) => setDialogsOpen((n) => Math.max(0, n + (open ? 1 : -1)))}
            />
            {message ? (
              <p
                role={message.tone === "error" ? "alert" : "status"}
                className={`mt-1.5 max-w-xs rounded border px-2 py-1 text-sm ${message.tone === "error" ? "border-red-700 bg-red-50 text-red-900" : "border-green-700 bg-green-50 text-green-900"}`}
              >
                {message.text}
              </p>
            ) : null}
          </div>
        );
      },
    } satisfies QueueTableMeta,
  });

  const pages = Math.max(1, Math.ceil(counts.total / state.size));
  const first = counts.total === 0 ? 0 : (state.page - 1) * state.size + 1;
  const last = Math.min(counts.total, state.page * state.size);
  const order = sortWords(state.sort, state.dir);
  const overdueHref = queueHref(state, { overdue: true, page: 1 });
  const sortLink = (columnId: string): SortLink => {
    const next = toggledSort(state, columnId as QueueSort);
    return { href: queueHref(state, next), hint: tq("sortHint", { order: sortWords(next.sort, next.dir) }) };
  };

  return (
    <section aria-labelledby="triage-table-heading" className="mt-3">
      <h2 id="triage-table-heading" className="sr-only">
        {tq("heading")}
      </h2>
      {/* On a wide screen the counts and the filters share a line, leaving the height to the alerts. */}
      <div className="flex flex-wrap items-center gap-x-5 gap-y-3 2xl:flex-nowrap">
        <div className="flex shrink-0 flex-wrap items-center gap-3" data-testid="queue-counts">
          <a
            href={overdueHref}
            onClick={onLinkClick(overdueHref)}
            className={`rounded-lg border-2 px-3 py-1.5 font-semibold ${counts.overdue > 0 ? "border-red-800 bg-red-700 text-white" : "border-slate-400 bg-white text-slate-800"}`}
          >
            {tq.rich("overdueCount", {
              count: counts.overdue,
              n: (chunks) => <span data-testid="overdue-count">{chunks}</span>,
            })}
          </a>
          <span className="text-slate-800">{tq("inView", { count: counts.total })}</span>
        </div>
        <div className="min-w-0 grow">
          <TriageQueueToolbar state={state} teams={teams} onApply={navigate} pending={navigating} />
        </div>
      </div>

      {/* Always takes its space, so news of alerts never pushes the table down. */}
      <div className="mt-2 flex min-h-10 flex-wrap items-center gap-x-5 gap-y-1">
        <p role="status" className="text-slate-700" data-testid="queue-summary">
          {navigating
            ? tq("loading")
            : counts.total === 0
              ? tq("noneInView")
              : rows.length === 0
                ? tq("pastLastPage", { page: state.page, total: counts.total, pages })
                : tq("showing", { first, last, total: counts.total, order })}
        </p>
        <div className="flex flex-wrap items-center gap-3" data-testid="queue-news">
          {waiting.length > 0 && (
            <>
              <p className="font-semibold text-violet-900">
                {tq("arrived", {
                  count: waiting.length,
                  red: waiting.filter((r) => r.severity === "red").length,
                })}{" "}
                <span className="font-normal text-slate-700">{tq("joinLater")}</span>
              </p>
              <button
                type="button"
                onClick={showWaiting}
                className="rounded border border-violet-800 bg-violet-700 px-3 py-1 text-white"
              >
                {tq("showNow")}
              </button>
            </>
          )}
          {waiting.length === 0 && fresh.length > 0 && (
            <>
              <p className="text-violet-900">{tq("addedAtTop", { count: fresh.length })}</p>
              <button
                type="button"
                onClick={refresh}
                className="rounded border border-slate-500 bg-white px-3 py-1 text-slate-900"
                disabled={navigating}
              >
                {tq("sortIntoPlace")}
              </button>
            </>
          )}
          {problem === "signed_out" && (
            <p role="alert" className="text-red-900">
              {tq("signedOut")}
            </p>
          )}
          {problem === "unreachable" && <p className="text-amber-900">{tq("unreachable")}</p>}
        </div>
        {shown.length > 0 && (
          <label className="ml-auto hidden min-h-9 items-center gap-2 text-sm 2xl:flex">
            <input
              type="checkbox"
              checked={wrap}
              onChange={(event) => setWrap(event.currentTarget.checked)}
              className="h-4 w-4"
            />
            {tq("wrap")}
          </label>
        )}
      </div>
      <div role="status" aria-live="polite" className="sr-only" data-testid="queue-announcer">
        {announcement}
      </div>

      {shown.length === 0 ? (
        <TriageQueueEmpty
          state={state}
          total={counts.total}
          pages={pages}
          hasTeams={hasTeams}
          onLinkClick={onLinkClick}
        />
      ) : (
        // biome-ignore lint/a11y/noStaticElementInteractions: tracks where the pointer is, handles no input itself
        <div
          className={`mt-1 transition-opacity ${navigating ? "opacity-60" : ""}`}
          aria-busy={navigating}
          onPointerEnter={() => setPointerInside(true)}
          onPointerLeave={() => setPointerInside(false)}
          onFocus={() => setFocusInside(true)}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusInside(false);
          }}
          data-testid="queue-table-region"
        >
          <SortableTable
            caption={tq("caption", { order })}
            table={table}
            sortLink={sortLink}
            onLinkClick={onLinkClick}
            explicitRoles
            className="block w-full text-left text-sm 2xl:table 2xl:table-fixed 2xl:border-collapse 2xl:bg-white"
            head={{
              className: "block 2xl:table-header-group",
              rowClassName:
                "flex flex-wrap items-center gap-2 pb-2 2xl:table-row 2xl:border-b-2 2xl:border-slate-300 2xl:pb-0",
            }}
            bodyClassName="block space-y-2 lg:grid lg:grid-cols-2 lg:gap-2 lg:space-y-0 2xl:table-row-group"
            colgroup={
              <colgroup>
                {table.getVisibleLeafColumns().map((column) => (
                  <col key={column.id} className={COLUMN_WIDTH[column.id as QueueColumnId]} />
                ))}
              </colgroup>
            }
            renderRow={(row) => {
              const r = row.original;
              const isOverdue = r.status === "open" && new Date(r.dueAt).getTime() < clock.getTime();
              const tint = freshIds.has(r.id) ? "bg-violet-50" : isOverdue ? "bg-red-50" : "bg-white";
              return (
                <tr
                  key={row.id}
                  // biome-ignore lint/a11y/noRedundantRoles: a card on a narrow screen, where some browsers drop a row's role
                  role="row"
                  data-alert-id={r.id}
                  data-status={r.status}
                  className={`flex min-w-0 flex-wrap items-center content-start gap-x-4 gap-y-1.5 rounded border border-slate-300 p-3 2xl:table-row 2xl:rounded-none 2xl:border-0 2xl:border-b 2xl:border-slate-200 2xl:p-0 ${tint} ${r.severity === "red" ? "border-l-4 border-l-red-700 2xl:border-l-4 2xl:border-l-red-700" : "border-l-4 border-l-amber-500 2xl:border-l-4 2xl:border-l-amber-500"}`}
                >
                  <RowCells row={row} explicitRoles />
                </tr>
              );
            }}
          />
        </div>
      )}
      <TablePagination
        label={tq("pagesLabel")}
        page={state.page}
        pages={pages}
        hrefFor={(page) => queueHref(state, { page })}
        onLinkClick={onLinkClick}
      />
    </section>
  );
}

const WRAP_KEY = "serums.triage.wrap";

/**
 * "Show long text in full", remembered in this browser: the table is drawn afresh with every new
 * view of the queue, and the choice is the clinician's, not the view's.
 */
function useWrapPreference(): [boolean, (wrap: boolean) => void] {
  const [wrap, setWrap] = useState(false);
  useEffect(() => {
    try {
      setWrap(window.localStorage.getItem(WRAP_KEY) === "1");
    } catch {
      // Storage refused (private mode, a policy): the choice lasts for this view only.
    }
  }, []);
  const choose = useCallback((next: boolean) => {
    setWrap(next);
    try {
      if (next) window.localStorage.setItem(WRAP_KEY, "1");
      else window.localStorage.removeItem(WRAP_KEY);
    } catch {
      // As above.
    }
  }, []);
  return [wrap, choose];
}
