/**
 * The app's server actions and routes as they run in production, with only three things replaced:
 * next-auth's cookie decoding (the test says who is signed in), the database the app connects to
 * (the test file's own) and Next's cache (there is no request to revalidate). Sessions are real
 * rows, so the app still reads them from the database on every call.
 *
 * `vi.mock` is hoisted only within the test file itself, so a test file wires this module in with:
 *
 *   const app = await vi.hoisted(() => import("./support/signed-in-app"));
 *   vi.mock("next-auth", () => app.nextAuth);
 *   vi.mock("@/server/database", () => app.serverDatabase);
 *   vi.mock("next/cache", () => app.nextCache);
 *
 * `vi.hoisted` runs before any import of the file, so this module (and the secret below) is in
 * place before the app's own modules load, and the mocks share its `session` state.
 */
import { beforeAll } from "vitest";
import { newSessionToken } from "../../db/queries/sessions";
import * as t from "../../db/schema";
import { sha256Hex } from "../../lib/hash";
import type { TestDatabase } from "./database";
import { USER, type UserKey } from "./fixtures";
import { suiteDatabase } from "./suite-database";

process.env.NEXTAUTH_SECRET ??= "signed-in-app-test-secret-0123456789abcdef";

/** What the replaced modules hand the app: who is signed in, and which database to use. */
export const session = {
  current: null as null | { stk: string },
  db: null as unknown,
  kind: "pglite" as "pglite" | "postgres",
};

export const nextAuth = { getServerSession: async () => session.current };
export const serverDatabase = {
  getDatabase: async () => session.db,
  getSignInDatabase: async () => session.db,
  getAppDatabase: async () => ({ db: session.db, signIn: session.db, kind: session.kind }),
};
export const nextCache = { revalidatePath: () => {}, revalidateTag: () => {} };

/** Each fixture user's open session, once `openSessions` has created it: its id and secret token. */
export const SESSION: Record<string, { id: string; token: string }> = {};

/** A fresh, fully signed-in session (second factor passed) for each of these fixture users. */
export async function openSessions(db: TestDatabase, keys: readonly UserKey[]): Promise<void> {
  await db.asOwner(async (o) => {
    for (const key of keys) {
      const token = newSessionToken();
      const [row] = await o
        .insert(t.sessions)
        .values({ userId: USER[key], tokenHash: sha256Hex(token), mfaVerifiedAt: new Date() })
        .returning({ id: t.sessions.id });
      SESSION[key] = { id: row.id, token };
    }
  });
}

/** The app's next request comes from this fixture user's open session (null: signed out). */
export function signedInAs(key: UserKey | null): void {
  session.current = key ? { stk: SESSION[key].token } : null;
}

/**
 * The test file's database with the fixtures, used by the app, and a session open for each of
 * `users` before the file's tests.
 */
export function appDatabaseWithSessions(name: string, users: readonly UserKey[]): TestDatabase {
  const db = suiteDatabase(name);
  beforeAll(async () => {
    session.db = db.runtime;
    await openSessions(db, users);
  });
  return db;
}
