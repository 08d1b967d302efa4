import { z } from "zod";
import { revokeUserSessions } from "@/db/queries/sessions";
import { now } from "@/server/clock";
import { AUTH_BODY_LIMIT } from "@/server/http/body";
import { route } from "@/server/http/route";

/** Ends every session of the signed-in account, this one included. */
export const POST = route({
  name: "signed_out_everywhere",
  roles: "signed_in",
  input: z.object({}).strict(),
  maxBodyBytes: AUTH_BODY_LIMIT,
  run: async (_, { tx, user, annotate }) => {
    annotate({ resourceType: "user", resourceId: user.userId });
    const ended = await revokeUserSessions(tx, { userId: user.userId, now: now() });
    return { ok: true, ended };
  },
});
