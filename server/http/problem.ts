import type { AppError } from "@/lib/errors";
import type { FieldError } from "@/lib/field-errors";
import { jsonResponse } from "./json-response";

/**
 * The one RFC 9457 problem document every refusal is answered with (route handlers, the sign-in
 * routes and proxy.ts): a sentence a person can act on as `title`, `errors` naming each invalid
 * field, never cached. Dependency-free so the proxy can load it.
 */
export function problem(
  status: number,
  title: string,
  options: { errors?: readonly FieldError[]; headers?: Record<string, string> } = {},
): Response {
  const { errors, headers } = options;
  return jsonResponse(
    { type: "about:blank", title, status, ...(errors?.length ? { errors } : {}) },
    {
      status,
      headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
    },
  );
}

/** The problem document for an AppError. */
export function problemFor(error: AppError, headers?: Record<string, string>): Response {
  return problem(error.status, error.message, { errors: error.fields, headers });
}
