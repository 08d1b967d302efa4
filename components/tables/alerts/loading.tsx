import { TableLoading } from "../loading";

/** Shown while the triage queue loads: the page's outline, announced to screen readers. */
export function TriageQueueLoading({ label = "Loading the triage queue…" }: { label?: string }) {
  return <TableLoading label={label} toolbarHeight="h-12" rowHeight="h-14" />;
}
