/**
 * A browser always sends Origin with a POST; a request that changes something is accepted only when
 * Origin names this site (the Host it was sent to, or NEXTAUTH_URL). A missing, "null", malformed
 * or foreign Origin is refused. Used by proxy.ts for every mutation and again by each auth route.
 * Dependency-free so the proxy can load it cheaply.
 */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (!origin) return false;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return false;
  }
  // Only a bare origin: "https://site/path" or "https://user@site" is not what a browser sends.
  if (originUrl.origin !== origin) return false;
  const hosts = [headers.get("x-forwarded-host"), headers.get("host")].filter(Boolean);
  if (hosts.includes(originUrl.host)) return true;
  const configured = process.env.NEXTAUTH_URL;
  try {
    return Boolean(configured) && new URL(configured as string).origin === originUrl.origin;
  } catch {
    return false;
  }
}

export const NOT_THIS_SITE = "This request did not come from this site.";
