import "server-only";
/**
 * What the FHIR API publishes that holds no patient data: the CapabilityStatement, the
 * Questionnaire and the CodeSystem; and a FHIR 404 for any path it does not implement.
 */
import { AppError } from "@/lib/errors";
import { capabilityStatement } from "@/lib/fhir/capability";
import { proCtcaeCodeSystem } from "@/lib/fhir/code-system";
import { CODE_SYSTEM_ID, QUESTIONNAIRE_ID } from "@/lib/fhir/codes";
import { reportQuestionnaire } from "@/lib/fhir/questionnaire";
import type { Resource } from "@/lib/fhir/types";
import { route } from "@/server/http/route";
import { fhirBase, fhirResponse, fhirRoute, idFromPath, notFound, operationOutcome } from "./http";

/** GET /fhir/R4/metadata: open to anyone, as FHIR clients read it before they authenticate. */
export const capability = route({
  name: "fhir metadata",
  roles: "anyone",
  refusal: operationOutcome,
  run: async (_input, { request }) => fhirResponse(capabilityStatement(fhirBase(request))),
});

/** Any path under /fhir/R4 this server does not implement: 404, naming where to look. */
export const notImplemented = route({
  name: "fhir not implemented",
  roles: "anyone",
  refusal: operationOutcome,
  run: async () => {
    throw new AppError(
      "not_found",
      "This server does not implement that interaction or resource type. GET /fhir/R4/metadata lists what it does.",
    );
  },
});

/** A definition this server publishes (no patient data): read by any clinician or patient. */
function definitionRead(type: string, id: string, build: () => Resource) {
  return fhirRoute({
    name: "fhir_read",
    run: async (_input, { request, annotate }) => {
      if (idFromPath(request) !== id) throw notFound();
      annotate({ resourceType: type, resourceId: id });
      return fhirResponse(build());
    },
  });
}

export const readQuestionnaire = definitionRead("Questionnaire", QUESTIONNAIRE_ID, reportQuestionnaire);
export const readCodeSystem = definitionRead("CodeSystem", CODE_SYSTEM_ID, proCtcaeCodeSystem);
