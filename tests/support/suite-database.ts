import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "./database";
import { buildFixtures } from "./fixtures";

export type SuiteDatabaseOptions = {
  /** Build the shared fixture world (tests/support/fixtures.ts) once the database is migrated. Default true. */
  fixtures?: boolean;
  poolSize?: number;
};

/**
 * The calling test file's own database: created (and migrated, with the fixtures unless told
 * otherwise) before the file's tests, closed after them. The handle can be used at once; it
 * forwards to the database once `beforeAll` has opened it. Further setup goes in a later
 * `beforeAll`, which runs after this one.
 */
export function suiteDatabase(name: string, options: SuiteDatabaseOptions = {}): TestDatabase {
  let opened: TestDatabase | undefined;
  const current = (): TestDatabase => {
    if (!opened) throw new Error(`the test database "${name}" is opened in beforeAll; use it inside a hook or a test`);
    return opened;
  };

  beforeAll(async () => {
    opened = await createTestDatabase(name, { poolSize: options.poolSize });
    if (options.fixtures ?? true) await buildFixtures(opened);
  });
  afterAll(async () => {
    await opened?.close();
  });

  return {
    get engine() {
      return current().engine;
    },
    get runtime() {
      return current().runtime;
    },
    get runtimeUrl() {
      return current().runtimeUrl;
    },
    get webUrl() {
      return current().webUrl;
    },
    get ownerUrl() {
      return current().ownerUrl;
    },
    asOwner: (work) => current().asOwner(work),
    close: () => current().close(),
  };
}
