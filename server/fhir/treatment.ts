import "server-only";
/**
 * The treatment plan: the plan as a CarePlan and each agent of each cycle as a MedicationRequest
 * (lib/fhir/treatment.ts), read by id or searched by patient; the `treatment` category of the
 * patient's consent. A patient has few plans and cycles, so a search reads them whole and pages
 * the resources.
 */
import { z } from "zod";
import { findCycle, findPlanPatientId, searchFhirPlans } from "@/db/queries/fhir-records";
import { patientParam } from "@/lib/fhir/search";
import { carePlanResource, medicationRequestResources, parseMedicationRequestId } from "@/lib/fhir/treatment";
import type { Resource } from "@/lib/fhir/types";
import {
  fhirResponse,
  fhirRoute,
  idFromPath,
  notAnId,
  notFound,
  PAGE,
  pageOfAll,
  searchedPatient,
  uuidFromPath,
} from "./http";

const treatmentSearch = z.strictObject({ patient: patientParam, ...PAGE });

/** A MedicationRequest id from the path: `<cycle id>-<agent>`; any other is a 400. */
function medicationRequestKeyFromPath(request: Request) {
  const key = parseMedicationRequestId(idFromPath(request));
  if (!key) {
    throw notAnId("a MedicationRequest");
  }
  return key;
}

export const readCarePlan = fhirRoute({
  name: "fhir_read",
  consent: (_input, _user, request) => {
    const planId = uuidFromPath(request);
    return { locate: (tx) => findPlanPatientId(tx, { planId }), categories: ["treatment"] };
  },
  run: async (_input, { tx, request, annotate }) => {
    const planId = uuidFromPath(request);
    const patientId = await findPlanPatientId(tx, { planId });
    const [plan] = patientId ? await searchFhirPlans(tx, { patientId, planId }) : [];
    if (!plan) throw notFound();
    annotate({ resourceType: "CarePlan", resourceId: planId });
    return fhirResponse(carePlanResource(plan));
  },
});

export const readMedicationRequest = fhirRoute({
  name: "fhir_read",
  consent: (_input, _user, request) => {
    const { cycleId } = medicationRequestKeyFromPath(request);
    return { locate: async (tx) => (await findCycle(tx, { cycleId }))?.patientId ?? null, categories: ["treatment"] };
  },
  run: async (_input, { tx, request, annotate }) => {
    const id = idFromPath(request).toLowerCase();
    const cycle = await findCycle(tx, medicationRequestKeyFromPath(request));
    const [plan] = cycle ? await searchFhirPlans(tx, cycle) : [];
    const resource = plan ? medicationRequestResources(plan).find((r) => r.id === id) : undefined;
    if (!resource) throw notFound();
    annotate({ resourceType: "MedicationRequest", resourceId: id });
    return fhirResponse(resource);
  },
});

/** A search of the patient's plans, as the resources `toResources` makes of them, one page of them. */
function treatmentSearchRoute(
  resourceType: string,
  toResources: (plans: Awaited<ReturnType<typeof searchFhirPlans>>) => Resource[],
) {
  return fhirRoute({
    name: "fhir_search",
    input: treatmentSearch,
    consent: (query, user) => ({ patientId: searchedPatient(query.patient, user), categories: ["treatment"] }),
    run: async (query, { tx, user, request, annotate }) => {
      const plans = await searchFhirPlans(tx, { patientId: searchedPatient(query.patient, user) });
      return pageOfAll(request, query, resourceType, toResources(plans), annotate);
    },
  });
}

export const searchCarePlans = treatmentSearchRoute("CarePlan", (plans) => plans.map(carePlanResource));

export const searchMedicationRequests = treatmentSearchRoute("MedicationRequest", (plans) =>
  plans.flatMap(medicationRequestResources),
);
