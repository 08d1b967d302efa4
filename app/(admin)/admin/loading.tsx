import { getTranslations } from "next-intl/server";
import { StaffTableLoading } from "@/components/tables/staff/loading";

export default async function Loading() {
  const t = await getTranslations("admin");
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-6">
      <StaffTableLoading label={t("loading")} />
    </main>
  );
}
