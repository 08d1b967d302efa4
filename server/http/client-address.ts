import "server-only";
import { clientAddress, parseTrustedProxyHops } from "@/lib/auth/throttle";
import { log } from "@/server/log";

let warned = false;

/**
 * How many proxies stand in front of the app (TRUSTED_PROXY_HOPS, README). A value that is not a
 * whole number is a configuration mistake: it is logged, and no proxy is trusted.
 */
export function trustedProxyHops(): number {
  const hops = parseTrustedProxyHops(process.env.TRUSTED_PROXY_HOPS);
  if (hops !== null) return hops;
  if (!warned) {
    warned = true;
    log.warn("TRUSTED_PROXY_HOPS is not a whole number: no proxy is trusted, so sign-in is limited per account");
  }
  return 0;
}

/**
 * The request's source address as the trusted proxies report it, or null when there is no
 * trustworthy one (no proxy configured, or a request that did not come through them all). Next.js
 * exposes no socket address to route handlers, and with no proxy X-Forwarded-For is whatever the
 * client sent (lib/auth/throttle.ts), so it is never read then.
 */
export function requestAddress(forwardedFor: string | null | undefined): string | null {
  return clientAddress(forwardedFor, trustedProxyHops());
}
