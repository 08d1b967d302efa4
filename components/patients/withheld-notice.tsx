import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { DataCategory } from "@/lib/vocabulary";

/**
 * Names what the patient has not shared with this clinician, and nothing of its contents. In an
 * emergency the clinician may still open it, with a reason, for a limited time.
 */
export function WithheldNotice({ withheld, patientId }: { withheld: DataCategory[]; patientId: string }) {
  const t = useTranslations("record");
  const tag = useLocale();
  if (withheld.length === 0) return null;
  const each: Record<DataCategory, string> = {
    symptoms: t("withheldSymptoms"),
    treatment: t("withheldTreatment"),
    alerts: t("withheldAlerts"),
    demographics: t("withheldDemographics"),
  };
  const list = new Intl.ListFormat(tag, { type: "conjunction" }).format(withheld.map((c) => each[c]));
  return (
    <section aria-labelledby="withheld" className="mt-6 rounded border border-amber-400 bg-amber-50 p-4">
      <h2 id="withheld" className="font-semibold">
        {t("withheldHeading")}
      </h2>
      <p className="mt-1">{t("withheldText", { list, count: withheld.length })}</p>
      <p className="mt-1">
        {t.rich("emergencyOnly", {
          link: (chunks) => (
            <Link href={`/patients/${patientId}/emergency-access`} className="text-blue-800 underline">
              {chunks}
            </Link>
          ),
        })}
      </p>
    </section>
  );
}
