import "server-only";
import type { z } from "zod";
import type { AuditAction } from "@/lib/audit/actions";
import { AppError } from "@/lib/errors";
import { hasRole, type Role, requireSession, type SessionUser } from "@/server/auth/session";
import { jsonResponse } from "@/server/http/json-response";
import { log } from "@/server/log";
import { fieldErrors } from "./action";
import { type ConsentNeed, type GuardedContext, guarded } from "./guard";
import { userFacingError } from "./messages";

/** Largest JSON body any route accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

export type RouteSpec<S extends z.ZodType, T> = {
  name: AuditAction;
  roles: readonly Role[];
  input?: S;
  /** Who is calling. Defaults to the browser session; device routes pass their own token check. */
  authenticate?: (request: Request) => Promise<SessionUser>;
  consent?: (input: z.infer<S>, user: SessionUser) => ConsentNeed;
  run: (input: z.infer<S>, ctx: GuardedContext & { request: Request }) => Promise<T | Response>;
};

/** An RFC 9457 problem document; `errors` names each invalid field. */
export function problem(error: AppError): Response {
  return jsonResponse(
    { type: "about:blank", title: error.message, status: error.status, errors: error.fields },
    {
      status: error.status,
      headers: {
        "content-type": "application/problem+json",
        "cache-control": "no-store",
        ...(error.status === 401 ? { "www-authenticate": "Bearer" } : {}),
      },
    },
  );
}

/**
 * A cookie-authenticated request that changes something must come from this site: browsers always
 * send Origin on such requests, so a missing or foreign one is refused.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!origin || !host || new URL(origin).host !== host) {
    throw new AppError("forbidden", "This request did not come from this site.");
  }
}

async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new AppError("invalid_input", "Send the body as JSON (Content-Type: application/json).");
  }
  // Refuse a declared oversize body before reading it; check the real size too, as the header may lie.
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw new AppError("payload_too_large");
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError("payload_too_large");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "The request body is not valid JSON.");
  }
}

/** The one wrapper every route handler goes through: who, what, then do; errors become problems. */
export function route<S extends z.ZodType, T>(spec: RouteSpec<S, T>) {
  return async (request: Request): Promise<Response> => {
    try {
      const mutating = request.method !== "GET" && request.method !== "HEAD";
      if (!spec.authenticate && mutating) assertSameOrigin(request);
      const user = spec.authenticate ? await spec.authenticate(request) : await requireSession(spec.roles);
      if (!hasRole(user, spec.roles)) throw new AppError("forbidden");
      let input: z.infer<S> = undefined as z.infer<S>;
      if (spec.input) {
        const raw = mutating ? await readJson(request) : Object.fromEntries(new URL(request.url).searchParams);
        const parsed = spec.input.safeParse(raw);
        if (!parsed.success)
          throw new AppError("invalid_input", "The request has invalid fields.", fieldErrors(parsed.error));
        input = parsed.data;
      }
      const result = await guarded(
        { user, allowedRoles: spec.roles, auditAction: spec.name, consent: spec.consent?.(input, user) },
        (ctx) => spec.run(input, { ...ctx, request }),
      );
      return result instanceof Response ? result : jsonResponse(result, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      const appError = userFacingError(error);
      if (appError.status >= 500) log.error(`route ${spec.name} failed`, error);
      return problem(appError);
    }
  };
}
