/**
 * The messages a page hands to the browser. The root layout gives its client components every
 * namespace but two kinds: those only the server reads (emails, sentences the server writes into a
 * page, pages rendered on the server alone, the printed summary), and those only one page's client
 * components use. Their texts (a record's section names, the printed summary's headings) would
 * otherwise travel in every page's payload, also a "not found" page's, and make it heavier. A page
 * whose client components need one of the second kind adds it with `PageMessages`
 * (components/i18n/page-messages.tsx).
 */
import type { Messages } from "./catalogues";

type Namespace = keyof Messages;

/** Namespaces only the server reads: never handed to the browser. */
export const SERVER_NAMESPACES = [
  "notifications",
  "consentDescribe",
  "auditDescribe",
  "forbidden",
  "smartAuthorize",
  "emergencyAdmin",
  "pendingChanges",
  "admin",
  "summaryPdf",
  "staffMember",
  "auditWords",
  "activityAdmin",
  "smartScopes",
  "appsAdmin",
  "adminActions",
  // error sentences: the server words a refusal in the reader's language before sending it
  "errorMessages",
  "alertLink",
] as const satisfies readonly Namespace[];

/** Namespaces the record's server components render, or one page's client components read. */
export const PAGE_NAMESPACES = [
  "record",
  "patientsList",
  "alertHistory",
  "reportList",
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
  "enrolPatient",
  // a report taken by phone
  "phoneReport",
] as const satisfies readonly Namespace[];

export type PageNamespace = (typeof PAGE_NAMESPACES)[number];

/** `messages` without the server's and the pages' own namespaces, but with the pages' of `extra`. */
export function clientMessages(
  messages: Record<string, unknown>,
  extra: readonly PageNamespace[] = [],
): Record<string, unknown> {
  const left = new Set<string>([...SERVER_NAMESPACES, ...PAGE_NAMESPACES.filter((ns) => !extra.includes(ns))]);
  return Object.fromEntries(Object.entries(messages).filter(([ns]) => !left.has(ns)));
}
