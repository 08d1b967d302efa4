import { flexRender, type Row, type SortDirection, type Table } from "@tanstack/react-table";
import type { ReactNode } from "react";
import type { OnLinkClick } from "./navigation";

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
}: {
  table: Table<Data>;
  sortLink: (columnId: string, sorted: false | SortDirection) => SortLink;
  onLinkClick: OnLinkClick;
}) {
  return (
    <thead>
      {table.getHeaderGroups().map((group) => (
        <tr key={group.id} className="border-b-2 border-slate-300">
          {group.headers.map((header) => {
            const label = flexRender(header.column.columnDef.header, header.getContext());
            if (!header.column.getCanSort()) {
              return (
                <th key={header.id} scope="col" className="p-2 align-bottom">
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
                className="p-2 align-bottom"
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
export function RowCells<Data>({ row }: { row: Row<Data> }) {
  return row.getVisibleCells().map((cell) => (
    <td key={cell.id} className="p-2">
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
}: {
  caption: ReactNode;
  table: Table<Data>;
  sortLink: (columnId: string, sorted: false | SortDirection) => SortLink;
  onLinkClick: OnLinkClick;
  renderRow: (row: Row<Data>) => ReactNode;
}) {
  return (
    <table className="w-full border-collapse bg-white text-left">
      <caption className="sr-only">{caption}</caption>
      <SortableTableHead table={table} sortLink={sortLink} onLinkClick={onLinkClick} />
      <tbody>{table.getRowModel().rows.map(renderRow)}</tbody>
    </table>
  );
}
