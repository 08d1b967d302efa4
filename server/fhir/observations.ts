import "server-only";
/**
 * Observations: each answer, composite grade and temperature of a patient's reports, read by id
 * or searched; the `symptoms` category of the patient's consent.
 */
import { z } from "zod";
import { findReportPatientId, type ObservationCode, searchFhirObservations } from "@/db/queries/fhir-records";
import { BODY_TEMPERATURE, gradedItemOf, LOINC, PRO_CTCAE_SYSTEM, questionOf } from "@/lib/fhir/codes";
import { observationResource, parseObservationId } from "@/lib/fhir/resources";
import { dateParam, parseTokens, patientParam } from "@/lib/fhir/search";
import {
  fhirResponse,
  fhirRoute,
  idFromPath,
  notAnId,
  notFound,
  PAGE,
  pageOf,
  searchBundle,
  searchedPatient,
} from "./http";

/** An Observation `code` value as what it selects; an unknown code is refused, not ignored. */
const observationCodes = z
  .string()
  .transform((value, ctx): ObservationCode[] => {
    const tokens = parseTokens(value);
    const codes: ObservationCode[] = [];
    for (const token of tokens ?? []) {
      if (token.code === BODY_TEMPERATURE && (token.system === undefined || token.system === LOINC)) {
        codes.push({ kind: "temperature" });
        continue;
      }
      const ours = token.system === undefined || token.system === PRO_CTCAE_SYSTEM;
      const question = ours ? questionOf(token.code) : null;
      const graded = ours ? gradedItemOf(token.code) : null;
      if (question) codes.push({ kind: "answer", symptom: question.item.code, attribute: question.attribute });
      else if (graded) codes.push({ kind: "grade", symptom: graded.code });
      else {
        ctx.addIssue({
          code: "custom",
          message: `Not a code this server gives Observations: use a question or grade code of ${PRO_CTCAE_SYSTEM} (e.g. proctcae-48a-frq, proctcae-48-grade) or ${LOINC}|${BODY_TEMPERATURE}`,
        });
        return z.NEVER;
      }
    }
    if (!tokens) {
      ctx.addIssue({
        code: "custom",
        message: "Must be one or more codes, as system|code or code, separated by commas",
      });
      return z.NEVER;
    }
    return codes;
  })
  .optional();

const observationSearch = z.strictObject({
  patient: patientParam,
  date: dateParam,
  code: observationCodes,
  _lastUpdated: dateParam,
  ...PAGE,
});

/** The Observation id in the path, as what it names; one that is not ours is a 400. */
function observationKeyFromPath(request: Request) {
  const key = parseObservationId(idFromPath(request));
  if (!key) {
    throw notAnId("an Observation");
  }
  return key;
}

export const readObservation = fhirRoute({
  name: "fhir_read",
  consent: (_input, _user, request) => {
    const { reportId } = observationKeyFromPath(request);
    return { locate: (tx) => findReportPatientId(tx, { reportId }), categories: ["symptoms"] };
  },
  run: async (_input, { tx, request, annotate }) => {
    const key = observationKeyFromPath(request);
    const patientId = await findReportPatientId(tx, { reportId: key.reportId });
    if (!patientId) throw notFound();
    const { rows } = await searchFhirObservations(tx, {
      patientId,
      reportId: key.reportId,
      codes: [key],
      limit: 1,
      offset: 0,
    });
    if (!rows[0]) throw notFound();
    const resource = observationResource(rows[0]);
    annotate({ resourceType: "Observation", resourceId: String(resource.id) });
    return fhirResponse(resource);
  },
});

export const searchObservations = fhirRoute({
  name: "fhir_search",
  input: observationSearch,
  repeatable: ["date", "_lastUpdated"],
  consent: (query, user) => ({ patientId: searchedPatient(query.patient, user), categories: ["symptoms"] }),
  run: async (query, { tx, user, request, annotate }) => {
    const patientId = searchedPatient(query.patient, user);
    const { limit, offset } = pageOf(query);
    const { total, rows } = await searchFhirObservations(tx, {
      patientId,
      codes: query.code ?? null,
      date: query.date,
      lastUpdated: query._lastUpdated,
      limit,
      offset,
    });
    annotate({ resourceType: "Observation", details: { total, returned: rows.length } });
    return fhirResponse(searchBundle(request, { total, count: limit, offset }, rows.map(observationResource)));
  },
});
