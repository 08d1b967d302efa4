import { readQuestionnaire } from "@/server/fhir/definitions";

export const GET = readQuestionnaire;
