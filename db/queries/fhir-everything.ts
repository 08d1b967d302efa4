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

/** One resource type of the record: how many it has, and those from `offset`, at most `limit`. */
type Part = {
  resourceType: string;
  category: DataCategory;
  read: (
    tx: Tx,
    patientId: string,
    limit: number,
    offset: number,
    now: Date,
  ) => Promise<{ total: number; resources: Resource[] }>;
};

/** A part read whole (a patient has few of them), then paged. */
const whole =
  (all: (tx: Tx, patientId: string, now: Date) => Promise<Resource[]>): Part["read"] =>
  async (tx, patientId, limit, offset, now) => {
    const resources = await all(tx, patientId, now);
    return { total: resources.length, resources: resources.slice(offset, offset + limit) };
  };

/** The parts of one read of the record; the patient's plans are read once for both of theirs. */
function everythingParts(): Part[] {
  let plans: ReturnType<typeof searchFhirPlans> | undefined;
  const plansOf = (tx: Tx, patientId: string) => {
    plans ??= searchFhirPlans(tx, { patientId });
    return plans;
  };
  return [
    {
      resourceType: "Patient",
      category: "demographics",
      read: whole(async (tx, patientId) => {
        const patient = await findFhirPatient(tx, { patientId });
        if (!patient) throw new AppError("not_found");
        return [patientResource(patient)];
      }),
    },
    { resourceType: "Consent", category: "demographics", read: whole(fhirConsents) },
    {
      resourceType: "CarePlan",
      category: "treatment",
      read: whole(async (tx, patientId) => (await plansOf(tx, patientId)).map(carePlanResource)),
    },
    {
      resourceType: "MedicationRequest",
      category: "treatment",
      read: whole(async (tx, patientId) => (await plansOf(tx, patientId)).flatMap(medicationRequestResources)),
    },
    {
      resourceType: "Flag",
      category: "alerts",
      read: async (tx, patientId, limit, offset) => {
        const { total, alerts } = await searchFhirAlerts(tx, { patientId, limit, offset });
        return { total, resources: alerts.map(flagResource) };
      },
    },
    {
      resourceType: "QuestionnaireResponse",
      category: "symptoms",
      read: async (tx, patientId, limit, offset) => {
        const { total, reports } = await searchFhirReports(tx, { patientId, limit, offset });
        return { total, resources: reports.map(questionnaireResponseResource) };
      },
    },
    {
      resourceType: "Observation",
      category: "symptoms",
      read: async (tx, patientId, limit, offset) => {
        const { total, rows } = await searchFhirObservations(tx, { patientId, codes: null, limit, offset });
        return { total, resources: rows.map(observationResource) };
      },
    },
  ];
}

/**
 * One page of the record's resources in the readable categories (and, for an app, of the resource
 * types its scopes let it search), and how many there are in all.
 */
export async function readEverything(
  tx: Tx,
  p: {
    patientId: string;
    readable: readonly DataCategory[];
    types?: (resourceType: string) => boolean;
    limit: number;
    offset: number;
    now: Date;
  },
): Promise<{ total: number; page: Resource[] }> {
  let total = 0;
  const page: Resource[] = [];
  const parts = everythingParts().filter(
    (each) => p.readable.includes(each.category) && (p.types?.(each.resourceType) ?? true),
  );
  for (const part of parts) {
    // The part's stretch of the page: from where the page starts within it, as much as is left.
    const read = await part.read(tx, p.patientId, p.limit - page.length, Math.max(0, p.offset - total), p.now);
    total += read.total;
    page.push(...read.resources);
  }
  return { total, page };
}
