import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDatabase, rowsOf, type TestDatabase } from "./support/database";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("smoke");
});
afterAll(async () => {
  await db?.close();
});

test("runtime role", async () => {
  const [r] = await rowsOf(db.runtime, sql`select current_user as u`);
  expect(r.u).toBe("serums_web");
});
