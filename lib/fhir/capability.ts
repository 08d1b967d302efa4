/**
 * The CapabilityStatement: exactly the interactions and search parameters this server implements.
 * tests/fhir-api.test.ts calls every one it lists.
 */
import type { Resource } from "./types";

type SearchParam = { name: string; type: "reference" | "date" | "token" | "number" | "string"; documentation: string };

const PAGING: SearchParam[] = [
  { name: "_count", type: "number", documentation: "Entries per page, 0 to 100 (default 20)" },
  { name: "_offset", type: "number", documentation: "Where the page starts, as the next link gives it" },
];
const PATIENT: SearchParam = {
  name: "patient",
  type: "reference",
  documentation: "Patient/<id>. Required for clinicians; a patient's own record when a patient leaves it out",
};
const LAST_UPDATED: SearchParam = {
  name: "_lastUpdated",
  type: "date",
  documentation: "When the server stored or last changed it; prefixes eq, gt, ge, lt, le; twice for a range",
};

/** What each resource type supports: its interactions and search parameters. */
export const IMPLEMENTED: readonly {
  type: string;
  search: readonly SearchParam[];
  create?: boolean;
  operations?: readonly { name: string; definition: string }[];
}[] = [
  {
    type: "Patient",
    search: [],
    operations: [{ name: "everything", definition: "http://hl7.org/fhir/OperationDefinition/Patient-everything" }],
  },
  { type: "Questionnaire", search: [] },
  { type: "CodeSystem", search: [] },
  {
    type: "QuestionnaireResponse",
    create: true,
    search: [
      PATIENT,
      {
        name: "identifier",
        type: "token",
        documentation: "The report's key: what its sender gave as Idempotency-Key or If-None-Exist",
      },
      { name: "authored", type: "date", documentation: "When the patient answered" },
      LAST_UPDATED,
      ...PAGING,
    ],
  },
  {
    type: "Observation",
    search: [
      PATIENT,
      { name: "date", type: "date", documentation: "When the patient reported it (the report's time)" },
      {
        name: "code",
        type: "token",
        documentation:
          "A question, a composite grade (our PRO-CTCAE CodeSystem) or LOINC 8310-5; comma for any of several",
      },
      LAST_UPDATED,
      ...PAGING,
    ],
  },
  {
    type: "Flag",
    search: [
      PATIENT,
      { name: "date", type: "date", documentation: "When the alert was raised" },
      LAST_UPDATED,
      ...PAGING,
    ],
  },
  {
    type: "AuditEvent",
    search: [
      { ...PATIENT, documentation: "Patient/<id>: the patient's own record; only the patient reads its access log" },
      { name: "date", type: "date", documentation: "When it happened" },
      ...PAGING,
    ],
  },
  { type: "CarePlan", search: [PATIENT, ...PAGING] },
  { type: "Consent", search: [PATIENT, ...PAGING] },
  { type: "MedicationRequest", search: [PATIENT, ...PAGING] },
];

export function capabilityStatement(base: string): Resource {
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: "2026-12-07",
    publisher: "SERUMS Oncology",
    kind: "instance",
    software: { name: "SERUMS Oncology" },
    implementation: { description: "Patient-reported symptoms, grades, alerts and treatment plans", url: base },
    fhirVersion: "4.0.1",
    format: ["application/fhir+json", "json"],
    rest: [
      {
        mode: "server",
        security: {
          description:
            "A clinician's or patient's signed-in browser session, or a patient's device token as `Authorization: Bearer srm_...`. Every read follows the patient's consent and is recorded in the audit trail; what the caller may not see is answered 404. SMART App Launch is not yet offered.",
        },
        resource: IMPLEMENTED.map((r) => ({
          type: r.type,
          interaction: [
            { code: "read" },
            ...(r.search.length > 0 ? [{ code: "search-type" }] : []),
            ...(r.create ? [{ code: "create" }] : []),
          ],
          ...(r.create && {
            conditionalCreate: true,
            documentation:
              "create: a patient's report, from their device (bearer token) or their own browser session, graded and triaged as a device report. It needs an Idempotency-Key header or If-None-Exist: identifier=<key>; a retry with the same key answers the stored report (200), the same key for a different report is 409.",
          }),
          ...(r.search.length > 0 && { searchParam: r.search.map((p) => ({ ...p })) }),
          ...(r.operations && { operation: r.operations.map((o) => ({ ...o })) }),
        })),
      },
    ],
  };
}
