/**
 * The production server the HTTP measurements talk to: BENCH_URL if set (a server someone started,
 * with BENCH_NEXTAUTH_SECRET its NEXTAUTH_SECRET), otherwise `next start` of the build in
 * BENCH_APP_DIR (default: this directory, after `npm run build`), started here against the bench
 * database as the runtime role and stopped at the end. Beside it, the floor app (bench/floor).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export type BenchServer = {
  url: string;
  secret: string;
  appDir: string | null;
  /** The `next start` process, when the bench started it (its CPU time is read from /proc). */
  pid: number | null;
  stop: () => Promise<void>;
};

const READY_TIMEOUT_MS = 90_000;
const FLOOR_DIR = path.join(import.meta.dirname, "floor");
/** The floor is built and started with this checkout's Next.js. */
const NEXT = path.join(import.meta.dirname, "..", "node_modules", ".bin", "next");

async function waitUntilServing(url: string, child: ChildProcess | null, readyPath = "/sign-in"): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}${readyPath}`, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${READY_TIMEOUT_MS / 1000} s`);
}

/** `next start` (`next`: its binary) of the build in `dir` on `port`, answering at `readyPath` before this returns. */
async function nextStart(next: string, dir: string, port: number, env: Record<string, string>, readyPath: string) {
  const url = `http://localhost:${port}`;
  const child = spawn(next, ["start", "-p", String(port)], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXTAUTH_URL: url, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  try {
    await waitUntilServing(url, child, readyPath);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid ?? null, stop };
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
    return { url, secret, appDir: null, pid: null, stop: async () => {} };
  }
  const appDir = path.resolve(process.env.BENCH_APP_DIR ?? process.cwd());
  if (!existsSync(path.join(appDir, ".next", "BUILD_ID"))) {
    throw new Error(
      `No production build in ${appDir}/.next: run npm run build there, or set BENCH_APP_DIR or BENCH_URL.`,
    );
  }
  // Keys for this run only: the bench mints its own session cookie with the same secret.
  const secret = randomBytes(32).toString("base64url");
  const server = await nextStart(
    path.join(appDir, "node_modules", ".bin", "next"),
    appDir,
    port,
    {
      DATABASE_URL: databaseUrl,
      DATABASE_ADMIN_URL: "",
      NEXTAUTH_SECRET: secret,
      MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      ...env,
    },
    "/sign-in",
  );
  return { ...server, secret, appDir };
}

/** The newest modification time of the floor's sources and of the Next.js it is built with. */
function floorSourcesChanged(): number {
  const files = readdirSync(FLOOR_DIR, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.parentPath.includes(".next") && /\.(tsx?|json)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
  files.push(path.join(import.meta.dirname, "..", "node_modules", "next", "package.json"));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

/**
 * The floor app (bench/floor), built here when it has no build newer than its sources and the
 * installed Next.js, and started on `port`. Its table page shows the rows in `rowsFile`.
 */
export async function startFloor(port: number, rowsFile: string, say: (text: string) => void): Promise<BenchServer> {
  const buildId = path.join(FLOOR_DIR, ".next", "BUILD_ID");
  if (!existsSync(buildId) || statSync(buildId).mtimeMs < floorSourcesChanged()) {
    say("building the floor app (bench/floor)");
    execFileSync(NEXT, ["build"], {
      cwd: FLOOR_DIR,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  const server = await nextStart(NEXT, FLOOR_DIR, port, { FLOOR_TABLE_ROWS: rowsFile }, "/empty");
  return { ...server, secret: "", appDir: FLOOR_DIR };
}
