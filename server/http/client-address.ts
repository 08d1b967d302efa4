import "server-only";
import { clientAddress } from "@/lib/auth/throttle";

/** The request's source address, trusting as many proxies as TRUSTED_PROXY_HOPS says (README). */
export function requestAddress(forwardedFor: string | null | undefined): string | null {
  return clientAddress(forwardedFor, Number(process.env.TRUSTED_PROXY_HOPS ?? 0));
}
