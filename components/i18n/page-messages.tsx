import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { clientMessages, type PageNamespace } from "@/lib/i18n/client-messages";

/**
 * Hands the client components inside it the texts of `namespaces` too, which the root layout
 * keeps for the pages that need them (lib/i18n/client-messages.ts).
 */
export async function PageMessages({
  namespaces,
  children,
}: {
  namespaces: readonly PageNamespace[];
  children: React.ReactNode;
}) {
  return (
    <NextIntlClientProvider messages={clientMessages(await getMessages(), namespaces)}>
      {children}
    </NextIntlClientProvider>
  );
}
