import { cancelExport, exportStatus } from "@/server/fhir/bulk-export";

export const GET = exportStatus;
export const DELETE = cancelExport;
