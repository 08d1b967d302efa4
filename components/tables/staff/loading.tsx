import { TableLoading } from "../loading";

/** Shown while the staff page loads: the table's outline, announced to screen readers. */
export function StaffTableLoading({ label = "Loading staff…" }: { label?: string }) {
  return <TableLoading label={label} toolbarHeight="h-16" rowHeight="h-10" />;
}
