import { readMedicationRequest } from "@/server/fhir/treatment";

export const GET = readMedicationRequest;
