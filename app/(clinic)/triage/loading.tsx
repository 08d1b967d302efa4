import { TriageQueueLoading } from "@/components/tables/alerts/loading";

export default function Loading() {
  return (
    <main id="main" className="px-4 py-4 xl:px-6">
      <h1 className="text-2xl font-semibold">Triage queue</h1>
      <TriageQueueLoading />
    </main>
  );
}
