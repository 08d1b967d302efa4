import { z } from "zod";
import { SECOND_FACTOR_MESSAGES, SIGN_IN_MESSAGES } from "@/lib/auth/messages";
import { jsonPost, ok, refusal } from "@/server/auth/http";
import { verifySecondFactor } from "@/server/auth/mfa";
import { getPendingSignIn } from "@/server/auth/session";
import { now } from "@/server/clock";
import { getDatabase } from "@/server/database";
import { requestAddress } from "@/server/http/client-address";

const SIGN_IN_AGAIN = "Your sign-in has expired. Please sign in again.";

/** The second step of signing in: a code from the authenticator app, or a recovery code. */
export const POST = jsonPost(
  "second factor",
  z
    .object({ code: z.string({ error: SECOND_FACTOR_MESSAGES.format }).max(64, SECOND_FACTOR_MESSAGES.format) })
    .strict(),
  async ({ code }, request) => {
    const pending = await getPendingSignIn();
    if (pending?.stage !== "second_factor") return refusal(401, SIGN_IN_AGAIN);
    const result = await verifySecondFactor(await getDatabase(), {
      userId: pending.userId,
      sessionId: pending.sessionId,
      code,
      address: requestAddress(request.headers.get("x-forwarded-for")),
      at: now(),
    });
    if (result.ok) return ok({ next: "/" });
    switch (result.reason) {
      case "format":
        return refusal(400, SECOND_FACTOR_MESSAGES.format, [{ field: "code", message: SECOND_FACTOR_MESSAGES.format }]);
      case "wrong":
        return refusal(400, SECOND_FACTOR_MESSAGES.wrong, [{ field: "code", message: SECOND_FACTOR_MESSAGES.wrong }]);
      case "reused":
        return refusal(409, SECOND_FACTOR_MESSAGES.reused, [{ field: "code", message: SECOND_FACTOR_MESSAGES.reused }]);
      default:
        return refusal(429, SIGN_IN_MESSAGES[result.reason]);
    }
  },
);
