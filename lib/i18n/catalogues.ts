import ca from "@/messages/ca.json";
import en from "@/messages/en.json";
import es from "@/messages/es.json";
import nl from "@/messages/nl.json";
import type { Locale } from "./locales";

/** Every text of the interface, per language (messages/*.json; tests/i18n-catalogues.test.ts keeps them whole). */
export type Messages = typeof en;

export const CATALOGUES: Record<Locale, Messages> = { en, es, ca, nl };

/**
 * The namespaces only the server reads: emails and text messages, sentences the server writes into
 * a page, and pages rendered on the server alone. The browser is not sent them: every page carries
 * the client's messages, and these would only make it heavier.
 */
export const SERVER_ONLY_NAMESPACES = [
  "notifications",
  "consentDescribe",
  "auditDescribe",
  "forbidden",
  "smartAuthorize",
  "emergencyAdmin",
  "pendingChanges",
  "admin",
  "summaryPdf",
] as const satisfies readonly (keyof Messages)[];

/** A language's messages without the server-only namespaces: what NextIntlClientProvider hands the browser. */
export function clientMessages(messages: Record<string, unknown>): Record<string, unknown> {
  const omitted: readonly string[] = SERVER_ONLY_NAMESPACES;
  return Object.fromEntries(Object.entries(messages).filter(([namespace]) => !omitted.includes(namespace)));
}
