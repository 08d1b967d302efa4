import "server-only";
/**
 * A whole record as FHIR resources, for `Patient/{id}/$everything`: the Patient and their consent
 * rules, the treatment plan (CarePlan, MedicationRequests), the alerts (Flags), the reports
 * (QuestionnaireResponses) and their Observations, in that order, each part only in the categories
 * the caller may read. Paged over the whole sequence, each part read only for the stretch of the
 * page that falls in it. Runs inside `withRls`; the policies hold each row to the same rule again.
 */
import { AppError } from "../../lib/errors";
import { consentResource } from "../../lib/fhir/consent";
import {
  flagResource,
  observationResource,
  patientResource,
  questionnaireResponseResource,
} from "../../lib/fhir/resources";
import { carePlanResource, medicationRequestResources } from "../../lib/fhir/treatment";
import type { Resource } from "../../lib/fhir/types";
import type { DataCategory } from "../../lib/vocabulary";
import type { Tx } from "../client";
import { listConsentRules } from "./consent";
import {
  findFhirPatient,
  searchFhirAlerts,
  searchFhirObservations,
  searchFhirPlans,
  searchFhirReports,
} from "./fhir-records";

/** The patient's consent rules as Consent resources, as they stand at `now`. */
export async function fhirConsents(tx: Tx, patientId: string, now: Date): Promise<Resource[]> {
  return (await listConsentRules(tx, patientId)).map((rule) => consentResource({ ...rule, patientId }, now));
}

/** One part of the record: how many resources it has, and those from `offset`, at most `limit`. */
type Part = {
  category: DataCategory;
  read: (
    tx: Tx,
    patientId: string,
    limit: number,
    offset: number,
    now: Date,
  ) => Promise<{ total: number; resources: Resource[] }>;
};

const PARTS: Part[] = [
  {
    category: "demographics",
    read: async (tx, patientId, limit, offset, now) => {
      const patient = await findFhirPatient(tx, { patientId });
      if (!patient) throw new AppError("not_found");
      const all = [patientResource(patient), ...(await fhirConsents(tx, patientId, now))];
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

/** One page of the record's resources in the readable categories, and how many there are in all. */
export async function readEverything(
  tx: Tx,
  p: { patientId: string; readable: readonly DataCategory[]; limit: number; offset: number; now: Date },
): Promise<{ total: number; page: Resource[] }> {
  let total = 0;
  const page: Resource[] = [];
  for (const part of PARTS.filter((each) => p.readable.includes(each.category))) {
    // The part's stretch of the page: from where the page starts within it, as much as is left.
    const read = await part.read(tx, p.patientId, p.limit - page.length, Math.max(0, p.offset - total), p.now);
    total += read.total;
    page.push(...read.resources);
  }
  return { total, page };
}
