import { readObservation } from "@/server/fhir/reads";

export const GET = readObservation;
