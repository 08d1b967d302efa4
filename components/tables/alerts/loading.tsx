/** Shown while the triage queue loads: the page's outline, announced to screen readers. */
export function TriageQueueLoading({ label = "Loading the triage queue…" }: { label?: string }) {
  return (
    <div className="mt-4" aria-busy="true">
      <p role="status" className="text-slate-700">
        {label}
      </p>
      <div className="mt-3 h-12 animate-pulse rounded-lg bg-slate-200" aria-hidden="true" />
      <div className="mt-4 space-y-2" aria-hidden="true">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-14 animate-pulse rounded bg-slate-200" />
        ))}
      </div>
    </div>
  );
}
