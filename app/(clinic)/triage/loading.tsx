import { TriageQueueLoading } from "@/components/tables/alerts/loading";

export default function Loading() {
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-semibold">Triage queue</h1>
      <TriageQueueLoading />
    </main>
  );
}
