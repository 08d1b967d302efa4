import { groupExport } from "@/server/fhir/bulk-export";

export const GET = groupExport;
