import { useLocale, useTranslations } from "next-intl";
import { formatDateTime } from "./format";

/**
 * Shown on every page of a record opened with emergency access, for as long as the access lasts:
 * that there is no consent, the reason given, when it ends, and that it is recorded.
 */
export function EmergencyBanner({ access }: { access: { reason: string; expiresAt: Date } }) {
  const t = useTranslations("record");
  const tag = useLocale();
  return (
    <section
      aria-labelledby="emergency-banner"
      className="mb-6 rounded border-2 border-red-700 bg-red-50 p-4 text-red-950"
    >
      <h2 id="emergency-banner" className="font-semibold">
        {t("emergencyHeading")}
      </h2>
      <p className="mt-1">
        {t("emergencyText", { reason: access.reason, when: formatDateTime(access.expiresAt, tag) })}
      </p>
    </section>
  );
}
