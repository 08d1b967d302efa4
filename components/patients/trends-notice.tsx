import { useLocale, useTranslations } from "next-intl";
import { localeOfTag } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translate";
import type { SymptomTrend } from "@/lib/treatment/trends";
import { symptomNamesValidated, trendText } from "./record-words";

/**
 * The record's trends to review: symptoms that rose at each of their last three reports or are
 * worse this cycle than last, one line each, in the reader's language. A note for the clinician
 * reading the record, not an alert: nothing is raised, nobody is told. Symptom names in a wording
 * that is not the validated one say so.
 */
export function TrendsNotice({ trends }: { trends: SymptomTrend[] }) {
  const t = useTranslations("record");
  const locale = localeOfTag(useLocale());
  if (trends.length === 0) return null;
  const all = translatorFor(locale);
  return (
    <section aria-labelledby="trends" className="mt-6 rounded border border-slate-400 bg-slate-50 p-4">
      <h2 id="trends" className="font-semibold">
        {t("trendsHeading")}
      </h2>
      <ul className="mt-1 list-disc pl-5">
        {trends.map((trend) => (
          <li key={trend.symptom}>{trendText(all, locale, trend)}</li>
        ))}
      </ul>
      {!symptomNamesValidated(locale) && <p className="mt-1 text-sm text-slate-700">{t("wordingNote")}</p>}
    </section>
  );
}
