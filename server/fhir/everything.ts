import "server-only";
/**
 * `GET /fhir/R4/Patient/{id}/$everything`: every resource of the patient's record the caller may
 * read, in one searchset: the Patient and their consent rules, the treatment plan (CarePlan, MedicationRequests), the alerts
 * (Flags), the reports (QuestionnaireResponses) and their Observations, in that order, each part
 * only where the patient's consent gives the caller its category (the rest is left out, as the
 * record page leaves it out). Paged with `_count` and `_offset` over the whole sequence, each part
 * read only for the stretch of the page that falls in it. One audit event names the patient and the
 * categories left out.
 */
import { z } from "zod";
import type { Tx } from "@/db/client";
import {
  findFhirPatient,
  searchFhirAlerts,
  searchFhirObservations,
  searchFhirPlans,
  searchFhirReports,
} from "@/db/queries/fhir-records";
import {
  flagResource,
  observationResource,
  patientResource,
  questionnaireResponseResource,
} from "@/lib/fhir/resources";
import { carePlanResource, medicationRequestResources } from "@/lib/fhir/treatment";
import type { Resource } from "@/lib/fhir/types";
import { isUuid } from "@/lib/uuid";
import { DATA_CATEGORIES, type DataCategory } from "@/lib/vocabulary";
import { consentsOf } from "./consent";
import { fhirResponse, fhirRoute, notAnId, notFound, PAGE, pageOf, searchBundle } from "./http";

/** One part of the record: how many resources it has, and those from `offset`, at most `limit`. */
type Part = {
  category: DataCategory;
  read: (tx: Tx, patientId: string, limit: number, offset: number) => Promise<{ total: number; resources: Resource[] }>;
};

const PARTS: Part[] = [
  {
    category: "demographics",
    read: async (tx, patientId, limit, offset) => {
      const patient = await findFhirPatient(tx, { patientId });
      if (!patient) throw notFound();
      const all = [patientResource(patient), ...(await consentsOf(tx, patientId))];
      return { total: all.length, resources: all.slice(offset, offset + limit) };
    },
  },
  {
    category: "treatment",
    read: async (tx, patientId, limit, offset) => {
      const plans = await searchFhirPlans(tx, { patientId });
      const all = plans.flatMap((plan) => [carePlanResource(plan), ...medicationRequestResources(plan)]);
      return { total: all.length, resources: all.slice(offset, offset + limit) };
    },
  },
  {
    category: "alerts",
    read: async (tx, patientId, limit, offset) => {
      const { total, alerts } = await searchFhirAlerts(tx, { patientId, limit, offset });
      return { total, resources: alerts.map(flagResource) };
    },
  },
  {
    category: "symptoms",
    read: async (tx, patientId, limit, offset) => {
      const { total, reports } = await searchFhirReports(tx, { patientId, limit, offset });
      return { total, resources: reports.map(questionnaireResponseResource) };
    },
  },
  {
    category: "symptoms",
    read: async (tx, patientId, limit, offset) => {
      const { total, rows } = await searchFhirObservations(tx, { patientId, codes: null, limit, offset });
      return { total, resources: rows.map(observationResource) };
    },
  },
];

/** The patient's id from `/Patient/{id}/$everything`; any other is a 400. */
function patientIdFromPath(request: Request): string {
  const id = new URL(request.url).pathname.split("/").at(-2) ?? "";
  if (!isUuid(id)) {
    throw notAnId("a Patient");
  }
  return id.toLowerCase();
}

export const patientEverything = fhirRoute({
  name: "fhir_search",
  input: z.strictObject(PAGE),
  consent: (_input, _user, request) => ({ patientId: patientIdFromPath(request), categories: DATA_CATEGORIES }),
  requireAll: false,
  run: async (query, { tx, request, readable, annotate }) => {
    const patientId = patientIdFromPath(request);
    const { limit, offset } = pageOf(query);
    let total = 0;
    const page: Resource[] = [];
    for (const part of PARTS.filter((p) => readable.includes(p.category))) {
      // The part's stretch of the page: from where the page starts within it, as much as is left.
      const from = Math.max(0, offset - total);
      const read = await part.read(tx, patientId, limit - page.length, from);
      total += read.total;
      page.push(...read.resources);
    }
    const withheld = DATA_CATEGORIES.filter((c) => !readable.includes(c));
    annotate({
      resourceType: "Patient",
      resourceId: patientId,
      details: { operation: "everything", total, returned: page.length, withheld: withheld.join(",") || null },
    });
    return fhirResponse(searchBundle(request, { total, count: limit, offset }, page));
  },
});
