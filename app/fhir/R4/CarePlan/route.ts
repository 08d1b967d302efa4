import { searchCarePlans } from "@/server/fhir/treatment";

export const GET = searchCarePlans;
