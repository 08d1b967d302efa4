import { capability } from "@/server/fhir/definitions";

/** The CapabilityStatement: what this FHIR endpoint implements (docs/fhir.md). */
export const GET = capability;
