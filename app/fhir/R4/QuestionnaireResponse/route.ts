import { searchQuestionnaireResponses } from "@/server/fhir/reads";

export const GET = searchQuestionnaireResponses;
