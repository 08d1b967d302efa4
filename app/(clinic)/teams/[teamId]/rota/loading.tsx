/** While a team's rota loads: a plain message for screen readers and a quiet outline for everyone. */
export default function LoadingRota() {
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-6">
      <p role="status" className="text-slate-700">
        Loading the on-call rota…
      </p>
      <div aria-hidden="true" className="mt-4 animate-pulse space-y-4">
        <div className="h-8 w-64 rounded bg-slate-200" />
        <div className="h-20 max-w-2xl rounded bg-slate-200" />
        <div className="h-64 rounded bg-slate-200" />
      </div>
    </main>
  );
}
