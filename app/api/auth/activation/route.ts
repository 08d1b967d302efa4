import { z } from "zod";
import { activateWithLink } from "@/server/auth/invitations";
import { now } from "@/server/clock";
import { getDatabase } from "@/server/database";
import { AUTH_BODY_LIMIT } from "@/server/http/body";
import { problemForRequest } from "@/server/http/localize";
import { route } from "@/server/http/route";

/** Sets a password through a one-time activation or reset link (server/auth/invitations.ts checks the fields). */
export const POST = route({
  name: "activation",
  roles: "anyone",
  input: z.unknown(),
  maxBodyBytes: AUTH_BODY_LIMIT,
  run: async (raw, { request }) => {
    const result = await activateWithLink(await getDatabase(), raw, now());
    return result.ok
      ? { ok: true, purpose: result.purpose }
      : problemForRequest(request, result.status, result.message, { errors: result.fields });
  },
});
