import { CLINIC_TIME_ZONE } from "@/lib/clinic-time";
import { CATALOGUES } from "@/lib/i18n/catalogues";
import { DEFAULT_LOCALE, type Locale, localeTag } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translate";
import { DATA_CATEGORIES, type DataCategory } from "@/lib/vocabulary";

const isCategory = (value: string): value is DataCategory => (DATA_CATEGORIES as readonly string[]).includes(value);

/** The order the sharing page explains the parts of the record in. */
const REVEAL_ORDER: readonly DataCategory[] = ["symptoms", "alerts", "treatment", "demographics"];

/**
 * What sharing each part of the record lets someone see, as the sharing page tells the patient, in
 * `locale`. An alert's reasons quote symptoms, so they follow symptoms (db/sql/alert-reasons.sql).
 */
export function categoryReveals(
  locale: Locale = DEFAULT_LOCALE,
): readonly { category: DataCategory; name: string; reveals: string }[] {
  return REVEAL_ORDER.map((category) => ({
    category,
    name: CATALOGUES[locale].consentDescribe.names[category],
    reveals: CATALOGUES[locale].consentDescribe.reveals[category],
  }));
}

/** The same, in English (the visit summary's words). */
export const CATEGORY_REVEALS = categoryReveals(DEFAULT_LOCALE);

/** A part of the record as a sentence names it ("your symptom reports"), in `locale`. */
export function categoryLabel(category: string, locale: Locale = DEFAULT_LOCALE): string {
  return isCategory(category) ? CATALOGUES[locale].consentDescribe.categories[category] : category;
}

/**
 * A consent rule in plain words, in `locale`, e.g. "Breast Oncology can see your symptom reports
 * until 3 March 2027." The parts are joined as the language joins a list ("a, b and c", "a, b y c").
 */
export function describeConsentRule(
  rule: {
    effect: "allow" | "deny";
    grantee: { name: string };
    categories: string[];
    validUntil: Date | null;
  },
  locale: Locale = DEFAULT_LOCALE,
): string {
  const tag = localeTag(locale);
  const t = translatorFor(locale);
  const what = new Intl.ListFormat(tag, { style: "long", type: "conjunction" }).format(
    rule.categories.map((c) => categoryLabel(c, locale)),
  );
  const words = { grantee: rule.grantee.name, what };
  if (!rule.validUntil)
    return rule.effect === "allow" ? t("consentDescribe.allow", words) : t("consentDescribe.deny", words);
  const date = new Intl.DateTimeFormat(tag, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: CLINIC_TIME_ZONE,
  }).format(rule.validUntil);
  return rule.effect === "allow"
    ? t("consentDescribe.allowUntil", { ...words, date })
    : t("consentDescribe.denyUntil", { ...words, date });
}

/** Whether a rule is in force at `now`: not revoked, started, not ended. */
export function ruleStatus(
  rule: { validFrom: Date; validUntil: Date | null; revokedAt: Date | null },
  now: Date,
): "active" | "revoked" | "expired" | "scheduled" {
  if (rule.revokedAt) return "revoked";
  if (rule.validUntil && rule.validUntil.getTime() <= now.getTime()) return "expired";
  if (rule.validFrom.getTime() > now.getTime()) return "scheduled";
  return "active";
}
