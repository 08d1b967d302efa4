import "server-only";
import type { z } from "zod";
import type { AuditAction } from "@/lib/audit/actions";
import { AppError } from "@/lib/errors";
import { fieldErrors, MAX_FIELD_ERRORS } from "@/lib/field-errors";
import { localizeError } from "@/lib/i18n/error-messages";
import { hasRole, type PrincipalFor, type Role, requireSession, type SessionUser } from "@/server/auth/session";
import { localeOfRequest } from "@/server/i18n/locale";
import { log } from "@/server/log";
import { DEFAULT_BODY_LIMIT, readJson } from "./body";
import { type ConsentNeed, type GuardedContext, guarded, type LocatedConsentNeed } from "./guard";
import { jsonResponse } from "./json-response";
import { userFacingError } from "./messages";
import { isSameOrigin, NOT_THIS_SITE } from "./origin";
import { problemFor } from "./problem";

/**
 * Who may call a route: signed-in principals holding one of a list of roles (the principal is
 * narrowed to match), any signed-in principal (`"signed_in"`), or anyone (`"anyone"`: the sign-in
 * steps, which read the half-finished sign-in themselves).
 */
export type Access = readonly Role[] | "signed_in" | "anyone";

/** The principal a route's `run` receives for its `roles`. */
export type RoutePrincipal<R extends Access> = R extends readonly Role[] ? PrincipalFor<R> : SessionUser;

type Common<S extends z.ZodType> = {
  /** The name in the server log; for audited routes also the audit action. */
  name: string;
  /** The JSON body (or, for GET, the query string); omitted when the route takes neither. */
  input?: S;
  /** The largest body accepted, in bytes: 64 KiB unless the route says otherwise. */
  maxBodyBytes?: number;
  /** The media types a body may have: `application/json` unless the route says otherwise. */
  bodyTypes?: readonly string[];
  /** Query parameters that may be given more than once; their value is then a list. */
  repeatable?: readonly string[];
  /** How a refusal is answered: an RFC 9457 problem document unless the route speaks another format. */
  refusal?: (error: AppError, headers?: Record<string, string>) => Response;
};

/** A route for a signed-in browser session or (with `authenticate`) a device; audited, under RLS. */
export type RouteSpec<S extends z.ZodType, T, R extends readonly Role[] | "signed_in"> = Common<S> & {
  /** The audit action recorded for every call. */
  name: AuditAction;
  roles: R;
  /** Who is calling. Defaults to the browser session; device routes pass their own token check. */
  authenticate?: (request: Request) => Promise<SessionUser>;
  /**
   * With `authenticate`: a request without an Authorization header is taken as the browser
   * session's instead (the FHIR API, for apps and for the signed-in browser alike). Such a request
   * is cookie-authenticated, so one that changes something must come from this site.
   */
  orSession?: boolean;
  consent?: (input: z.infer<S>, user: RoutePrincipal<R>, request: Request) => ConsentNeed | LocatedConsentNeed;
  /** Refuse unless every category in `consent` is readable (default); a route that returns what it may, false. */
  requireAll?: boolean;
  run: (input: z.infer<S>, ctx: GuardedContext<RoutePrincipal<R>> & { request: Request }) => Promise<T | Response>;
};

/** A route open before sign-in is complete; `run` decides from the request and pending sign-in itself. */
export type OpenRouteSpec<S extends z.ZodType, T> = Common<S> & {
  roles: "anyone";
  run: (input: z.infer<S>, ctx: { request: Request }) => Promise<T | Response>;
};

const isMutating = (request: Request) => request.method !== "GET" && request.method !== "HEAD";

/**
 * The query string's parameters as an object. A parameter given more than once is refused: which
 * value was meant cannot be told, and the app never sends one twice.
 */
function readQuery(request: Request, repeatable: readonly string[] = []): Record<string, string | string[]> {
  const params = new URL(request.url).searchParams;
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const key of params.keys()) (seen.has(key) && !repeatable.includes(key) ? repeated : seen).add(key);
  if (repeated.size > 0) {
    throw new AppError(
      "invalid_input",
      "The request gives a parameter more than once. Give each parameter once.",
      [...repeated]
        .slice(0, MAX_FIELD_ERRORS)
        .map((key) => ({ field: key.slice(0, 100), message: "Given more than once" })),
    );
  }
  const query: Record<string, string | string[]> = Object.fromEntries(params);
  for (const key of repeatable) {
    const values = params.getAll(key);
    if (values.length > 1) query[key] = values;
  }
  return query;
}

/** Parses the route's input from the body (or query string); invalid fields are a 400 naming each. */
async function readInput<S extends z.ZodType>(spec: Common<S>, request: Request): Promise<z.infer<S>> {
  if (!spec.input) return undefined as z.infer<S>;
  const raw = isMutating(request)
    ? await readJson(request, spec.maxBodyBytes ?? DEFAULT_BODY_LIMIT, spec.bodyTypes)
    : readQuery(request, spec.repeatable);
  const parsed = spec.input.safeParse(raw);
  if (!parsed.success)
    throw new AppError("invalid_input", "The request has invalid fields.", fieldErrors(parsed.error));
  return parsed.data;
}

/**
 * The one front door every route handler goes through. In order: a cookie-authenticated request
 * that changes something must come from this site (scheme, host and port; device routes, which take
 * only a bearer token, are exempt); who is calling and their role; the body, JSON of at most the
 * route's limit, checked against its schema; then the work, under RLS with consent decided and the
 * call audited. Every refusal and error is an RFC 9457 problem document with a sentence; unexpected
 * errors are logged and answered without detail.
 */
export function route<S extends z.ZodType, T>(spec: OpenRouteSpec<S, T>): (request: Request) => Promise<Response>;
export function route<S extends z.ZodType, T, const R extends readonly Role[] | "signed_in">(
  spec: RouteSpec<S, T, R>,
): (request: Request) => Promise<Response>;
export function route<S extends z.ZodType, T>(
  spec: OpenRouteSpec<S, T> | RouteSpec<S, T, readonly Role[] | "signed_in">,
): (request: Request) => Promise<Response> {
  const refusal = spec.refusal ?? problemFor;
  return async (request: Request): Promise<Response> => {
    // Whether this request authenticates with a bearer token rather than the browser's cookie.
    const bearer =
      spec.roles !== "anyone" &&
      Boolean(spec.authenticate) &&
      !(spec.orSession && request.headers.get("authorization") === null);
    // Who is calling, once known: their saved language words a refusal.
    let caller: SessionUser | undefined;
    try {
      if (!bearer && isMutating(request) && !isSameOrigin(request.headers, request.url)) {
        throw new AppError("forbidden", NOT_THIS_SITE);
      }
      let result: T | Response;
      if (spec.roles === "anyone") {
        result = await spec.run(await readInput(spec, request), { request });
      } else {
        const roles = spec.roles === "signed_in" ? undefined : spec.roles;
        const user =
          bearer && spec.authenticate
            ? await spec.authenticate(request)
            : roles
              ? await requireSession(roles)
              : await requireSession();
        caller = user;
        if (roles && !hasRole(user, roles)) throw new AppError("forbidden");
        const input = await readInput(spec, request);
        const { consent, run } = spec;
        result = await guarded(
          {
            user,
            allowedRoles: roles,
            auditAction: spec.name,
            consent: consent?.(input, user, request),
            requireAll: spec.requireAll,
          },
          (ctx) => run(input, { ...ctx, request }),
        );
      }
      return result instanceof Response ? result : jsonResponse(result, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      const appError = userFacingError(error);
      if (appError.status >= 500) log.error(`route ${spec.name} failed`, error);
      // A problem document is read by a person, in their language; a route's own format (FHIR's
      // OperationOutcome) by a program, in English.
      const shown = spec.refusal ? appError : localizeError(appError, localeOfRequest(request, caller ?? {}));
      return refusal(shown, bearer && appError.status === 401 ? { "www-authenticate": "Bearer" } : undefined);
    }
  };
}
