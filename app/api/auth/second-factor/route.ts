import { z } from "zod";
import { SECOND_FACTOR_MESSAGES, SIGN_IN_MESSAGES } from "@/lib/auth/messages";
import { verifySecondFactor } from "@/server/auth/mfa";
import { getPendingSignIn } from "@/server/auth/session";
import { now } from "@/server/clock";
import { getDatabase } from "@/server/database";
import { AUTH_BODY_LIMIT } from "@/server/http/body";
import { requestAddress } from "@/server/http/client-address";
import { problem } from "@/server/http/problem";
import { route } from "@/server/http/route";

const SIGN_IN_AGAIN = "Your sign-in has expired. Please sign in again.";

const codeProblem = (status: number, message: string) =>
  problem(status, message, { errors: [{ field: "code", message }] });

/** The second step of signing in: a code from the authenticator app, or a recovery code. */
export const POST = route({
  name: "second factor",
  roles: "anyone",
  input: z
    .object({ code: z.string({ error: SECOND_FACTOR_MESSAGES.format }).max(64, SECOND_FACTOR_MESSAGES.format) })
    .strict(),
  maxBodyBytes: AUTH_BODY_LIMIT,
  run: async ({ code }, { request }) => {
    const pending = await getPendingSignIn();
    if (pending?.stage !== "second_factor") return problem(401, SIGN_IN_AGAIN);
    const result = await verifySecondFactor(await getDatabase(), {
      pending,
      code,
      address: requestAddress(request.headers.get("x-forwarded-for")),
      at: now(),
    });
    if (result.ok) return { ok: true, next: "/" };
    switch (result.reason) {
      case "format":
        return codeProblem(400, SECOND_FACTOR_MESSAGES.format);
      case "wrong":
        return codeProblem(400, SECOND_FACTOR_MESSAGES.wrong);
      case "reused":
        return codeProblem(409, SECOND_FACTOR_MESSAGES.reused);
      default:
        return problem(429, SIGN_IN_MESSAGES[result.reason]);
    }
  },
});
