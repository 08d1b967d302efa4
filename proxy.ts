import { type NextRequest, NextResponse } from "next/server";
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_OPTIONS } from "@/lib/i18n/locales";
import { isBearerRequest, isSameOrigin, NOT_THIS_SITE } from "@/server/http/origin";
import { problem } from "@/server/http/problem";
import { contentSecurityPolicy, staticSecurityHeaders } from "@/server/http/security-headers";

/**
 * Runs before every page and route:
 *
 * - a fresh nonce and Content-Security-Policy for each response (Next.js reads the nonce from the
 *   request's CSP header and puts it on its scripts; the root layout makes every page dynamic);
 * - a request that changes something (any method but GET, HEAD, OPTIONS) must carry this site's
 *   Origin, or it is refused here before any server action or route handler runs. The device API
 *   (/api/v1), and the FHIR API (/fhir/R4) when called with a bearer token, are exempt: a bearer
 *   token is something a browser never sends on its own; so is the OAuth server's token endpoint,
 *   which SMART apps call from their own origin and which holds no cookie-authenticated effect
 *   (a code is redeemed only with its PKCE verifier);
 * - the FHIR API and SMART's discovery document may be read from other origins (CORS), as SMART
 *   apps in a browser do: without credentials, so a browser's cookie never comes along;
 * - a server action whose body is over Next.js's limit is refused with 413;
 * - a page asked for with `?lang=es` (the sign-in page's language links) keeps that language in a
 *   cookie and is shown again at its own address (i18n/request.ts reads the cookie).
 *
 * Convenience and defence in depth only: every page, action and route handler checks the session
 * itself, and every route handler the Origin again (server/http/route.ts).
 */
export function proxy(request: NextRequest) {
  const cors = isOpenToOtherOrigins(request.nextUrl.pathname);
  if (cors && request.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS_PREFLIGHT });
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);

  const refusal = refuse(request);
  if (refusal) {
    const refused = problem(refusal.status, refusal.title);
    refused.headers.set("Content-Security-Policy", csp);
    for (const { key, value } of staticSecurityHeaders()) refused.headers.set(key, value);
    return refused;
  }

  const chosen = chosenLanguage(request);
  if (chosen) return chosen;

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (cors) response.headers.set("Access-Control-Allow-Origin", "*");
  return response;
}

const isOpenToOtherOrigins = (pathname: string) =>
  pathname.startsWith("/fhir/R4/") || pathname === "/.well-known/smart-configuration";

/** What an app's browser may send across origins: no credentials, so `*` is safe. */
const CORS_PREFLIGHT = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST",
  "Access-Control-Allow-Headers": "Authorization, Accept, Content-Type, Idempotency-Key, If-None-Exist",
  "Access-Control-Max-Age": "600",
};

/** The OAuth server's endpoints that apps POST to from their own origin. */
const OAUTH_APP_ENDPOINTS = new Set(["/api/oauth/token", "/api/oauth/token/revocation"]);

/** A GET of a page with a language link's `?lang=`: the same address without it, in that language. */
function chosenLanguage(request: NextRequest): NextResponse | null {
  const lang = request.nextUrl.searchParams.get("lang");
  const { pathname } = request.nextUrl;
  if (request.method !== "GET" || lang === null || pathname.startsWith("/api/") || pathname.startsWith("/fhir/")) {
    return null;
  }
  const target = request.nextUrl.clone();
  target.searchParams.delete("lang");
  const response = NextResponse.redirect(target, 303);
  if (isLocale(lang)) {
    response.cookies.set(LOCALE_COOKIE, lang, {
      ...LOCALE_COOKIE_OPTIONS,
      secure: request.nextUrl.protocol === "https:",
    });
  }
  return response;
}

/** Next.js's own limit on a server action's body (serverActions.bodySizeLimit, 1 MB by default). */
const ACTION_BODY_LIMIT = 1024 * 1024;

function refuse(request: NextRequest): { status: number; title: string } | null {
  if (["GET", "HEAD", "OPTIONS"].includes(request.method)) return null;
  const pathname = request.nextUrl.pathname;
  if (
    !isBearerRequest(pathname, request.headers) &&
    !OAUTH_APP_ENDPOINTS.has(pathname) &&
    !isSameOrigin(request.headers, request.url)
  ) {
    return { status: 403, title: NOT_THIS_SITE };
  }
  // Next.js answers an action body over its limit with a server error; say what is wrong instead,
  // from the declared length, without reading the body here.
  const length = Number(request.headers.get("content-length") ?? 0);
  if (request.headers.has("next-action") && length > ACTION_BODY_LIMIT) {
    return { status: 413, title: "This request is too large." };
  }
  return null;
}

export const config = {
  // Everything but build assets, which carry no documents (next.config.ts gives them their headers).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
