/**
 * A PostgreSQL server of the test's own, on loopback: a fresh cluster in a temporary directory, on a
 * free port, that the test may stop and start again (a restart of the shared server would disturb
 * everything else running on it). Built from the machine's own PostgreSQL binaries; as root, they
 * run as the `postgres` user, which initdb and postgres require.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type OwnPostgres = {
  /** The superuser's URL for database `name` (default `postgres`). */
  url: (name?: string) => string;
  port: number;
  /** Stops the server at once (`-m fast`: open connections are cut off, as in a restart). */
  stop: () => void;
  start: () => void;
  /** Stops it and removes its directory. */
  remove: () => void;
};

function binaries(): string {
  const root = "/usr/lib/postgresql";
  const version = existsSync(root) ? readdirSync(root).sort().pop() : undefined;
  if (!version) throw new Error(`no PostgreSQL binaries under ${root}`);
  return join(root, version, "bin");
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = binaries();
  const dir = mkdtempSync(join(tmpdir(), "serums-own-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), 0);
  const run = (program: string, args: string[]) =>
    execFileSync(
      asRoot ? "runuser" : join(bin, program),
      asRoot ? ["-u", "postgres", "--", join(bin, program), ...args] : args,
      {
        stdio: "pipe",
      },
    );
  const data = join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "start"]);
  const stop = () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  start();
  return {
    port,
    url: (name = "postgres") => `postgres://postgres@127.0.0.1:${port}/${name}`,
    stop,
    start,
    remove: () => {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
