import { readCodeSystem } from "@/server/fhir/reads";

export const GET = readCodeSystem;
