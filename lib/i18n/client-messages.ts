/**
 * The messages a page hands to the browser. The root layout gives its client components every
 * namespace but those only the server renders, or only one page's client components use: their
 * texts (a record's section names, the printed summary's headings) would otherwise travel in
 * every page's payload, also a "not found" page's, and make it heavier. A page whose client
 * components need one of them adds it with a nested NextIntlClientProvider.
 */
import type { Messages } from "./catalogues";

type Namespace = keyof Messages;

/** Namespaces the server renders, or one page's client components read (named beside each). */
export const PAGE_NAMESPACES = [
  "record",
  "patientsList",
  "alertHistory",
  "reportList",
  "summaryPdf",
  "cyclePosition",
  "trends",
  "toxicity",
  // the record's symptom timeline
  "timeline",
  // the treatment plan's editor
  "planSummary",
  "treatmentPlan",
  "planCycles",
  // enrolling a patient
  "enrol",
  // a report taken by phone
  "phoneReport",
] as const satisfies readonly Namespace[];

/** `messages` without the page-only namespaces, but with those of `extra`. */
export function clientMessages(
  messages: Record<string, unknown>,
  extra: readonly (typeof PAGE_NAMESPACES)[number][] = [],
): Record<string, unknown> {
  const left = new Set<string>(PAGE_NAMESPACES.filter((ns) => !extra.includes(ns)));
  return Object.fromEntries(Object.entries(messages).filter(([ns]) => !left.has(ns)));
}
