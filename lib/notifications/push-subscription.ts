/**
 * What a browser's PushSubscription must look like before the server will send to it. The server
 * POSTs to the endpoint a browser gives, so only the push services of the major browsers are
 * accepted: an endpoint on any other host (an address inside the hospital's network, say) is
 * refused, and the worker never sends a request there.
 */
import { z } from "zod";
import { withoutForbiddenCharacters } from "../text";

/** Hosts of the browsers' push services (Chrome, Edge, Firefox, Safari), and their subdomains. */
export const PUSH_SERVICE_HOSTS = [
  "fcm.googleapis.com",
  "updates.push.services.mozilla.com",
  "push.services.mozilla.com",
  "notify.windows.com",
  "push.apple.com",
] as const;

/** True for an https URL on one of the browsers' push services. */
export function isBrowserPushService(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol !== "https:" || url.port !== "" || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return PUSH_SERVICE_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
}

/** PushSubscription.toJSON() of a browser, and a short name for it ("Chrome on Linux"). */
export const pushSubscriptionInput = z.strictObject({
  endpoint: z
    .string()
    .max(1000, "This browser's push address is too long.")
    .refine(isBrowserPushService, "This browser's push service is not one the server sends to."),
  // A P-256 public key, uncompressed (65 bytes), and a 16-byte secret, both base64url.
  p256dh: z.string().regex(/^B[A-Za-z0-9_-]{86}=?$/, "This browser's push key is not valid."),
  auth: z.string().regex(/^[A-Za-z0-9_-]{22}(==)?$/, "This browser's push secret is not valid."),
  label: z
    .string()
    .trim()
    .min(1, "Name this browser.")
    .max(60, "Use 60 characters or fewer for this browser's name.")
    .refine(...withoutForbiddenCharacters("This browser's name")),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInput>;

/** A short name for a browser from its user agent: "Firefox on Windows", or "A browser". */
export function browserLabel(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "A browser";
  const system = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  return system ? `${browser} on ${system}` : browser;
}
