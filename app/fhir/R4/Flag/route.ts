import { searchFlags } from "@/server/fhir/reads";

export const GET = searchFlags;
