import { z } from "zod";
import { confirmEnrolment } from "@/server/auth/mfa";
import { currentSession, type ResolvedSession } from "@/server/auth/session";
import { now } from "@/server/clock";
import { getDatabase } from "@/server/database";
import { AUTH_BODY_LIMIT } from "@/server/http/body";
import { problemForRequest } from "@/server/http/localize";
import { route } from "@/server/http/route";

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
export const POST = route({
  name: "enrolment",
  roles: "anyone",
  input: z.object({ code: z.string({ error: CODE }).max(64, CODE) }).strict(),
  maxBodyBytes: AUTH_BODY_LIMIT,
  run: async ({ code }, { request }) => {
    const who = enrollingAccount(await currentSession());
    if (!who) return problemForRequest(request, 401, "Your sign-in has expired. Please sign in again.");
    const result = await confirmEnrolment(await getDatabase(), { who, code, at: now() });
    if (result.ok) return { ok: true, recoveryCodes: result.recoveryCodes };
    switch (result.reason) {
      case "format":
        return problemForRequest(request, 400, CODE, { errors: [{ field: "code", message: CODE }] });
      case "wrong":
        return problemForRequest(
          request,
          400,
          "That code is not correct. Check the time on your phone and try the newest code.",
          { errors: [{ field: "code", message: "That code is not correct." }] },
        );
      case "already_enabled":
        return problemForRequest(request, 409, "Two-factor sign-in is already set up for this account.");
      default:
        return problemForRequest(request, 409, "Reload the page to start setting up two-factor sign-in.");
    }
  },
});
