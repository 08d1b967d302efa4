import { readPatient } from "@/server/fhir/reads";

export const GET = readPatient;
