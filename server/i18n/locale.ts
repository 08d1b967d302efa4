import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/locales";
import { resolveLocale } from "@/lib/i18n/resolve";
import { getSessionUser } from "@/server/auth/session";

/**
 * The language of this request (lib/i18n/resolve.ts): the signed-in person's saved choice, the
 * sign-in page's cookie, the browser's Accept-Language, the organisation's default, English.
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  // The request's cookies and headers first: outside a request they throw before the session's
  // database read starts, which would otherwise be left to fail unobserved.
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const user = await getSessionUser();
  return resolveLocale({
    userLocale: user?.locale,
    cookieLocale: cookieStore.get(LOCALE_COOKIE)?.value,
    acceptLanguage: headerList.get("accept-language"),
    organisationLocale: user?.organisationLocale,
  });
});

/**
 * The language of a route handler's request, read from the request itself: the signed-in person's
 * saved choice, the sign-in page's cookie, the browser's Accept-Language, the organisation's default.
 */
export function localeOfRequest(
  request: Request,
  user: { locale?: string | null; organisationSettings?: { defaultLocale?: unknown } },
): Locale {
  const cookie = (request.headers.get("cookie") ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  return resolveLocale({
    userLocale: user.locale,
    cookieLocale: cookie,
    acceptLanguage: request.headers.get("accept-language"),
    organisationLocale: user.organisationSettings?.defaultLocale,
  });
}
