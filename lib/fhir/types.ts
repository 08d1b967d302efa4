/**
 * The little of FHIR R4's shapes this server writes. Deliberately loose: every resource returned is
 * checked against the official fhir.schema.json in tests/fhir-api.test.ts, which is the real contract.
 */
export type Coding = { system?: string; code: string; display?: string };
export type CodeableConcept = { coding?: Coding[]; text?: string };
export type Reference = { reference: string; display?: string };

export type Resource = { resourceType: string; id?: string; meta?: { lastUpdated?: string }; [key: string]: unknown };

export type BundleEntry = { fullUrl: string; resource: Resource; search?: { mode: "match" | "include" } };

export type Bundle = Resource & {
  resourceType: "Bundle";
  type: "searchset";
  total: number;
  link: { relation: string; url: string }[];
  entry?: BundleEntry[];
};

export type OperationOutcome = Resource & {
  resourceType: "OperationOutcome";
  issue: {
    severity: "fatal" | "error" | "warning" | "information";
    code: string;
    diagnostics?: string;
    expression?: string[];
  }[];
};
