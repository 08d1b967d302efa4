/**
 * A signed-in browser for the HTTP measurements, without the sign-in form: a server-side session
 * row for the bench nurse, past the second factor, and the next-auth cookie naming it, signed with
 * the server's NEXTAUTH_SECRET. This is what a completed sign-in leaves behind (server/auth/options.ts:
 * the JWT carries only the user id and session id; server/auth/session.ts checks the row on every
 * request), so each page is served exactly as to a nurse who signed in with password and code.
 */
import { encode } from "next-auth/jwt";
import type postgres from "postgres";

/** next-auth's cookie name when `useSecureCookies` is on, as under `next start` (NODE_ENV=production). */
const SESSION_COOKIE = "__Secure-next-auth.session-token";

export async function signedInCookie(owner: postgres.Sql, userId: string, secret: string): Promise<string> {
  const [row] = await owner<{ id: string }[]>`
    insert into sessions (user_id, mfa_verified_at, user_agent) values (${userId}, now(), 'npm run bench')
    returning id`;
  const token = await encode({ token: { sub: userId, sid: row.id }, secret, maxAge: 12 * 3600 });
  return `${SESSION_COOKIE}=${token}`;
}
