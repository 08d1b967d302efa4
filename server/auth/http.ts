import "server-only";
import type { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/errors";
import { jsonResponse } from "@/server/http/json-response";
import { log } from "@/server/log";
import { isSameOrigin, NOT_THIS_SITE } from "../http/origin";

export { isSameOrigin, NOT_THIS_SITE };

/** No sign-in form needs more; anything larger is refused unread. */
export const MAX_AUTH_BODY_BYTES = 8 * 1024;

export type FieldProblem = { field: string; message: string };

/** An RFC 9457 problem document with a sentence a person can act on, never cached. */
export function refusal(status: number, title: string, errors?: FieldProblem[]): Response {
  return jsonResponse(
    { type: "about:blank", title, status, ...(errors?.length ? { errors } : {}) },
    { status, headers: { "content-type": "application/problem+json", "cache-control": "no-store" } },
  );
}

/** Reads at most `limit` bytes of the body; null when there is more. */
export async function readCapped(request: Request, limit = MAX_AUTH_BODY_BYTES): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A JSON POST handler for the sign-in steps: same origin, JSON of at most 8 KiB, exactly the fields
 * of `schema`; each refusal is a problem document with a clear sentence. Unexpected errors are
 * logged (without the body) and answered without detail.
 */
export function jsonPost<S extends z.ZodType>(
  name: string,
  schema: S,
  handle: (input: z.infer<S>, request: Request) => Promise<Response>,
) {
  return async (request: Request): Promise<Response> => {
    if (!isSameOrigin(request.headers)) return refusal(403, NOT_THIS_SITE);
    if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
      return refusal(415, "Send the form as JSON (Content-Type: application/json).");
    }
    const text = await readCapped(request);
    if (text === null) return refusal(413, "The request is too large.");
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return refusal(400, "The request is not valid JSON.");
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const errors = parsed.error.issues.slice(0, 20).map((issue) => ({
        field: issue.path.join(".") || "(body)",
        message: issue.code === "unrecognized_keys" ? "This field is not expected." : issue.message,
      }));
      return refusal(400, "Please correct the highlighted fields.", errors);
    }
    try {
      return await handle(parsed.data, request);
    } catch (error) {
      log.error(`${name} failed`, error);
      return isDatabaseUnavailable(error)
        ? refusal(503, "The service is temporarily unavailable. Nothing was changed; please try again shortly.")
        : refusal(500, "Something went wrong on our side. Nothing was changed; please try again.");
    }
  };
}

export const ok = (body: Record<string, unknown> = {}) =>
  jsonResponse({ ok: true, ...body }, { headers: { "cache-control": "no-store" } });
