/**
 * A browser always sends Origin with a POST; a request that changes something is accepted only when
 * Origin names this site exactly: the same scheme, host and port. This site is NEXTAUTH_URL where it
 * is set, else the Host the request was sent to (X-Forwarded-Host and X-Forwarded-Proto when a proxy
 * in front passed them on, else the request's own scheme). A missing, "null", malformed or foreign
 * Origin is refused, never thrown on. Used by proxy.ts for every mutation and again by the one route
 * wrapper (server/http/route.ts). Dependency-free so the proxy can load it cheaply.
 */

export const NOT_THIS_SITE = "This request did not come from this site.";

/** The first value of a header a chain of proxies may have appended to ("a, b"). */
function first(headers: Headers, name: string): string | null {
  const value = headers.get(name)?.split(",")[0]?.trim();
  return value ? value : null;
}

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/** This site's origin ("https://host:port", default ports left out), or null when it cannot be told. */
export function siteOrigin(headers: Headers, requestUrl?: string): string | null {
  const configured = process.env.NEXTAUTH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      return null;
    }
  }
  const host = first(headers, "x-forwarded-host") ?? first(headers, "host");
  if (!host) return null;
  let scheme = first(headers, "x-forwarded-proto")?.toLowerCase();
  if (!scheme && requestUrl) {
    try {
      scheme = new URL(requestUrl).protocol.replace(/:$/, "");
    } catch {
      scheme = undefined;
    }
  }
  if (scheme !== "http" && scheme !== "https") scheme = "http";
  // "evil.example/x" or "user@host" in a Host header is not a host.
  if (!HOST.test(host)) return null;
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/** True when the request's Origin is exactly this site's: scheme, host and port. */
export function isSameOrigin(headers: Headers, requestUrl?: string): boolean {
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return false;
  }
  // Only a bare origin: "https://site/path" or "https://user@site" is not what a browser sends.
  if (originUrl.origin !== origin) return false;
  const site = siteOrigin(headers, requestUrl);
  return site !== null && site === originUrl.origin;
}

/**
 * True when a request to `pathname` is authenticated by a bearer token alone, which a browser never
 * attaches on its own (another site's page cannot add an Authorization header without a CORS
 * preflight this site never grants): the device API always, the FHIR API when the request carries
 * an Authorization header (its routes then ignore the cookie, server/http/route.ts `orSession`).
 * Such a request needs no Origin.
 */
export function isBearerRequest(pathname: string, headers: Headers): boolean {
  return pathname.startsWith("/api/v1/") || (pathname.startsWith("/fhir/R4/") && headers.get("authorization") !== null);
}
