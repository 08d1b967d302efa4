/**
 * `npm run bench [-- --runs 200 --seconds 20 --rounds 4 --port 3900 --floor-port 3901
 *                  --database serums_bench --skip-http --growth serums_scale_20k]`
 *
 * The HTTP measurements run side by side with the floor app (bench/floor, built here) in
 * alternating rounds, and are judged as ratios to it: absolute speeds on a shared machine move by
 * half from hour to hour; the ratio of two things measured in the same minutes does not.
 * With --growth, measurements 1 and 2 are taken on both databases in turn (bench/growth.ts) and
 * compared: two seeds of different sizes, e.g. 5,000 and 20,000 patients.
 * Measures the scale database (npm run seed:scale) five ways, prints the results
 * and a pass/fail line per target, and writes bench/results.json and the results section of
 * docs/benchmarks.md. The HTTP measurements need a production build: see docs/benchmarks.md.
 * The EXPLAIN ANALYZE of the queue and record statements goes to bench/tmp/plans.txt (with
 * --growth, the second database's to bench/tmp/plans-<database>.txt).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { z } from "zod";
import { connectPostgres, type Database, RUNTIME_LOGIN_ROLE } from "../db/client";
import { queryRows } from "../db/sql";
import { firstLoadJs, rootChunksKb } from "./bundle";
import { postgresBackends, processTree, thisProcess } from "./cpu";
import { DEFAULT_BENCH_DATABASE, databaseUrl, runtimeUrl } from "./database";
import { measureFhir } from "./fhir";
import { type GrowthResult, measureGrowth } from "./growth";
import { loadSamples } from "./http";
import { prepareIngestion } from "./ingest";
import { startBenchMailbox } from "./mailbox";
import {
  BENCH_NURSE,
  explainPlans,
  measureIdentity,
  measureQueue,
  measureRecord,
  type QueueResult,
  queueWork,
  type RecordResult,
} from "./queries";
import { type Dataset, markdown, type Results, verdicts, writeResults } from "./report";
import { alternate } from "./rounds";
import { type BenchServer, startFloor, startServer } from "./server";
import { signedInCookie } from "./session";

const argsSchema = z
  .object({
    runs: z.coerce.number().int().min(10).default(200),
    seconds: z.coerce.number().int().min(1).default(20),
    rounds: z.coerce.number().int().min(1).default(4),
    port: z.coerce.number().int().min(1024).max(65535).default(3900),
    floorPort: z.coerce.number().int().min(1024).max(65535).optional(),
    database: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .default(DEFAULT_BENCH_DATABASE),
    skipHttp: z.boolean().default(false),
    growth: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .optional(),
  })
  .strict();

function parseArgs(argv: readonly string[]): z.infer<typeof argsSchema> {
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`Unexpected argument: ${argv[i]}`);
    const name = match[1].replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (name === "skipHttp") raw.skipHttp = true;
    else raw[name] = match[2] ?? argv[++i] ?? "";
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
  return parsed.data;
}

const HTTP_USERS = 10;
const INGEST_CLIENTS = 16;
/** How the app's connections and the raw floor's are told apart in pg_stat_activity. */
const APP_APPLICATION = "serums";
const RAW_APPLICATION = "serums_bench_raw";
const BENCH_DIR = path.join(process.cwd(), "bench");
const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);
const say = (text: string) => process.stderr.write(`[bench] ${text}\n`);

/** The EXPLAIN ANALYZE of the queue's and the record's statements on `database`, into bench/tmp/`file`. */
async function writePlans(database: string, file: string): Promise<void> {
  const owner = connectPostgres(databaseUrl(database), { max: 1 });
  const runtime = connectPostgres(runtimeUrl(database), { max: 1 });
  try {
    const plans = await explainPlans(runtime.db, owner.db);
    writeFileSync(path.join(BENCH_DIR, "tmp", file), `-- queue\n${plans.queue}\n\n-- record\n${plans.record}\n`);
  } finally {
    await Promise.all([owner.close(), runtime.close()]);
  }
}

type Args = z.infer<typeof argsSchema>;

/** Measurements 3 to 5: the app's pages and ingestion beside the floor's, and the JavaScript sizes. */
async function measureHttp(
  args: Args,
  ownerDb: Database,
  runtimeDb: Database,
  ownerSql: postgres.Sql,
  patientId: string,
) {
  const roundMs = (args.seconds * 1000) / args.rounds;
  const rounds = { rounds: args.rounds, roundSeconds: roundMs / 1000 };
  // The table page of the floor shows the rows the nurse's queue shows.
  const rowsFile = path.join(BENCH_DIR, "tmp", "floor-rows.json");
  const { withRls } = await queueWork(runtimeDb, ownerDb);
  writeFileSync(rowsFile, JSON.stringify((await withRls()).rows));
  // The app's worker emails the bench's own SMTP server, polling often: measurement 4 times
  // its notifications. (An app at BENCH_URL sends wherever it sends: they are not measured.)
  const mailbox = process.env.BENCH_URL ? null : await startBenchMailbox();
  const raw = connectPostgres(databaseUrl(args.database), { max: INGEST_CLIENTS, applicationName: RAW_APPLICATION });
  const servers: BenchServer[] = [];
  try {
    const floor = await startFloor(args.floorPort ?? args.port + 1, rowsFile, say);
    servers.push(floor);
    const server = await startServer(
      runtimeUrl(args.database),
      args.port,
      mailbox ? { SMTP_URL: mailbox.url, NOTIFY_INTERVAL_MS: "250" } : {},
    );
    servers.push(server);
    const cookie = await signedInCookie(ownerSql, BENCH_NURSE.userId, server.secret);
    const appProbes = {
      node: server.pid ? processTree(server.pid) : null,
      postgres: postgresBackends(ownerSql, APP_APPLICATION, RUNTIME_LOGIN_ROLE),
    };
    const floorProbes = { node: floor.pid ? processTree(floor.pid) : null, postgres: null };
    // A signed-in page answers 200; a redirect would mean the session was refused.
    const get =
      (base: string, pathname: string, headers: Record<string, string> = {}) =>
      (durationMs: number) =>
        loadSamples({ concurrency: HTTP_USERS, durationMs, request: () => ({ url: `${base}${pathname}`, headers }) });
    const pages = [
      { name: "floor /empty", probes: floorProbes, round: get(floor.url, "/empty") },
      { name: "floor /table", probes: floorProbes, round: get(floor.url, "/table") },
      { name: "app /triage", probes: appProbes, round: get(server.url, "/triage", { cookie }) },
      { name: "app /patients/[id]", probes: appProbes, round: get(server.url, `/patients/${patientId}`, { cookie }) },
    ];
    say(`3. pages beside the floor's, ${HTTP_USERS} users, ${args.rounds} rounds of ${rounds.roundSeconds} s each`);
    await alternate(pages, { rounds: 1, roundMs: 2000 }); // warm-up
    const [floorEmpty, floorTable, triage, recordPage] = await alternate(pages, { rounds: args.rounds, roundMs });
    const http = { concurrency: HTTP_USERS, ...rounds, floorEmpty, floorTable, triage, record: recordPage };

    say(`4. ingestion beside its floors, ${INGEST_CLIENTS} clients, then exactly-once and audit checks`);
    const ingest = await prepareIngestion(server.url, ownerSql, ownerDb, raw.db, {
      concurrency: INGEST_CLIENTS,
      mailbox,
    });
    const rawProbes = { node: thisProcess, postgres: postgresBackends(ownerSql, RAW_APPLICATION) };
    const emptyPost = (durationMs: number) =>
      loadSamples({
        concurrency: INGEST_CLIENTS,
        durationMs,
        request: () => ({
          url: `${floor.url}/api/empty`,
          method: "POST",
          body: JSON.stringify({ answers: { fatigue: { severity: 1, interference: 0 } }, temperatureC: 36.8 }),
          headers: { "content-type": "application/json" },
        }),
        check: (response) => (response.status === 201 ? null : `HTTP ${response.status}`),
      });
    const writers = [
      { name: "floor POST /api/empty", probes: floorProbes, round: emptyPost },
      { name: "app POST /api/v1/reports", probes: appProbes, round: ingest.api },
      { name: "raw statements", probes: rawProbes, round: ingest.raw(true) },
      { name: "raw statements without audit", probes: rawProbes, round: ingest.raw(false) },
    ];
    const [floorPost, api, rawStatements, rawWithoutAudit] = await alternate(writers, {
      rounds: args.rounds,
      roundMs,
    });
    const checks = await ingest.finish();
    const ingestion = {
      ...checks,
      concurrency: INGEST_CLIENTS,
      ...rounds,
      floorEmpty: floorPost,
      api,
      raw: rawStatements,
      rawWithoutAudit,
    };
    const bundles =
      server.appDir && floor.appDir
        ? {
            floorRootKb: rootChunksKb(path.join(floor.appDir, ".next")),
            pages: firstLoadJs(path.join(server.appDir, ".next")),
          }
        : null;
    return { http, ingestion, bundles };
  } finally {
    for (const s of servers.reverse()) await s.stop();
    await mailbox?.close();
    await raw.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const loadAverageBefore = loadAverage();
  const owner = connectPostgres(databaseUrl(args.database), { max: 2 });
  const runtime = connectPostgres(runtimeUrl(args.database), { max: 2 });
  const ownerSql = postgres(databaseUrl(args.database), { max: 2, onnotice: () => {} });
  try {
    const [dataset] = await queryRows<Dataset & { postgres: string }>(
      owner.db,
      sql`select (select count(*) from patients)::int as patients, (select count(*) from symptom_reports)::int as reports,
            (select count(*) from alerts)::int as alerts,
            (select count(*) from alerts where status <> 'resolved')::int as "activeAlerts",
            (select count(*) from audit_events)::int as "auditEvents", version() as postgres`,
    );
    if (dataset.patients === 0) throw new Error(`${args.database} is empty: run npm run seed:scale first.`);
    const { postgres: postgresVersion, ...counts } = dataset;

    let growth: GrowthResult | null = null;
    let queue: QueueResult;
    let record: RecordResult;
    if (args.growth) {
      say(`1 and 2. triage queue and patient record on ${args.database} and ${args.growth} in turn, ${args.runs} runs`);
      growth = await measureGrowth([args.database, args.growth], args.runs);
      const measured = [growth.small, growth.large].find((s) => s.database === args.database) ?? growth.small;
      ({ queue, record } = measured);
    } else {
      say(`1. triage queue, ${args.runs} runs with and without RLS`);
      queue = await measureQueue(runtime.db, owner.db, args.runs);
      say("2. patient record");
      record = await measureRecord(runtime.db, owner.db, args.runs);
    }
    say("2. the FHIR API: Patient/$everything and an Observation search");
    const fhir = await measureFhir(runtime.db, owner.db, args.runs);
    say("0. a request's identity: from its session token, and from an unchecked setting");
    const identity = await measureIdentity(runtime.db, owner.db, args.runs);
    mkdirSync(path.join(BENCH_DIR, "tmp"), { recursive: true });
    await writePlans(args.database, "plans.txt");
    if (args.growth) await writePlans(args.growth, `plans-${args.growth}.txt`);

    let http: Results["http"] = null;
    let ingestion: Results["ingestion"] = null;
    let bundles: Results["firstLoadJs"] = null;
    if (!args.skipHttp) {
      ({ http, ingestion, bundles } = await measureHttp(args, owner.db, runtime.db, ownerSql, record.patientId));
    }

    const results: Results = {
      measuredAt: new Date().toISOString(),
      machine: {
        cpus: os.availableParallelism(),
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        loadAverageBefore,
        loadAverageAfter: loadAverage(),
        node: process.version,
        postgres: postgresVersion.split(" on ")[0],
      },
      dataset: counts,
      queue,
      record,
      identity,
      fhir,
      http,
      ingestion,
      firstLoadJs: bundles,
      growth,
    };
    console.log(markdown(results));
    writeResults(results, path.join(BENCH_DIR, "results.json"), path.join(process.cwd(), "docs", "benchmarks.md"));
    if (verdicts(results).some((v) => !v.pass)) process.exitCode = 1;
  } finally {
    await Promise.all([owner.close(), runtime.close(), ownerSql.end({ timeout: 5 })]);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
