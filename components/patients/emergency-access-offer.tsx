"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { isUuid } from "@/lib/uuid";

/** On a record's "not found" page: the way to open it in an emergency ("break the glass"). */
export function EmergencyAccessOffer() {
  const t = useTranslations("emergencyAccess");
  const params = useParams<{ patientId?: string }>();
  const patientId = params?.patientId;
  if (!patientId || !isUuid(patientId)) return null;
  return (
    <section aria-labelledby="emergency-offer" className="mt-6 rounded border border-red-300 bg-white p-4">
      <h2 id="emergency-offer" className="font-semibold">
        {t("offerHeading")}
      </h2>
      <p className="mt-1">{t("offerText")}</p>
      <p className="mt-3">
        <Link
          href={`/patients/${patientId}/emergency-access`}
          className="inline-block rounded bg-red-700 px-4 py-2 font-medium text-white"
        >
          {t("offerLink")}
        </Link>
      </p>
    </section>
  );
}
