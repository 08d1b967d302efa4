/** Below this size a JSON answer is sent as it is: gzip would cost more CPU than the bytes it saves. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * A JSON response, never compressed when it is small. Next streams a route's response and so
 * compresses it whatever its size (a new gzip stream for a 300-byte answer, about a tenth of the
 * server's CPU per device report); `Cache-Control: no-transform`, which its compression honours,
 * keeps a small answer as it is. Larger answers are compressed for a client that accepts it.
 */
export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(body);
  const headers = new Headers(init.headers);
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  if (Buffer.byteLength(text) < COMPRESS_FROM_BYTES) {
    const cacheControl = headers.get("cache-control");
    headers.set("cache-control", cacheControl ? `${cacheControl}, no-transform` : "no-transform");
  }
  return new Response(text, { ...init, headers });
}
