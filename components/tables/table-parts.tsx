import { flexRender, type Row, type RowData, type SortDirection, type Table } from "@tanstack/react-table";
import type { ReactNode } from "react";
import type { OnLinkClick } from "./navigation";

declare module "@tanstack/react-table" {
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Classes of the column's header cell, in place of the default padding. */
    headerClassName?: string;
    /** Classes of each of its body cells, in place of the default padding. */
    cellClassName?: string;
  }
}

/**
 * A table whose rows may be laid out as something other than table rows (cards on a narrow
 * screen) says what each element is in ARIA as well: some browsers drop a table's semantics once
 * its rows are given another CSS display.
 */
const roleOf = (explicit: boolean | undefined, role: string) => (explicit ? role : undefined);

/** Where a sortable column's header link leads, and what it adds for a screen reader after the label. */
export type SortLink = { href: string; hint: string };

/**
 * The header rows of a server-sorted table. A sortable column's header is a link to the URL that
 * sorts by it, so sorting works without JavaScript and can be shared; `aria-sort` says the current order.
 * Its id (`sort-<column>`) brings the focus back to it once the sorted page is shown.
 */
export function SortableTableHead<Data>({
  table,
  sortLink,
  onLinkClick,
  className,
  rowClassName = "border-b-2 border-slate-300",
  explicitRoles,
}: {
  table: Table<Data>;
  sortLink: (columnId: string, sorted: false | SortDirection) => SortLink;
  onLinkClick: OnLinkClick;
  className?: string;
  rowClassName?: string;
  explicitRoles?: boolean;
}) {
  return (
    <thead className={className} role={roleOf(explicitRoles, "rowgroup")}>
      {table.getHeaderGroups().map((group) => (
        <tr key={group.id} className={rowClassName} role={roleOf(explicitRoles, "row")}>
          {group.headers.map((header) => {
            const label = flexRender(header.column.columnDef.header, header.getContext());
            const headerClassName = header.column.columnDef.meta?.headerClassName ?? "p-2 align-bottom";
            if (!header.column.getCanSort()) {
              return (
                <th
                  key={header.id}
                  scope="col"
                  className={headerClassName}
                  role={roleOf(explicitRoles, "columnheader")}
                >
                  {label}
                </th>
              );
            }
            const sorted = header.column.getIsSorted();
            const { href, hint } = sortLink(header.column.id, sorted);
            return (
              <th
                key={header.id}
                scope="col"
                className={headerClassName}
                role={roleOf(explicitRoles, "columnheader")}
                aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
              >
                <a
                  id={`sort-${header.column.id}`}
                  href={href}
                  onClick={onLinkClick(href)}
                  className="inline-flex items-center gap-1 underline-offset-2 hover:underline"
                >
                  {label}
                  <span aria-hidden="true" className="text-slate-600">
                    {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                  </span>
                  <span className="sr-only">{hint}</span>
                </a>
              </th>
            );
          })}
        </tr>
      ))}
    </thead>
  );
}

/** A body row's cells, each rendered by its column; the `<tr>` is the table's own, to mark rows as it needs. */
export function RowCells<Data>({ row, explicitRoles }: { row: Row<Data>; explicitRoles?: boolean }) {
  return row.getVisibleCells().map((cell) => (
    <td
      key={cell.id}
      className={cell.column.columnDef.meta?.cellClassName ?? "p-2"}
      role={roleOf(explicitRoles, "cell")}
    >
      {flexRender(cell.column.columnDef.cell, cell.getContext())}
    </td>
  ));
}

/**
 * A server-sorted table: its screen-reader caption, its sortable header and one body row per row of
 * the current page, each drawn by `renderRow` (usually a `<tr>` around `<RowCells>`).
 */
export function SortableTable<Data>({
  caption,
  table,
  sortLink,
  onLinkClick,
  renderRow,
  className = "w-full border-collapse bg-white text-left",
  head,
  bodyClassName,
  colgroup,
  explicitRoles,
}: {
  caption: ReactNode;
  table: Table<Data>;
  sortLink: (columnId: string, sorted: false | SortDirection) => SortLink;
  onLinkClick: OnLinkClick;
  renderRow: (row: Row<Data>) => ReactNode;
  className?: string;
  /** Classes of the header and its row. */
  head?: { className?: string; rowClassName?: string };
  bodyClassName?: string;
  /** Column widths, for a table of fixed layout. */
  colgroup?: ReactNode;
  /** Say in ARIA what each element is (see `roleOf`): for rows laid out as cards. */
  explicitRoles?: boolean;
}) {
  return (
    <table className={className} role={roleOf(explicitRoles, "table")}>
      <caption className="sr-only">{caption}</caption>
      {colgroup}
      <SortableTableHead
        table={table}
        sortLink={sortLink}
        onLinkClick={onLinkClick}
        className={head?.className}
        rowClassName={head?.rowClassName}
        explicitRoles={explicitRoles}
      />
      <tbody className={bodyClassName} role={roleOf(explicitRoles, "rowgroup")}>
        {table.getRowModel().rows.map(renderRow)}
      </tbody>
    </table>
  );
}
