import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { roleLabel, statusLabel } from "@/components/admin/labels";
import type { StaffRow } from "@/db/queries/staff";
import type { StaffTableSort } from "./state";

/** A row as the table shows it: dates already formatted on the server, so both renders agree. */
export type StaffTableRow = StaffRow & { lastActiveLabel: string | null; createdLabel: string };

const STATUS_STYLE: Record<string, string> = {
  active: "border-green-700 bg-green-50 text-green-900",
  invited: "border-blue-700 bg-blue-50 text-blue-900",
  locked: "border-amber-700 bg-amber-50 text-amber-900",
  deactivated: "border-slate-600 bg-slate-100 text-slate-800",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-block rounded border px-2 py-0.5 text-sm ${STATUS_STYLE[status] ?? ""}`}>
      {statusLabel(status)}
    </span>
  );
}

/** Column ids that sort on the server are the table state's sort keys. */
export const staffColumns: ColumnDef<StaffTableRow>[] = [
  {
    id: "name" satisfies StaffTableSort,
    header: "Name",
    accessorKey: "name",
    enableSorting: true,
    cell: ({ row }) => (
      <Link href={`/admin/staff/${row.original.id}`} className="font-medium text-blue-800 underline underline-offset-2">
        {row.original.name}
      </Link>
    ),
  },
  {
    id: "email" satisfies StaffTableSort,
    header: "Email",
    accessorKey: "email",
    enableSorting: true,
    cell: ({ row }) => <span className="break-all">{row.original.email}</span>,
  },
  {
    id: "roles",
    header: "Roles and care teams",
    enableSorting: false,
    cell: ({ row }) =>
      row.original.memberships.length === 0 ? (
        <span className="text-slate-600">No role</span>
      ) : (
        <ul className="space-y-0.5">
          {row.original.memberships.map((m) => (
            <li key={m.id}>
              {roleLabel(m.role)}
              {m.careTeamName ? <span className="text-slate-700">, {m.careTeamName}</span> : null}
              {m.careTeamArchived ? <span className="text-slate-600"> (archived)</span> : null}
            </li>
          ))}
        </ul>
      ),
  },
  {
    id: "status" satisfies StaffTableSort,
    header: "Status",
    accessorKey: "status",
    enableSorting: true,
    cell: ({ row }) => <StatusBadge status={row.original.status} />,
  },
  {
    id: "mfa",
    header: "Second factor",
    enableSorting: false,
    cell: ({ row }) => (row.original.mfaEnabled ? "Set up" : <span className="text-slate-600">Not set up</span>),
  },
  {
    id: "lastActive" satisfies StaffTableSort,
    header: "Last active",
    accessorKey: "lastActiveAt",
    enableSorting: true,
    cell: ({ row }) => row.original.lastActiveLabel ?? <span className="text-slate-600">Never</span>,
  },
  {
    id: "created" satisfies StaffTableSort,
    header: "Added",
    accessorKey: "createdAt",
    enableSorting: true,
    cell: ({ row }) => row.original.createdLabel,
  },
];
