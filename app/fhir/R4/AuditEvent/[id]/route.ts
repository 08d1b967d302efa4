import { readAuditEvent } from "@/server/fhir/audit-events";

export const GET = readAuditEvent;
