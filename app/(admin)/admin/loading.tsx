import { StaffTableLoading } from "@/components/tables/staff/loading";

export default function Loading() {
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-6">
      <StaffTableLoading label="Loading…" />
    </main>
  );
}
