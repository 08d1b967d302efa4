import { CATALOGUES } from "../i18n/catalogues";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { translatorFor } from "../i18n/translate";

/**
 * An audit action in the words a patient reads in "Who has looked at my record", in `locale`
 * (English by default: the FHIR AuditEvent's display). An action the catalogues do not name reads
 * as its code in English, and as "another access to your record" in the other languages.
 */
export function describeAccess(action: string, locale: Locale = DEFAULT_LOCALE): string {
  const words: Record<string, string> = CATALOGUES[locale].auditDescribe.actions;
  if (Object.hasOwn(words, action)) return words[action];
  if (locale !== DEFAULT_LOCALE) return translatorFor(locale)("auditDescribe.other");
  return action.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
}
