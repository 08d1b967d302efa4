/**
 * The zero-setup start (`npm install && npm run dev` on a fresh clone): with no DATABASE_URL and no
 * .data/ directory, the embedded database is created, migrated and seeded, the app then runs as
 * the runtime role, and a demo account can sign in through the app's own query path. A second
 * start finds everything in place and seeds nothing again.
 */
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, expect, test } from "vitest";
import { openPglite } from "@/db/client";
import { findSignInCredentials } from "@/db/queries/sessions";
import { runAsSignIn } from "@/db/rls";
import { queryRows } from "@/db/sql";
import { verifyPassword } from "./auth/password";
import { prepareEmbeddedDatabase } from "./database";
import { DEMO_PASSWORD, demoSignIns } from "./demo/seed";

// Two levels that do not exist yet, as .data/pglite in a fresh clone.
const root = path.join(tmpdir(), `serums-first-start-${process.pid}-${Date.now()}`);
const dataDir = path.join(root, ".data", "pglite");
afterAll(() => rm(root, { recursive: true, force: true }));

test("a fresh checkout's embedded database is created, seeded and used as the runtime role", async () => {
  const first = await openPglite(dataDir);
  try {
    expect(await prepareEmbeddedDatabase(first)).toEqual({ seeded: true });
    const [{ role }] = await queryRows<{ role: string }>(first.db, sql`select current_user as role`);
    expect(role).toBe("serums_web");
    const nurse = demoSignIns().find((s) => s.who.startsWith("nurse")) as { email: string };
    const account = await runAsSignIn(first.db, (tx) => findSignInCredentials(tx, nurse.email));
    expect(await verifyPassword(account?.passwordHash, DEMO_PASSWORD)).toBe(true);
  } finally {
    await first.close();
  }

  const second = await openPglite(dataDir);
  try {
    expect(await prepareEmbeddedDatabase(second)).toEqual({ seeded: false });
  } finally {
    await second.close();
  }
}, 300_000);
