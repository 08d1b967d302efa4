import "server-only";
/**
 * The FHIR read and search interactions, each a `fhirRoute`: the patient's consent for the category
 * the resource belongs to (demographics, symptoms or alerts) is decided before any query, the
 * queries run under RLS, and every call is one audit event naming the patient.
 */
import { z } from "zod";
import { findAlertPatientId } from "@/db/queries/alert-rows";
import {
  findFhirPatient,
  findReportPatientId,
  type ObservationCode,
  searchFhirAlerts,
  searchFhirObservations,
  searchFhirReports,
} from "@/db/queries/fhir-records";
import { AppError } from "@/lib/errors";
import { capabilityStatement } from "@/lib/fhir/capability";
import { proCtcaeCodeSystem } from "@/lib/fhir/code-system";
import {
  BODY_TEMPERATURE,
  CODE_SYSTEM_ID,
  gradedItemOf,
  LOINC,
  PRO_CTCAE_SYSTEM,
  QUESTIONNAIRE_ID,
  questionOf,
  REPORT_KEY_SYSTEM,
} from "@/lib/fhir/codes";
import { reportQuestionnaire } from "@/lib/fhir/questionnaire";
import {
  flagResource,
  observationResource,
  parseObservationId,
  patientResource,
  questionnaireResponseResource,
} from "@/lib/fhir/resources";
import { COUNT_DEFAULT, countParam, dateParam, offsetParam, parseTokens, patientParam } from "@/lib/fhir/search";
import type { Resource } from "@/lib/fhir/types";
import { isIdempotencyKey } from "@/lib/reports/idempotency";
import { isUuid } from "@/lib/uuid";
import { route } from "@/server/http/route";
import { fhirBase, fhirResponse, fhirRoute, idFromPath, operationOutcome, searchBundle, searchedPatient } from "./http";

const notFound = () => new AppError("not_found");

/** A path id that must be a uuid (Patient, QuestionnaireResponse, Flag). */
function uuidFromPath(request: Request): string {
  const id = idFromPath(request);
  if (!isUuid(id))
    throw new AppError("invalid_input", "That is not a resource id this server gives out.", [
      { field: "id", message: "Not an id of this server" },
    ]);
  return id.toLowerCase();
}

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

export const readPatient = fhirRoute({
  name: "fhir_read",
  consent: (_input, _user, request) => ({ patientId: uuidFromPath(request), categories: ["demographics"] }),
  run: async (_input, { tx, request, annotate }) => {
    const patientId = uuidFromPath(request);
    const patient = await findFhirPatient(tx, { patientId });
    if (!patient) throw notFound();
    annotate({ resourceType: "Patient", resourceId: patientId });
    return fhirResponse(patientResource(patient));
  },
});

const PAGE = { _count: countParam, _offset: offsetParam };

const page = (query: { _count?: number; _offset?: number }) => ({
  limit: query._count ?? COUNT_DEFAULT,
  offset: query._offset ?? 0,
});

/** `identifier`: a report's key, as `system|value` (our report-key system) or `value`. */
const identifierParam = z
  .string()
  .transform((value, ctx) => {
    const ours = value.startsWith(`${REPORT_KEY_SYSTEM}|`) || value.startsWith("|");
    const key = ours ? value.slice(value.indexOf("|") + 1) : value;
    if ((!ours && value.includes("|")) || !isIdempotencyKey(key)) {
      ctx.addIssue({ code: "custom", message: `Must be a report's key, as ${REPORT_KEY_SYSTEM}|<key> or <key>` });
      return z.NEVER;
    }
    return key;
  })
  .optional();

const questionnaireResponseSearch = z.strictObject({
  patient: patientParam,
  identifier: identifierParam,
  authored: dateParam,
  _lastUpdated: dateParam,
  ...PAGE,
});

export const readQuestionnaireResponse = fhirRoute({
  name: "fhir_read",
  consent: (_input, _user, request) => {
    const reportId = uuidFromPath(request);
    return { locate: (tx) => findReportPatientId(tx, { reportId }), categories: ["symptoms"] };
  },
  run: async (_input, { tx, request, annotate }) => {
    const reportId = uuidFromPath(request);
    const patientId = await findReportPatientId(tx, { reportId });
    if (!patientId) throw notFound();
    const { reports } = await searchFhirReports(tx, { patientId, reportId, limit: 1, offset: 0 });
    if (!reports[0]) throw notFound();
    annotate({ resourceType: "QuestionnaireResponse", resourceId: reportId });
    return fhirResponse(questionnaireResponseResource(reports[0]));
  },
});

export const searchQuestionnaireResponses = fhirRoute({
  name: "fhir_search",
  input: questionnaireResponseSearch,
  repeatable: ["authored", "_lastUpdated"],
  consent: (query, user) => ({ patientId: searchedPatient(query.patient, user), categories: ["symptoms"] }),
  run: async (query, { tx, user, request, annotate }) => {
    const patientId = searchedPatient(query.patient, user);
    const { limit, offset } = page(query);
    const { total, reports } = await searchFhirReports(tx, {
      patientId,
      key: query.identifier,
      authored: query.authored,
      lastUpdated: query._lastUpdated,
      limit,
      offset,
    });
    annotate({ resourceType: "QuestionnaireResponse", details: { total, returned: reports.length } });
    return fhirResponse(
      searchBundle(request, { total, count: limit, offset }, reports.map(questionnaireResponseResource)),
    );
  },
});

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
    throw new AppError("invalid_input", "That is not a resource id this server gives out.", [
      { field: "id", message: "Not an Observation id of this server" },
    ]);
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
    const { limit, offset } = page(query);
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

const flagSearch = z.strictObject({ patient: patientParam, date: dateParam, _lastUpdated: dateParam, ...PAGE });

export const readFlag = fhirRoute({
  name: "fhir_read",
  consent: (_input, _user, request) => {
    const alertId = uuidFromPath(request);
    return { locate: (tx) => findAlertPatientId(tx, { alertId }), categories: ["alerts"] };
  },
  run: async (_input, { tx, request, annotate }) => {
    const alertId = uuidFromPath(request);
    const patientId = await findAlertPatientId(tx, { alertId });
    if (!patientId) throw notFound();
    const { alerts } = await searchFhirAlerts(tx, { patientId, alertId, limit: 1, offset: 0 });
    if (!alerts[0]) throw notFound();
    annotate({ resourceType: "Flag", resourceId: alertId });
    return fhirResponse(flagResource(alerts[0]));
  },
});

export const searchFlags = fhirRoute({
  name: "fhir_search",
  input: flagSearch,
  repeatable: ["date", "_lastUpdated"],
  consent: (query, user) => ({ patientId: searchedPatient(query.patient, user), categories: ["alerts"] }),
  run: async (query, { tx, user, request, annotate }) => {
    const patientId = searchedPatient(query.patient, user);
    const { limit, offset } = page(query);
    const { total, alerts } = await searchFhirAlerts(tx, {
      patientId,
      date: query.date,
      lastUpdated: query._lastUpdated,
      limit,
      offset,
    });
    annotate({ resourceType: "Flag", details: { total, returned: alerts.length } });
    return fhirResponse(searchBundle(request, { total, count: limit, offset }, alerts.map(flagResource)));
  },
});
