import { createTranslator } from "use-intl/core";
import { CATALOGUES } from "./catalogues";
import { type Locale, localeTag } from "./locales";

/**
 * The texts of one language outside React: for what the server writes in the patient's language
 * (the advice after a report). The same catalogues and ICU rules as the pages' next-intl.
 */
export function translatorFor(locale: Locale) {
  return createTranslator({ locale: localeTag(locale), messages: CATALOGUES[locale] });
}
