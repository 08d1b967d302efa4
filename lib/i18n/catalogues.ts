import ca from "@/messages/ca.json";
import en from "@/messages/en.json";
import es from "@/messages/es.json";
import nl from "@/messages/nl.json";
import type { Locale } from "./locales";

/** Every text of the interface, per language (messages/*.json; tests/i18n-catalogues.test.ts keeps them whole). */
export type Messages = typeof en;

export const CATALOGUES: Record<Locale, Messages> = { en, es, ca, nl };
