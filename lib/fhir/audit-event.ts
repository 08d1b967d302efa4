/**
 * The record's access log as AuditEvent resources, after IHE's Basic Audit Log Patterns: one event
 * for each time someone used the record, naming the patient once as the entity whose data it was
 * (role Patient), the person who did it as the requesting agent, and this service as the observer.
 * FHIR reads and searches are RESTful operations (type `rest`, subtype the interaction); every
 * other use is coded with the action's own code, whose display is the sentence the patient reads.
 */
import { describeAccess } from "../audit/describe";
import { CANONICAL_BASE } from "./codes";
import { STAFF_SYSTEM } from "./consent";
import type { Resource } from "./types";

export const AUDIT_ACTION_SYSTEM = `${CANONICAL_BASE}/CodeSystem/audit-action`;

export type FhirAuditRow = {
  id: number;
  occurredAt: Date;
  action: string;
  outcome: "allowed" | "denied";
  actorUserId: string;
  actorName: string;
  actorRole: string | null;
  patientId: string;
};

const RESTFUL = { fhir_read: "read", fhir_search: "search-type" } as const;

/** C(reate), R(ead), U(pdate) or E(xecute), from the words of the action. */
function actionCode(action: string): "C" | "R" | "U" | "E" {
  if (/viewed|listed|printed|^fhir_|_form_/.test(action)) return "R";
  if (/submitted|entered|enrolled|started/.test(action)) return "C";
  if (/^alert_|_updated$/.test(action)) return "U";
  return "E";
}

export function auditEventResource(row: FhirAuditRow): Resource {
  const restful = RESTFUL[row.action as keyof typeof RESTFUL];
  return {
    resourceType: "AuditEvent",
    id: String(row.id),
    type: restful
      ? { system: "http://terminology.hl7.org/CodeSystem/audit-event-type", code: "rest", display: "RESTful Operation" }
      : { system: AUDIT_ACTION_SYSTEM, code: row.action, display: describeAccess(row.action) },
    ...(restful && { subtype: [{ system: "http://hl7.org/fhir/restful-interaction", code: restful }] }),
    action: actionCode(row.action),
    recorded: row.occurredAt.toISOString(),
    outcome: row.outcome === "allowed" ? "0" : "4",
    ...(row.outcome === "denied" && { outcomeDesc: "Refused: the record was not theirs to use" }),
    agent: [
      {
        type: {
          coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", code: "IRCP" }],
        },
        who: { identifier: { system: STAFF_SYSTEM, value: row.actorUserId }, display: row.actorName },
        ...(row.actorRole && { role: [{ text: row.actorRole }] }),
        requestor: true,
      },
    ],
    source: {
      observer: { display: "SERUMS Oncology" },
      type: [{ system: "http://terminology.hl7.org/CodeSystem/security-source-type", code: "4" }],
    },
    entity: [
      {
        what: { reference: `Patient/${row.patientId}` },
        type: { system: "http://terminology.hl7.org/CodeSystem/audit-entity-type", code: "1", display: "Person" },
        role: { system: "http://terminology.hl7.org/CodeSystem/object-role", code: "1", display: "Patient" },
      },
    ],
  };
}
