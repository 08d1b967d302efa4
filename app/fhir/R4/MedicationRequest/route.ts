import { searchMedicationRequests } from "@/server/fhir/treatment";

export const GET = searchMedicationRequests;
