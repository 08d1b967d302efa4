import { readCarePlan } from "@/server/fhir/treatment";

export const GET = readCarePlan;
