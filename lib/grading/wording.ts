/**
 * The PRO-CTCAE item wording in each language, as data (wording/<language>.json) an organisation
 * can replace with the NCI's official, linguistically validated translation. English is the
 * wording the app ships with; the Spanish, Catalan and Dutch files are working translations marked
 * `"validated": false`, and a report answered in such wording says so to the clinician.
 */
import type { Locale } from "../i18n/locales";
import { type Attribute, SYMPTOM_ITEMS, type SymptomCode, type SymptomItem, symptomItem } from "./items";
import ca from "./wording/ca.json";
import en from "./wording/en.json";
import es from "./wording/es.json";
import nl from "./wording/nl.json";

/** One language's wording of the instrument. */
export type InstrumentWording = {
  language: string;
  /** True only for wording that is the NCI's validated text in that language. */
  validated: boolean;
  /** Where the wording comes from, for whoever replaces it. */
  source: string;
  answerScales: Record<Attribute, readonly string[]>;
  items: Record<SymptomCode, { label: string; questions: Partial<Record<Attribute, string>> }>;
};

export const INSTRUMENT_WORDING: Record<Locale, InstrumentWording> = { en, es, ca, nl };

/** True when the items a patient read in `locale` are the validated wording. */
export function isValidatedWording(locale: Locale): boolean {
  return INSTRUMENT_WORDING[locale].validated;
}

/** The items as a patient reading `locale` sees them: the same items, codes and order, in that wording. */
export function itemsIn(locale: Locale): readonly SymptomItem[] {
  const { items } = INSTRUMENT_WORDING[locale];
  return SYMPTOM_ITEMS.map((item) => ({
    ...item,
    label: items[item.code].label,
    questions: items[item.code].questions,
  }));
}

/** The answer labels a patient reading `locale` sees; the index is the stored value. */
export function answerScalesIn(locale: Locale): Record<Attribute, readonly string[]> {
  return INSTRUMENT_WORDING[locale].answerScales;
}

/** A symptom's name for the patient in `locale`: the short English name, or the item's label. */
export function symptomNameIn(code: SymptomCode, locale: Locale): string {
  return locale === "en" ? symptomItem(code).shortLabel : INSTRUMENT_WORDING[locale].items[code].label;
}
