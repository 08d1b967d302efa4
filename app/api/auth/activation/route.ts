import { z } from "zod";
import { getDatabase } from "@/db/connection";
import { jsonPost, ok, refusal } from "@/lib/auth/http";
import { activateWithLink } from "@/lib/auth/invitations";
import { now } from "@/lib/clock";

/** Sets a password through a one-time activation or reset link (lib/auth/invitations.ts checks the fields). */
export const POST = jsonPost("activation", z.unknown(), async (raw) => {
  const result = await activateWithLink(await getDatabase(), raw, now());
  return result.ok ? ok({ purpose: result.purpose }) : refusal(result.status, result.message, result.fields);
});
