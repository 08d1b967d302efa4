import { existsSync } from "node:fs";
import { chromium, defineConfig, devices } from "@playwright/test";
import { DEV_SERVER as dev, E2E_SMTP_PORT, FIRST_COMPILE_MS } from "./e2e/support/server";

/**
 * Browser tests against a production build (`next build` + `next start`), started by
 * scripts/e2e-server.sh on a fresh, seeded database: the local PostgreSQL server by default, or
 * embedded PGlite with E2E_DB=pglite. With E2E_MODE=dev the server is `npm run dev` instead
 * (`next dev` on embedded PGlite), which compiles each page on its first visit.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

/** Debian's chromium is used where Playwright's own browser download is not possible. */
function chromiumExecutable(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, safe(() => chromium.executablePath()), "/usr/bin/chromium"];
  return candidates.find((p): p is string => Boolean(p && existsSync(p)));
}

function safe<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  // The tests are deterministic: a failure is a failure, locally and in CI.
  retries: 0,
  workers: 2,
  // Generous for a loaded 2-core machine, and for the rare sign-in that waits for the next
  // authenticator time step (e2e/pages/sign-in-page.ts).
  // `next dev` compiles a page, an action or a route on its first request: any wait may hold one.
  timeout: dev ? 300_000 : 120_000,
  expect: { timeout: dev ? FIRST_COMPILE_MS : 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    locale: "en-GB",
    timezoneId: "Europe/London",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromiumExecutable(),
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "bash scripts/e2e-server.sh",
    url: `${baseURL}/sign-in`,
    // A build plus, on PGlite, the first start that migrates and seeds the database; `next dev` also
    // compiles the sign-in page before it answers.
    timeout: 15 * 60_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    env: { E2E_PORT: String(port), E2E_MODE: dev ? "dev" : "build", E2E_SMTP_PORT: String(E2E_SMTP_PORT) },
  },
});
