import type { ReactNode } from "react";
import { requirePageSession } from "@/server/auth/session";

/**
 * Signed-out visitors are sent to sign-in here, before any page streams: below this layout,
 * loading states start the response early, after which a redirect can no longer be an HTTP one.
 * Each page still checks the session and its roles itself.
 */
export async function SignedInLayout({ children }: { children: ReactNode }) {
  await requirePageSession();
  return children;
}
