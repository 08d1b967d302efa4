import { type ColumnDef, getCoreRowModel, type TableMeta, useReactTable } from "@tanstack/react-table";

/** The part of a table's URL state that TanStack Table is told about. */
export type ServerTableView = { sort: string; dir: "asc" | "desc"; page: number; size: number };

/**
 * TanStack Table in manual mode: sorting, filtering and paging are done by the server, so the table
 * only renders `data` (one page) and is told the order and page from the URL state, to mark headers.
 */
export function useServerTable<Data extends { id: string }>({
  data,
  columns,
  rowCount,
  view,
  meta,
}: {
  data: Data[];
  columns: ColumnDef<Data>[];
  /** All the rows that match, on every page. */
  rowCount: number;
  view: ServerTableView;
  meta?: TableMeta<Data>;
}) {
  return useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    rowCount,
    state: {
      sorting: [{ id: view.sort, desc: view.dir === "desc" }],
      pagination: { pageIndex: view.page - 1, pageSize: view.size },
    },
    meta,
  });
}
