import { readCodeSystem } from "@/server/fhir/definitions";

export const GET = readCodeSystem;
