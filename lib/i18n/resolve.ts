import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./locales";

/** What a request tells about the language to use, strongest first. */
export type LocaleHints = {
  /** The signed-in person's own choice (Account). */
  userLocale?: string | null;
  /** The sign-in page's language switch, before anyone is signed in. */
  cookieLocale?: string | null;
  /** The browser's Accept-Language header. */
  acceptLanguage?: string | null;
  /** The organisation's default (`organisations.default_locale`), when the person is known. */
  organisationLocale?: unknown;
};

/**
 * The language of a request: the person's saved choice, else the sign-in page's switch, else the
 * first of the browser's languages the app speaks (Catalan for "ca-ES", Spanish for "es-MX"),
 * else the organisation's default, else English.
 */
export function resolveLocale(hints: LocaleHints): Locale {
  if (isLocale(hints.userLocale)) return hints.userLocale;
  if (isLocale(hints.cookieLocale)) return hints.cookieLocale;
  const fromBrowser = browserLocale(hints.acceptLanguage);
  if (fromBrowser) return fromBrowser;
  if (isLocale(hints.organisationLocale)) return hints.organisationLocale;
  return DEFAULT_LOCALE;
}

/** The best of the app's languages for an Accept-Language header, or null when none fits. */
export function browserLocale(acceptLanguage: string | null | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const requested = new Negotiator({ headers: { "accept-language": acceptLanguage } })
    .languages()
    .filter((tag) => tag !== "*");
  if (requested.length === 0) return null;
  // RFC 4647 lookup: "ca-ES" falls back to "ca", and a language we do not speak ("fr") is passed
  // over for the browser's next one rather than matched to its nearest cousin.
  try {
    const best = match(requested, LOCALES, "none", { algorithm: "lookup" });
    return isLocale(best) ? best : null;
  } catch {
    // A malformed tag in the header: it names no language we speak.
    return null;
  }
}
