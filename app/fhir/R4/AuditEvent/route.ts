import { searchAuditEvents } from "@/server/fhir/audit-events";

export const GET = searchAuditEvents;
