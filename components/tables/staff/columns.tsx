import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
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

/** An account's state and a staff role in the reader's language (the staff table's words). */
export function useStaffWords() {
  const t = useTranslations("staffTable");
  const s = useTranslations("staffAdmin");
  return useMemo(() => {
    const statuses: Record<string, string> = {
      active: t("statusActive"),
      invited: t("statusInvited"),
      locked: t("statusLocked"),
      deactivated: t("statusDeactivated"),
    };
    const roles: Record<string, string> = {
      oncologist: s("roleOncologist"),
      nurse: s("roleNurse"),
      admin: s("roleAdmin"),
    };
    return {
      status: (status: string) => statuses[status] ?? status,
      role: (role: string) => roles[role] ?? role,
      statusOptions: Object.entries(statuses).map(([value, label]) => ({ value, label })),
      roleOptions: Object.entries(roles).map(([value, label]) => ({ value, label })),
    };
  }, [t, s]);
}

export function StatusBadge({ status }: { status: string }) {
  const words = useStaffWords();
  return (
    <span className={`inline-block rounded border px-2 py-0.5 text-sm ${STATUS_STYLE[status] ?? ""}`}>
      {words.status(status)}
    </span>
  );
}

/** The table's columns, headed in the reader's language. Ids that sort on the server are the table state's sort keys. */
export function useStaffColumns(): ColumnDef<StaffTableRow>[] {
  const t = useTranslations("staffTable");
  const words = useStaffWords();
  return useMemo(() => staffColumns(t, words), [t, words]);
}

function staffColumns(
  t: ReturnType<typeof useTranslations<"staffTable">>,
  words: ReturnType<typeof useStaffWords>,
): ColumnDef<StaffTableRow>[] {
  return [
    {
      id: "name" satisfies StaffTableSort,
      header: t("name"),
      accessorKey: "name",
      enableSorting: true,
      cell: ({ row }) => (
        <Link
          href={`/admin/staff/${row.original.id}`}
          className="font-medium text-blue-800 underline underline-offset-2"
        >
          {row.original.name}
        </Link>
      ),
    },
    {
      id: "email" satisfies StaffTableSort,
      header: t("email"),
      accessorKey: "email",
      enableSorting: true,
      cell: ({ row }) => <span className="break-all">{row.original.email}</span>,
    },
    {
      id: "roles",
      header: t("roles"),
      enableSorting: false,
      cell: ({ row }) =>
        row.original.memberships.length === 0 ? (
          <span className="text-slate-600">{t("noRole")}</span>
        ) : (
          <ul className="space-y-0.5">
            {row.original.memberships.map((m) => (
              <li key={m.id}>
                {words.role(m.role)}
                {m.careTeamName ? <span className="text-slate-700">, {m.careTeamName}</span> : null}
                {m.careTeamArchived ? <span className="text-slate-600"> {t("archived")}</span> : null}
              </li>
            ))}
          </ul>
        ),
    },
    {
      id: "status" satisfies StaffTableSort,
      header: t("status"),
      accessorKey: "status",
      enableSorting: true,
      cell: ({ row }) => <StatusBadge status={row.original.status} />,
    },
    {
      id: "mfa",
      header: t("mfa"),
      enableSorting: false,
      cell: ({ row }) =>
        row.original.mfaEnabled ? t("mfaSetUp") : <span className="text-slate-600">{t("mfaNotSetUp")}</span>,
    },
    {
      id: "lastActive" satisfies StaffTableSort,
      header: t("lastActive"),
      accessorKey: "lastActiveAt",
      enableSorting: true,
      cell: ({ row }) => row.original.lastActiveLabel ?? <span className="text-slate-600">{t("never")}</span>,
    },
    {
      id: "created" satisfies StaffTableSort,
      header: t("added"),
      accessorKey: "createdAt",
      enableSorting: true,
      cell: ({ row }) => row.original.createdLabel,
    },
  ];
}
