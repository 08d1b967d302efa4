import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { revokeSession } from "@/db/queries/sessions";
import { DEFAULT_ABSOLUTE_TIMEOUT_HOURS } from "@/lib/auth/session-policy";
import { isDatabaseUnavailable } from "@/lib/errors";
import { now } from "@/server/clock";
import { getDatabase } from "@/server/database";
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
async function authorize(raw: unknown, headers: Headers): Promise<{ id: string; sid: string }> {
  const { email, password } = (raw ?? {}) as Record<string, unknown>;
  let result: Awaited<ReturnType<typeof attemptSignIn>>;
  try {
    result = await attemptSignIn(
      await getDatabase(),
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
  return { id: result.userId, sid: result.sessionId };
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  // The cookie only names a server-side session row; every request checks that row (server/auth/session.ts).
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
      const userId = token?.sub;
      const sid = token?.sid as string | undefined;
      if (userId && sid) await withRls({ userId }, (tx) => revokeSession(tx, { sessionId: sid, now: now() }));
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sid = (user as { sid?: string }).sid;
      return token;
    },
    session({ session, token }) {
      return { ...session, uid: token.sub, sid: token.sid } as typeof session;
    },
  },
};
