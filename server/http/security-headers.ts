/**
 * The security headers of every response. next.config.ts sends the static ones on everything;
 * proxy.ts adds the Content-Security-Policy with a fresh nonce to every page and route (and sends
 * the static ones itself on the responses it makes). Dependency-free: next.config.ts imports it.
 */

/** `next dev` is local development; everything else (including the browser tests) is not. */
export const isLocalDevelopment = () => process.env.NODE_ENV !== "production";

export function staticSecurityHeaders(dev = isLocalDevelopment()): { key: string; value: string }[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "no-referrer" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(dev ? [] : [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]),
  ];
}

/**
 * Scripts run only with this response's nonce (Next.js puts it on its own scripts) or when loaded
 * by such a script ('strict-dynamic'): no inline script an attacker injects can run. Development
 * adds only what React's dev tooling needs: eval for its error overlay's stack traces and the
 * hot-reload websocket; never 'unsafe-inline' for scripts. Inline style attributes stay allowed:
 * React and the charts set them, and styles cannot run code.
 */
export function contentSecurityPolicy(nonce: string, dev = isLocalDevelopment()): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // The service worker that shows push notifications (public/sw.js): 'strict-dynamic' would
    // otherwise refuse to register it.
    "worker-src 'self'",
  ].join("; ");
}

/** For responses that are not documents (scripts, styles, images under /_next/static). */
export const STATIC_ASSET_CSP = "default-src 'none'; frame-ancestors 'none'";
