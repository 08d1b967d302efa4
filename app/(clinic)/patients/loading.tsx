/** While the patient list loads. */
export default function LoadingPatients() {
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-6">
      <p role="status" className="text-slate-700">
        Loading your patients…
      </p>
      <div aria-hidden="true" className="mt-4 animate-pulse space-y-2">
        <div className="h-8 w-48 rounded bg-slate-200" />
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-10 rounded bg-slate-200" />
        ))}
      </div>
    </main>
  );
}
