import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { isSessionTokenShaped, revokeSession } from "@/db/queries/sessions";
import { DEFAULT_ABSOLUTE_TIMEOUT_HOURS } from "@/lib/auth/session-policy";
import { isDatabaseUnavailable } from "@/lib/errors";
import { now } from "@/server/clock";
import { getSignInDatabase } from "@/server/database";
import { requestAddress } from "@/server/http/client-address";
import { log } from "@/server/log";
import { withRls } from "@/server/rls";
import { authSecret } from "./secret";
import { attemptSignIn } from "./sign-in";

/** Cookies carry `Secure` everywhere but local development (`next dev`), where there is no TLS. */
const secureCookies = process.env.NODE_ENV === "production";

type Headers = Record<string, string | string[] | undefined> | undefined;
const header = (headers: Headers, name: string) => {
  const value = headers?.[name];
  return (Array.isArray(value) ? value.join(",") : value) ?? null;
};

/**
 * The password step. A refusal is thrown as its code (see lib/auth/messages.ts), which next-auth
 * hands to the form as `error`; nothing else about the failure leaves the server.
 */
async function authorize(raw: unknown, headers: Headers): Promise<{ id: string; stk: string }> {
  const { email, password } = (raw ?? {}) as Record<string, unknown>;
  let result: Awaited<ReturnType<typeof attemptSignIn>>;
  try {
    result = await attemptSignIn(
      await getSignInDatabase(),
      { email, password },
      {
        address: requestAddress(header(headers, "x-forwarded-for")),
        userAgent: header(headers, "user-agent"),
        at: now(),
      },
    );
  } catch (error) {
    log.error("sign-in failed unexpectedly", error);
    throw new Error(isDatabaseUnavailable(error) ? "unavailable" : "refused");
  }
  if (!result.ok) throw new Error(result.refusal);
  return { id: result.userId, stk: result.sessionToken };
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  // The cookie carries only a server-side session's secret token; every request has the database
  // check it (server/auth/session.ts, app.begin_session).
  session: { strategy: "jwt", maxAge: DEFAULT_ABSOLUTE_TIMEOUT_HOURS * 3600 },
  useSecureCookies: secureCookies,
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      // Only the two fields are passed on: next-auth adds csrfToken, callbackUrl and json to the body.
      authorize: (credentials, req) => authorize(credentials, req.headers as Headers),
    }),
  ],
  events: {
    // Signing out ends the server-side session too, so a copied cookie stops working.
    async signOut({ token }) {
      const sessionToken = token?.stk;
      if (!isSessionTokenShaped(sessionToken)) return;
      await withRls({ sessionToken }, (tx, sessionId) =>
        sessionId ? revokeSession(tx, { sessionId, now: now() }) : Promise.resolve(),
      );
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) token.stk = (user as { stk?: string }).stk;
      return token;
    },
    session({ session, token }) {
      return { ...session, stk: token.stk } as typeof session;
    },
  },
};
