/**
 * The production server the HTTP measurements talk to: BENCH_URL if set (a server someone started,
 * with BENCH_NEXTAUTH_SECRET its NEXTAUTH_SECRET), otherwise `next start` of the build in
 * BENCH_APP_DIR (default: this directory, after `npm run build`), started here against the bench
 * database as the runtime role and stopped at the end.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";

export type BenchServer = { url: string; secret: string; appDir: string | null; stop: () => Promise<void> };

const READY_TIMEOUT_MS = 90_000;

async function waitUntilServing(url: string, child: ChildProcess | null): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/sign-in`, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${READY_TIMEOUT_MS / 1000} s`);
}

/** `env`: more of the app's settings (the bench's SMTP server, say). */
export async function startServer(
  databaseUrl: string,
  port: number,
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const external = process.env.BENCH_URL;
  if (external) {
    const secret = process.env.BENCH_NEXTAUTH_SECRET;
    if (!secret) throw new Error("With BENCH_URL, set BENCH_NEXTAUTH_SECRET to that server's NEXTAUTH_SECRET.");
    const url = external.replace(/\/$/, "");
    await waitUntilServing(url, null);
    return { url, secret, appDir: null, stop: async () => {} };
  }
  const appDir = path.resolve(process.env.BENCH_APP_DIR ?? process.cwd());
  if (!existsSync(path.join(appDir, ".next", "BUILD_ID"))) {
    throw new Error(
      `No production build in ${appDir}/.next: run npm run build there, or set BENCH_APP_DIR or BENCH_URL.`,
    );
  }
  // Keys for this run only: the bench mints its own session cookie with the same secret.
  const secret = randomBytes(32).toString("base64url");
  const url = `http://localhost:${port}`;
  const child = spawn(path.join(appDir, "node_modules", ".bin", "next"), ["start", "-p", String(port)], {
    cwd: appDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      DATABASE_ADMIN_URL: "",
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: url,
      MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  try {
    await waitUntilServing(url, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, secret, appDir, stop };
}
