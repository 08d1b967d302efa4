import { searchObservations } from "@/server/fhir/observations";

export const GET = searchObservations;
