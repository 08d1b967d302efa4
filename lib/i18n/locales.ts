/**
 * The languages the app speaks. A locale is stored as its language code (a user's choice, the
 * language a report was answered in); pages, dates and numbers use its full tag, so English reads
 * as British English ("7 December 2026", "37.5 °C").
 */
export const LOCALES = ["en", "es", "ca", "nl"] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = "en";

/** Each language by its own name, as a language switch offers it. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  es: "Español",
  ca: "Català",
  nl: "Nederlands",
};

/** Each language by its English name, for the clinician's note on a report's wording. */
export const LOCALE_ENGLISH_NAMES: Record<Locale, string> = {
  en: "English",
  es: "Spanish",
  ca: "Catalan",
  nl: "Dutch",
};

const TAGS: Record<Locale, string> = { en: "en-GB", es: "es-ES", ca: "ca-ES", nl: "nl-NL" };

/** The BCP 47 tag of a locale: the page's `lang`, and what Intl formats dates and numbers by. */
export function localeTag(locale: Locale): string {
  return TAGS[locale];
}

/** The locale of a BCP 47 tag this app produced ("es-ES" is "es"), English for anything else. */
export function localeOfTag(tag: string): Locale {
  const language = tag.split("-")[0];
  return isLocale(language) ? language : DEFAULT_LOCALE;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The name of the cookie the sign-in page's language switch sets. */
export const LOCALE_COOKIE = "serums-locale";

/** A preference, not a credential: readable by the server only, kept for a year, sent on navigation. */
export const LOCALE_COOKIE_OPTIONS = {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  maxAge: 365 * 24 * 60 * 60,
} as const;
