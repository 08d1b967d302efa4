import { getLocale, getTranslations } from "next-intl/server";
import { LOCALE_NAMES, LOCALES, localeOfTag, localeTag } from "@/lib/i18n/locales";

/**
 * The language switch before anyone is signed in: each language by its own name, in its own
 * language (`lang`, `hreflang`), as a plain link that works without JavaScript. The link's
 * `?lang=` is kept in a cookie by proxy.ts.
 */
export async function LanguageLinks({ className = "" }: { className?: string }) {
  const [t, current] = [await getTranslations("language"), localeOfTag(await getLocale())];
  return (
    <nav aria-label={t("label")} className={className}>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {LOCALES.map((locale) => (
          <li key={locale}>
            <a
              href={`?lang=${locale}`}
              hrefLang={localeTag(locale)}
              lang={localeTag(locale)}
              aria-current={locale === current ? "true" : undefined}
              className={locale === current ? "font-semibold text-slate-900" : "text-blue-700 underline"}
            >
              {LOCALE_NAMES[locale]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
