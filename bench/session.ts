/**
 * A signed-in browser for the HTTP measurements, without the sign-in form: a server-side session
 * row for the bench nurse, past the second factor, and the next-auth cookie naming it, signed with
 * the server's NEXTAUTH_SECRET. This is what a completed sign-in leaves behind (server/auth/options.ts:
 * the JWT carries only the user id and the session's secret token, of which the row keeps the hash;
 * the database checks it on every request), so each page is served exactly as to a nurse who signed
 * in with password and code.
 */
import { encode } from "next-auth/jwt";
import type postgres from "postgres";
import { newSessionToken } from "../db/queries/sessions";
import { sha256Hex } from "../lib/hash";

/** next-auth's cookie name when `useSecureCookies` is on, as under `next start` (NODE_ENV=production). */
const SESSION_COOKIE = "__Secure-next-auth.session-token";

export async function signedInCookie(owner: postgres.Sql, userId: string, secret: string): Promise<string> {
  const sessionToken = newSessionToken();
  await owner`
    insert into sessions (user_id, token_hash, mfa_verified_at, user_agent)
    values (${userId}, ${sha256Hex(sessionToken)}, now(), 'npm run bench')`;
  const token = await encode({ token: { sub: userId, stk: sessionToken }, secret, maxAge: 12 * 3600 });
  return `${SESSION_COOKIE}=${token}`;
}
