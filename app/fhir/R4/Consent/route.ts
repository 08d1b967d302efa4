import { searchConsents } from "@/server/fhir/consent";

export const GET = searchConsents;
