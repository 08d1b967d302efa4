import "server-only";
import type { z } from "zod";
import { DEVICE_TOKEN_PREFIX } from "@/db/queries/device-tokens";
import { AppError } from "@/lib/errors";
import { COUNT_DEFAULT, countParam, offsetParam } from "@/lib/fhir/search";
import type { Bundle, OperationOutcome, Resource } from "@/lib/fhir/types";
import { isUuid } from "@/lib/uuid";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { authenticateDevice, bearerToken } from "@/server/auth/device";
import type { SessionUser } from "@/server/auth/session";
import type { GuardedContext } from "@/server/http/guard";
import { siteOrigin } from "@/server/http/origin";
import type { RoutePrincipal, RouteSpec } from "@/server/http/route";
import { route } from "@/server/http/route";
import { authenticateSmartApp, requireScope } from "@/server/smart/authenticate";

export const FHIR_JSON = "application/fhir+json";

/**
 * Who may call the FHIR API: clinicians, patients (in the browser or through their device), and an
 * organisation's backend services ("system", SMART Backend Services).
 */
export const FHIR_ROLES = [...CLINICAL_ROLES, "patient", "system"] as const;
export type FhirPrincipal = RoutePrincipal<typeof FHIR_ROLES>;

/** A FHIR resource (or Bundle) as the answer, never cached. */
export function fhirResponse(resource: Resource, init: { status?: number; headers?: Record<string, string> } = {}) {
  return new Response(JSON.stringify(resource), {
    status: init.status ?? 200,
    headers: { "content-type": `${FHIR_JSON}; charset=utf-8`, "cache-control": "no-store", ...init.headers },
  });
}

const ISSUE_CODE: Record<string, string> = {
  unauthenticated: "login",
  forbidden: "forbidden",
  not_found: "not-found",
  invalid_input: "invalid",
  conflict: "conflict",
  payload_too_large: "too-costly",
  unsupported_media_type: "not-supported",
  rate_limited: "throttled",
  unavailable: "transient",
  internal: "exception",
};

/** A refusal as FHIR says it: an OperationOutcome whose first issue is the sentence, then one per field. */
export function operationOutcome(error: AppError, headers?: Record<string, string>): Response {
  const code = ISSUE_CODE[error.code] ?? "processing";
  const message =
    error.code === "unsupported_media_type"
      ? `Send the body as FHIR JSON (Content-Type: ${FHIR_JSON}).`
      : error.code === "not_found" && error.message === new AppError("not_found").message
        ? "We could not find that resource."
        : error.message;
  const outcome: OperationOutcome = {
    resourceType: "OperationOutcome",
    issue: [
      { severity: "error", code, diagnostics: message },
      ...(error.fields ?? []).map((f) => ({
        severity: "error" as const,
        code,
        diagnostics: `${f.field}: ${f.message}`,
        expression: [f.field],
      })),
    ],
  };
  return fhirResponse(outcome, { status: error.status, headers });
}

/**
 * A FHIR interaction through the one front door (server/http/route.ts): the caller is the device
 * or SMART app whose bearer token the request carries, or else the browser session; the role is a
 * clinician's or a patient's; consent, RLS and the audit event are the wrapper's, and an app's
 * scopes limit it further; refusals are OperationOutcomes.
 */
export function fhirRoute<S extends z.ZodType>(
  spec: Omit<RouteSpec<S, Response, typeof FHIR_ROLES>, "roles" | "authenticate" | "orSession" | "refusal">,
) {
  return route({
    ...spec,
    roles: FHIR_ROLES,
    authenticate: authenticateBearer,
    orSession: true,
    refusal: operationOutcome,
    bodyTypes: [FHIR_JSON, "application/json"],
  });
}

/** A device token (`srm_...`) is a device's; any other bearer token, a SMART app's access token. */
async function authenticateBearer(request: Request): Promise<SessionUser> {
  const token = bearerToken(request);
  if (token === undefined || token.startsWith(DEVICE_TOKEN_PREFIX)) return authenticateDevice(request);
  const user = await authenticateSmartApp(request, token);
  requireScope(user, request);
  return user;
}

/** The refusal of a path id this server never gives out; `what` names its kind ("an Observation"). */
export function notAnId(what = "an"): AppError {
  return new AppError("invalid_input", "That is not a resource id this server gives out.", [
    { field: "id", message: `Not ${what} id of this server` },
  ]);
}

/** The resource id at the end of the request's path, decoded; a malformed one is a 400. */
export function idFromPath(request: Request): string {
  const segment = new URL(request.url).pathname.split("/").pop() ?? "";
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    id = "";
  }
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    throw notAnId();
  }
  return id;
}

/**
 * The request's URL as the client sees this site: NEXTAUTH_URL, or the host a proxy in front passed
 * on (server/http/origin.ts), rather than the address the app itself listens on.
 */
function publicUrl(request: Request): URL {
  const url = new URL(request.url);
  const site = siteOrigin(request.headers, request.url);
  if (site) {
    const { protocol, hostname, port } = new URL(site);
    url.protocol = protocol;
    url.hostname = hostname;
    // Set even when empty: a host without a port does not clear the request's own.
    url.port = port;
  }
  return url;
}

/** The base URL of this FHIR endpoint, as the client reaches it. */
export function fhirBase(request: Request): string {
  return `${publicUrl(request).origin}/fhir/R4`;
}

/**
 * A searchset Bundle of one page: `self` is the request, `next` the same search from the next
 * offset while there is more.
 */
export function searchBundle(
  request: Request,
  page: { total: number; count: number; offset: number },
  resources: readonly Resource[],
): Bundle {
  const base = fhirBase(request);
  const self = publicUrl(request);
  const link = [{ relation: "self", url: self.toString() }];
  if (page.count > 0 && page.offset + page.count < page.total) {
    const next = new URL(self);
    next.searchParams.set("_offset", String(page.offset + page.count));
    next.searchParams.set("_count", String(page.count));
    link.push({ relation: "next", url: next.toString() });
  }
  return {
    resourceType: "Bundle",
    type: "searchset",
    total: page.total,
    link,
    ...(resources.length > 0 && {
      entry: resources.map((resource) => ({
        fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
        resource,
        search: { mode: "match" as const },
      })),
    }),
  };
}

/**
 * The patient a search is about: the `patient` parameter, or for a patient (or their device) their
 * own record when it is left out. Searches are per patient so that consent is decided before any
 * query runs.
 */
export function searchedPatient(patient: string | undefined, user: FhirPrincipal): string {
  if (patient) return patient;
  if (user.kind !== "staff" && user.kind !== "system") return user.patientId;
  throw new AppError("invalid_input", "Name the patient: searches are per patient (patient=Patient/<id>).", [
    { field: "patient", message: "Required" },
  ]);
}

export const notFound = () => new AppError("not_found");

/** A path id that must be a uuid (Patient, QuestionnaireResponse, Flag). */
export function uuidFromPath(request: Request): string {
  const id = idFromPath(request);
  if (!isUuid(id)) throw notAnId();
  return id.toLowerCase();
}

/** The paging parameters every search takes. */
export const PAGE = { _count: countParam, _offset: offsetParam };

/** A search's page: `_count` entries (default 20) from `_offset`. */
export const pageOf = (query: { _count?: number; _offset?: number }) => ({
  limit: query._count ?? COUNT_DEFAULT,
  offset: query._offset ?? 0,
});

/**
 * One page of a search whose resources are few enough to be read whole (a patient's plans, their
 * consent rules), as a searchset Bundle; the audit event counts what matched and what was returned.
 */
export function pageOfAll(
  request: Request,
  query: { _count?: number; _offset?: number },
  resourceType: string,
  all: readonly Resource[],
  annotate: GuardedContext<FhirPrincipal>["annotate"],
): Response {
  const { limit, offset } = pageOf(query);
  const page = all.slice(offset, offset + limit);
  annotate({ resourceType, details: { total: all.length, returned: page.length } });
  return fhirResponse(searchBundle(request, { total: all.length, count: limit, offset }, page));
}
