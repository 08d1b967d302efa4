import "server-only";
/**
 * The patient's consent rules as Consent resources (lib/fhir/consent.ts), read by id or searched
 * by patient, newest first. They are read as the record's personal details are: by the patient, and
 * by whoever the patient lets read the `demographics` category, as the consent rules' row policy
 * has it.
 */
import { z } from "zod";
import { fhirConsents } from "@/db/queries/fhir-everything";
import { findConsentRulePatientId } from "@/db/queries/fhir-records";
import { patientParam } from "@/lib/fhir/search";
import { now } from "@/server/clock";
import { fhirResponse, fhirRoute, notFound, PAGE, pageOfAll, searchedPatient, uuidFromPath } from "./http";

export const readConsent = fhirRoute({
  name: "fhir_read",
  consent: (_input, _user, request) => {
    const ruleId = uuidFromPath(request);
    return { locate: (tx) => findConsentRulePatientId(tx, { ruleId }), categories: ["demographics"] };
  },
  run: async (_input, { tx, request, annotate }) => {
    const ruleId = uuidFromPath(request);
    const patientId = await findConsentRulePatientId(tx, { ruleId });
    const resource = patientId ? (await fhirConsents(tx, patientId, now())).find((c) => c.id === ruleId) : undefined;
    if (!resource) throw notFound();
    annotate({ resourceType: "Consent", resourceId: ruleId });
    return fhirResponse(resource);
  },
});

export const searchConsents = fhirRoute({
  name: "fhir_search",
  input: z.strictObject({ patient: patientParam, ...PAGE }),
  consent: (query, user) => ({ patientId: searchedPatient(query.patient, user), categories: ["demographics"] }),
  run: async (query, { tx, user, request, annotate }) => {
    const consents = await fhirConsents(tx, searchedPatient(query.patient, user), now());
    return pageOfAll(request, query, "Consent", consents, annotate);
  },
});
