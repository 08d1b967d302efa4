import { readFlag } from "@/server/fhir/reads";

export const GET = readFlag;
