import { z } from "zod";
import { revokeUserSessions } from "@/db/queries/sessions";
import { jsonPost, ok, refusal } from "@/server/auth/http";
import { getSessionUser } from "@/server/auth/session";
import { now } from "@/server/clock";
import { guarded } from "@/server/http/guard";

/** Ends every session of the signed-in account, this one included. */
export const POST = jsonPost("sign out everywhere", z.object({}).strict(), async () => {
  const user = await getSessionUser();
  if (!user) return refusal(401, "Please sign in to continue.");
  const ended = await guarded(
    { user, auditAction: "signed_out_everywhere", resourceType: "user", resourceId: user.userId },
    ({ tx }) => revokeUserSessions(tx, user.userId, now()),
  );
  return ok({ ended });
});
