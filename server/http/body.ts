import "server-only";
import { AppError } from "@/lib/errors";

/** The body limit of a route that declares none. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** No sign-in form needs more. */
export const AUTH_BODY_LIMIT = 8 * 1024;

/**
 * Reads at most `limit` bytes of the body as text. A declared oversize body is refused before it is
 * read; the real size is counted as it streams in (the header may lie), and reading stops at the
 * limit, so an endless body costs no more than `limit` bytes of memory.
 */
export async function readBody(request: Request, limit: number): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw new AppError("payload_too_large");
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
      throw new AppError("payload_too_large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The media type of the body, lower case, without parameters ("" when none is given). */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

/** A JSON body of at most `limit` bytes; anything else is refused with a sentence (415, 413 or 400). */
export async function readJson(
  request: Request,
  limit: number,
  types: readonly string[] = ["application/json"],
): Promise<unknown> {
  if (!types.includes(mediaType(request))) throw new AppError("unsupported_media_type");
  const text = await readBody(request, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "The request body is not valid JSON.");
  }
}
