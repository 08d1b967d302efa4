import { exportFile } from "@/server/fhir/bulk-export";

export const GET = exportFile;
