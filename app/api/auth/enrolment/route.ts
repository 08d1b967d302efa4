import { z } from "zod";
import { jsonPost, ok, refusal } from "@/server/auth/http";
import { confirmEnrolment } from "@/server/auth/mfa";
import { currentSession, type ResolvedSession } from "@/server/auth/session";
import { now } from "@/server/clock";
import { getDatabase } from "@/server/database";

const CODE = "Enter the 6-digit code your authenticator app shows for SERUMS Oncology.";

/** Who may confirm an authenticator now: a sign-in waiting for enrolment, or a signed-in user. */
function enrollingAccount(session: ResolvedSession) {
  if (session.status === "signed_in") return session.user;
  if (session.status === "pending" && session.pending.stage === "enrol") return session.pending;
  return null;
}

/**
 * Confirms a new authenticator with its first code: during sign-in when the organisation requires a
 * second factor, or later from the account page. Answers with the recovery codes, shown once.
 */
export const POST = jsonPost(
  "enrolment",
  z.object({ code: z.string({ error: CODE }).max(64, CODE) }).strict(),
  async ({ code }) => {
    const who = enrollingAccount(await currentSession());
    if (!who) return refusal(401, "Your sign-in has expired. Please sign in again.");
    const result = await confirmEnrolment(await getDatabase(), {
      userId: who.userId,
      sessionId: who.sessionId,
      code,
      at: now(),
    });
    if (result.ok) return ok({ recoveryCodes: result.recoveryCodes });
    switch (result.reason) {
      case "format":
        return refusal(400, CODE, [{ field: "code", message: CODE }]);
      case "wrong":
        return refusal(400, "That code is not correct. Check the time on your phone and try the newest code.", [
          { field: "code", message: "That code is not correct." },
        ]);
      case "already_enabled":
        return refusal(409, "Two-factor sign-in is already set up for this account.");
      default:
        return refusal(409, "Reload the page to start setting up two-factor sign-in.");
    }
  },
);
