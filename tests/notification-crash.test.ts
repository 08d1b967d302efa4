/**
 * Nothing lost, nothing sent twice, when things break: the real worker (`npm run worker`, a child
 * process) delivers red alerts' first steps from a PostgreSQL server of the test's own to a real
 * SMTP server on loopback. Killed (SIGKILL) while a message is in flight, its claim runs out and a
 * new worker sends it, once; with the database restarted while a message is in flight, the worker
 * records what it sent once the database is back, and sends it once. Both engines' runs use the same
 * server of their own: the restart is of that server, never of the one the other suites share.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Connection, connectPostgres, RUNTIME_LOGIN_ROLE, SIGN_IN_LOGIN_ROLE } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { submitReport } from "../db/queries/report-submit";
import { runWithRls } from "../db/rls";
import { demoPatientUserId, seedDemoData } from "../server/demo/seed";
import { seedDemoRota } from "../server/demo/seed-rota";
import { rowsOf } from "./support/database";
import { demoPatientReport, RED_REPORT } from "./support/demo-reports";
import { type OwnPostgres, startOwnPostgres } from "./support/own-postgres";
import { type SmtpPeer, startSmtpPeer } from "./support/smtp";

const LEASE_SECONDS = 4;

let pg: OwnPostgres;
let owner: Connection;
let signIn: Connection;
let smtp: SmtpPeer;
/** Resolves the message the SMTP server is holding, if any. */
let release: (() => void) | null = null;
/** Set when the SMTP server starts holding a message. */
let holding: Promise<void> = Promise.resolve();
let holdNext = false;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  pg = await startOwnPostgres();
  const admin = connectPostgres(pg.url(), { max: 1 });
  await admin.db.execute(sql`create database serums`);
  await admin.close();
  owner = connectPostgres(pg.url("serums"), { max: 2 });
  await migrateDatabase(owner);
  await seedDemoData(owner.db);
  await seedDemoRota(owner.db);
  signIn = connectPostgres(pg.url("serums").replace("//postgres@", `//${SIGN_IN_LOGIN_ROLE}@`), { max: 2 });
  let held: () => void = () => {};
  smtp = await startSmtpPeer({
    beforeAccepting: async () => {
      if (!holdNext) return;
      holdNext = false;
      held();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    },
  });
  /** The next message is held until `release()`; `holding` resolves when it arrives. */
  holdTheNext = () => {
    holdNext = true;
    holding = new Promise<void>((resolve) => {
      held = resolve;
    });
  };
}, 180_000);

let holdTheNext: () => void = () => {};

afterAll(async () => {
  for (const w of workers) w.kill("SIGKILL");
  release?.();
  await smtp?.close();
  await signIn?.close();
  await owner?.close();
  pg?.remove();
});

/** `npm run worker` against the test's own server, polling often, with a short claim. */
function startWorker(): ChildProcess {
  const child = spawn("npx", ["tsx", "--conditions=react-server", "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: pg.url("serums").replace("//postgres@", `//${RUNTIME_LOGIN_ROLE}@`),
      SMTP_URL: smtp.url,
      NOTIFY_INTERVAL_MS: "200",
      NOTIFY_LEASE_SECONDS: String(LEASE_SECONDS),
    },
    stdio: "ignore",
    detached: true,
  });
  workers.push(child);
  return child;
}

/** Kills the worker and every process it started (npx, tsx, node) at once, as a crash would. */
function crash(child: ChildProcess) {
  if (child.pid) process.kill(-child.pid, "SIGKILL");
}

/**
 * Demo patient `index` (one with no open alert) reports red now, which queues the on-call step due at
 * once and the later steps; returns the new alert's id.
 */
async function redAlert(index: number): Promise<string> {
  const result = await runWithRls(signIn.db, { userId: demoPatientUserId(index), actingRole: "patient" }, (tx) =>
    submitReport(tx, demoPatientReport(index, RED_REPORT, new Date())),
  );
  expect(result.alertJoined).toBe(false);
  return result.alertId as string;
}

/** The messages the SMTP server has accepted since `before`: only on-call steps are due now. */
const acceptedSince = (before: number) => smtp.received.length - before;

type Step = { id: string; alert_id: string; status: string; attempts: number };
/** The on-call steps of these alerts, as the owner. */
const onCallSteps = (alertIds: string[]) =>
  rowsOf<Step>(
    owner.db,
    sql`select id, alert_id, status, attempts from notifications
        where step = 'on_call' and alert_id in ${alertIds} order by alert_id`,
  );

/** Waits until `check` holds, up to `seconds`. */
async function eventually(check: () => Promise<boolean>, seconds: number) {
  const until = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the worker and the database fail; the notifications do not", () => {
  test("a worker killed mid-delivery: its claim runs out, a new worker sends the step, once", async () => {
    const before = smtp.received.length;
    const alerts = [await redAlert(0), await redAlert(12)];
    holdTheNext();
    const first = startWorker();
    await holding;
    crash(first);
    // The sender hung up: once the server has seen that, the held message is never accepted.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(acceptedSince(before)).toBe(0);
    // Both steps were claimed in the dead worker's round (each attempt counted, under its lease)
    // and neither was recorded as sent.
    expect((await onCallSteps(alerts)).map((s) => [s.status, s.attempts])).toEqual([
      ["pending", 1],
      ["pending", 1],
    ]);

    const second = startWorker();
    try {
      await eventually(async () => (await onCallSteps(alerts)).every((s) => s.status === "sent"), 60);
    } finally {
      crash(second);
    }
    expect(acceptedSince(before)).toBe(2);
    // Each was claimed twice: by the worker that died, and once its lease ran out, by the next.
    const steps = await onCallSteps(alerts);
    expect(steps.map((s) => s.attempts)).toEqual([2, 2]);
    // Each message names its notification, the same on every attempt (so a resend is recognisable).
    const ids = smtp.received.slice(before).map((m) => /^Message-ID:\s*<([^@>]+)@/im.exec(m.raw)?.[1]);
    expect(ids.sort()).toEqual(steps.map((s) => s.id).sort());
  }, 120_000);

  test("the database restarted while a message is in flight: the worker records it when the database is back, and sends it once", async () => {
    const before = smtp.received.length;
    const alerts = [await redAlert(22)];
    holdTheNext();
    const worker = startWorker();
    try {
      await holding;
      pg.stop();
      // The server accepts the message while the database is down: the worker must not lose that.
      release?.();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      pg.start();
      // A report made after the restart is delivered too.
      alerts.push(await redAlert(16));
      await eventually(async () => (await onCallSteps(alerts)).every((s) => s.status === "sent"), 60);
      // Past the held message's lease: had its outcome been lost, it would have been claimed again.
      await new Promise((resolve) => setTimeout(resolve, (LEASE_SECONDS + 2) * 1000));
    } finally {
      crash(worker);
    }
    expect((await onCallSteps(alerts)).map(({ id, ...step }) => step)).toEqual(
      expect.arrayContaining(alerts.map((id) => ({ alert_id: id, status: "sent", attempts: 1 }))),
    );
    expect(acceptedSince(before)).toBe(2);
  }, 120_000);
});
