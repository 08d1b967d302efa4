import "server-only";
/**
 * Patient, QuestionnaireResponse and Flag reads and searches (Observations: observations.ts), each
 * a `fhirRoute`: the patient's consent for the category the resource belongs to (demographics,
 * symptoms or alerts) is decided before any query, the queries run under RLS, and every call is
 * one audit event naming the patient.
 */
import { z } from "zod";
import { findAlertPatientId } from "@/db/queries/alert-rows";
import { findFhirPatient, findReportPatientId, searchFhirAlerts, searchFhirReports } from "@/db/queries/fhir-records";
import { REPORT_KEY_SYSTEM } from "@/lib/fhir/codes";
import { flagResource, patientResource, questionnaireResponseResource } from "@/lib/fhir/resources";
import { dateParam, patientParam } from "@/lib/fhir/search";
import { isIdempotencyKey } from "@/lib/reports/idempotency";
import { fhirResponse, fhirRoute, notFound, PAGE, pageOf, searchBundle, searchedPatient, uuidFromPath } from "./http";

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
    const { limit, offset } = pageOf(query);
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
    const { limit, offset } = pageOf(query);
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
