import "server-only";
/**
 * The access log of the patient's record as AuditEvents (lib/fhir/audit-event.ts): who used the
 * record, when, how, and whether they were refused, as the patient reads it under "Who has looked
 * at my record". Only the patient (or their device) reads it, as the audit trail's row policy has
 * it: a clinician is refused with 403, not given an empty log.
 */
import { z } from "zod";
import { searchFhirAuditEvents } from "@/db/queries/fhir-records";
import { AppError } from "@/lib/errors";
import { auditEventResource } from "@/lib/fhir/audit-event";
import { dateParam, patientParam } from "@/lib/fhir/search";
import {
  type FhirPrincipal,
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

/** The patient whose log is read: the caller's own record; staff and backend services are refused before any query. */
function ownPatient(user: FhirPrincipal, patient?: string): string {
  if (user.kind === "staff" || user.kind === "system") {
    throw new AppError("forbidden", "Only the patient reads the access log of their record.");
  }
  return searchedPatient(patient, user);
}

/** An AuditEvent id from the path: the event's number; any other is a 400. */
function eventIdFromPath(request: Request): number {
  const id = idFromPath(request);
  if (!/^\d{1,18}$/.test(id)) {
    throw notAnId("an AuditEvent");
  }
  return Number(id);
}

export const readAuditEvent = fhirRoute({
  name: "fhir_read",
  consent: (_input, user, request) => {
    eventIdFromPath(request);
    return { patientId: ownPatient(user), categories: ["demographics"] };
  },
  run: async (_input, { tx, user, request, annotate }) => {
    const eventId = eventIdFromPath(request);
    const patientId = ownPatient(user);
    const { events } = await searchFhirAuditEvents(tx, {
      patientId,
      ownUserId: user.userId,
      eventId,
      limit: 1,
      offset: 0,
    });
    if (!events[0]) throw notFound();
    annotate({ resourceType: "AuditEvent", resourceId: String(eventId) });
    return fhirResponse(auditEventResource(events[0]));
  },
});

export const searchAuditEvents = fhirRoute({
  name: "fhir_search",
  input: z.strictObject({ patient: patientParam, date: dateParam, ...PAGE }),
  repeatable: ["date"],
  consent: (query, user) => ({ patientId: ownPatient(user, query.patient), categories: ["demographics"] }),
  run: async (query, { tx, user, request, annotate }) => {
    const patientId = ownPatient(user, query.patient);
    const { limit, offset } = pageOf(query);
    const { total, events } = await searchFhirAuditEvents(tx, {
      patientId,
      ownUserId: user.userId,
      date: query.date,
      limit,
      offset,
    });
    annotate({ resourceType: "AuditEvent", details: { total, returned: events.length } });
    return fhirResponse(searchBundle(request, { total, count: limit, offset }, events.map(auditEventResource)));
  },
});
