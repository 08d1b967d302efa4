import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { clientMessages } from "@/lib/i18n/client-messages";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "SERUMS Oncology", template: "%s · SERUMS Oncology" },
  description: "Symptom monitoring between chemotherapy cycles, with the patient in control of their record.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/**
 * The page's `lang` is the request's language (i18n/request.ts), and client components get its
 * texts from NextIntlClientProvider: all but the server's and single pages' (lib/i18n/client-messages.ts).
 *
 * Every page is rendered per request: the Content-Security-Policy (proxy.ts) carries a fresh nonce
 * that Next.js must put on the page's scripts, which a page rendered at build time could not have.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  const [locale, t, messages] = [await getLocale(), await getTranslations("common"), await getMessages()];
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider messages={clientMessages(messages)}>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
          >
            {t("skipToMain")}
          </a>
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
