import { notImplemented } from "@/server/fhir/definitions";

/** Any other path under /fhir/R4: an OperationOutcome saying so, rather than the site's 404 page. */
export const GET = notImplemented;
export const POST = notImplemented;
export const PUT = notImplemented;
export const PATCH = notImplemented;
export const DELETE = notImplemented;
