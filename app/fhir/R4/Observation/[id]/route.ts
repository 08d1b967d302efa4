import { readObservation } from "@/server/fhir/observations";

export const GET = readObservation;
