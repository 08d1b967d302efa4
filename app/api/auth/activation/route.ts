import { z } from "zod";
import { jsonPost, ok, refusal } from "@/server/auth/http";
import { activateWithLink } from "@/server/auth/invitations";
import { now } from "@/server/clock";
import { getDatabase } from "@/server/database";

/** Sets a password through a one-time activation or reset link (server/auth/invitations.ts checks the fields). */
export const POST = jsonPost("activation", z.unknown(), async (raw) => {
  const result = await activateWithLink(await getDatabase(), raw, now());
  return result.ok ? ok({ purpose: result.purpose }) : refusal(result.status, result.message, result.fields);
});
