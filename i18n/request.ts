import { getRequestConfig } from "next-intl/server";
import { CLINIC_TIME_ZONE } from "@/lib/clinic-time";
import { CATALOGUES } from "@/lib/i18n/catalogues";
import { localeTag } from "@/lib/i18n/locales";
import { requestLocale } from "@/server/i18n/locale";

/**
 * next-intl's configuration for each request, without locale routing: the addresses stay the same
 * in every language, and the language comes from the person, their browser or their organisation.
 */
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return {
    locale: localeTag(locale),
    messages: CATALOGUES[locale],
    timeZone: CLINIC_TIME_ZONE,
  };
});
