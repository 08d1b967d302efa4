import { readConsent } from "@/server/fhir/consent";

export const GET = readConsent;
