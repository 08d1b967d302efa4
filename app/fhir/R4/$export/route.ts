import { systemExport } from "@/server/fhir/bulk-export";

export const GET = systemExport;
