import { patientEverything } from "@/server/fhir/everything";

export const GET = patientEverything;
