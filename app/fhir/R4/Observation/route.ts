import { searchObservations } from "@/server/fhir/reads";

export const GET = searchObservations;
