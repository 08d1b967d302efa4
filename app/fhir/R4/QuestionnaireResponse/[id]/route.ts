import { readQuestionnaireResponse } from "@/server/fhir/reads";

export const GET = readQuestionnaireResponse;
