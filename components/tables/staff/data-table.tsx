"use client";

import type { SortDirection } from "@tanstack/react-table";
import { useTranslations } from "next-intl";
import { useUrlNavigation } from "../navigation";
import { TablePagination } from "../pagination";
import { RowCells, SortableTable, type SortLink } from "../table-parts";
import { useServerTable } from "../use-server-table";
import { type StaffTableRow, useStaffColumns } from "./columns";
import { StaffEmptyState } from "./empty-state";
import { type StaffTableState, staffTableHref } from "./state";
import { StaffTableToolbar, type TeamOption } from "./toolbar";

/**
 * The staff table: TanStack Table renders the columns, but searching, filtering, sorting and paging
 * all happen on the server (manual modes): every change is a new URL, which the server page reads.
 * While the next page loads the table is marked busy and says so.
 */
export function StaffDirectory({
  rows,
  total,
  state,
  teams,
}: {
  rows: StaffTableRow[];
  total: number;
  state: StaffTableState;
  teams: TeamOption[];
}) {
  const t = useTranslations("staffTable");
  const { pending, navigate, onLinkClick } = useUrlNavigation();
  const columns = useStaffColumns();
  const table = useServerTable({ data: rows, columns, rowCount: total, view: state });
  const order = (dir: SortDirection) => (dir === "asc" ? t("ascending") : t("descending"));

  const pages = Math.max(1, Math.ceil(total / state.size));
  const first = total === 0 ? 0 : (state.page - 1) * state.size + 1;
  const last = Math.min(total, state.page * state.size);
  const sortLink = (columnId: string, sorted: false | SortDirection): SortLink => {
    const nextDir = sorted === "asc" ? "desc" : "asc";
    return {
      href: staffTableHref(state, { sort: columnId as StaffTableState["sort"], dir: nextDir, page: 1 }),
      hint: sorted
        ? t("sortedHint", { current: order(sorted), order: order(nextDir) })
        : t("sortHint", { order: order(nextDir) }),
    };
  };

  return (
    <section aria-labelledby="staff-table-heading" className="mt-4">
      <h2 id="staff-table-heading" className="sr-only">
        {t("heading")}
      </h2>
      <StaffTableToolbar state={state} teams={teams} onApply={navigate} pending={pending} />
      <p role="status" aria-live="polite" className="mt-4 text-slate-700" data-testid="staff-summary">
        {pending
          ? t("loading")
          : total === 0
            ? t("noMatch")
            : rows.length === 0
              ? t("noSuchPage", { page: state.page, total, pages })
              : t("showing", { first, last, total })}
      </p>
      {rows.length === 0 ? (
        <StaffEmptyState state={state} total={total} pages={pages} onLinkClick={onLinkClick} />
      ) : (
        <div className={`mt-2 overflow-x-auto transition-opacity ${pending ? "opacity-60" : ""}`} aria-busy={pending}>
          <SortableTable
            caption={t("heading")}
            table={table}
            sortLink={sortLink}
            onLinkClick={onLinkClick}
            renderRow={(row) => (
              <tr key={row.id} className="border-b border-slate-200 align-top">
                <RowCells row={row} />
              </tr>
            )}
          />
        </div>
      )}
      <TablePagination
        label={t("pages")}
        page={state.page}
        pages={pages}
        hrefFor={(page) => staffTableHref(state, { page })}
        onLinkClick={onLinkClick}
      />
    </section>
  );
}
