import { readQuestionnaire } from "@/server/fhir/reads";

export const GET = readQuestionnaire;
