/**
 * A table page's outline while it loads, announced to screen readers: a bar for the toolbar and
 * eight rows. Heights are Tailwind classes (e.g. "h-12") so each table's outline matches its own.
 */
export function TableLoading({
  label,
  toolbarHeight,
  rowHeight,
}: {
  label: string;
  toolbarHeight: string;
  rowHeight: string;
}) {
  return (
    <div className="mt-4" aria-busy="true">
      <p role="status" className="text-slate-700">
        {label}
      </p>
      <div className={`mt-3 ${toolbarHeight} animate-pulse rounded-lg bg-slate-200`} aria-hidden="true" />
      <div className="mt-4 space-y-2" aria-hidden="true">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className={`${rowHeight} animate-pulse rounded bg-slate-200`} />
        ))}
      </div>
    </div>
  );
}
