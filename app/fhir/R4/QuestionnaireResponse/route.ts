import { createQuestionnaireResponse } from "@/server/fhir/create";
import { searchQuestionnaireResponses } from "@/server/fhir/reads";

export const GET = searchQuestionnaireResponses;
/** A patient's app or device sends a report (docs/fhir.md). */
export const POST = createQuestionnaireResponse;
