/**
 * The verdicts against the targets (ratios to a floor measured in the same run, docs/benchmarks.md),
 * the console table, bench/results.json and the results section of docs/benchmarks.md (between its
 * `bench:results` markers; the rest of that document is written by hand).
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { PageBundle } from "./bundle";
import type { FhirResult } from "./fhir";
import type { GrowthResult } from "./growth";
import type { IngestResult } from "./ingest";
import { type IdentityResult, type QueueResult, type RecordResult, ratio } from "./queries";
import type { Measured } from "./rounds";

export type Machine = {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  loadAverageBefore: number[];
  loadAverageAfter: number[];
  node: string;
  postgres: string;
};

export type Dataset = Record<"patients" | "reports" | "alerts" | "activeAlerts" | "auditEvents", number>;

export type Results = {
  measuredAt: string;
  machine: Machine;
  dataset: Dataset;
  queue: QueueResult;
  record: RecordResult;
  identity: IdentityResult;
  /** The FHIR API's whole-record read and Observation search, under RLS (no target). */
  fhir: FhirResult;
  /** The pages, side by side with the floor app's, in alternating rounds. */
  http: (Rounds & { floorEmpty: Measured; floorTable: Measured; triage: Measured; record: Measured }) | null;
  /** Reports through the API, side by side with the floor app's empty JSON route and the raw statements. */
  ingestion:
    | (IngestResult & Rounds & { floorEmpty: Measured; api: Measured; raw: Measured; rawWithoutAudit: Measured })
    | null;
  /** Each page's first load, and the floor app's root chunks, which are the whole of any of its pages'. */
  firstLoadJs: { floorRootKb: number; pages: PageBundle[] } | null;
  /** With --growth: the database measurements on a second database of another size, in turn. */
  growth: GrowthResult | null;
};

/** How a side-by-side load ran: each contender `rounds` × `roundSeconds`, `concurrency` clients. */
export type Rounds = { concurrency: number; rounds: number; roundSeconds: number };

export type Verdict = { target: string; measured: string; pass: boolean };

/** Page CPU targets: Node's CPU per request of the app's page over the floor app's table page. */
export const PAGE_TARGETS = { triage: 2.0, record: 2.5 } as const;
/** The API's reports per second over the raw statements'. */
export const INGESTION_TARGET = 0.5;
export const FIRST_LOAD_TARGET = 1.3;
export const RLS_TARGET = 1.2;
/** The larger database's times over the smaller's. */
export const GROWTH_TARGET = 1.2;

/** The app page's Node CPU per request over the floor table's, or null where it could not be read. */
function cpuRatio(page: Measured, floor: Measured): number | null {
  const a = page.cpuMsPerRequest.node;
  const b = floor.cpuMsPerRequest.node;
  return a === null || b === null || b === 0 ? null : ratio(a, b);
}

export function verdicts(r: Results): Verdict[] {
  const out: Verdict[] = [
    {
      target: `triage queue: RLS ≤ ${RLS_TARGET}× the same SQL without RLS (median and p95)`,
      measured: `median ${r.queue.ratioMedian}×, p95 ${r.queue.ratioP95}×`,
      pass: r.queue.ratioMedian <= RLS_TARGET && r.queue.ratioP95 <= RLS_TARGET,
    },
  ];
  if (r.http) {
    const h = r.http;
    for (const [name, page, limit] of [
      ["GET /triage", h.triage, PAGE_TARGETS.triage],
      ["GET /patients/[id]", h.record, PAGE_TARGETS.record],
    ] as const) {
      const x = cpuRatio(page, h.floorTable);
      out.push({
        target: `${name}: Node CPU per request ≤ ${limit}× the floor's table page, no errors`,
        measured:
          x === null
            ? "CPU not readable (a server the bench did not start)"
            : `${x}× (${page.cpuMsPerRequest.node} vs ${h.floorTable.cpuMsPerRequest.node} ms), ${page.errors} errors`,
        pass: x !== null && x <= limit && page.errors === 0,
      });
    }
  }
  if (r.ingestion) {
    const i = r.ingestion;
    const share = ratio(i.api.requestsPerSecond, i.raw.requestsPerSecond);
    out.push({
      target: `ingestion, ${i.concurrency} clients: ≥ ${INGESTION_TARGET * 100}% of the raw statements' throughput, 0 lost, 0 duplicated, audit chain verifies`,
      measured: `${Math.round(share * 100)}% (${i.api.requestsPerSecond} vs ${i.raw.requestsPerSecond} reports/s), ${i.lost} lost, ${i.duplicated} duplicated, ${i.api.errors} errors, chain ${i.auditChain.ok ? "ok" : "BROKEN"}`,
      pass:
        share >= INGESTION_TARGET &&
        i.lost === 0 &&
        i.duplicated === 0 &&
        i.api.errors === 0 &&
        i.raw.errors === 0 &&
        i.retriesReplayed === i.retried &&
        i.auditChain.ok,
    });
    if (i.notifications) {
      const n = i.notifications;
      out.push({
        target: `red alerts raised while ingesting: every on-call email reaches the SMTP server (0 lost)`,
        measured: `${n.delivered} of ${n.queued} for ${n.redAlerts} alerts, ${n.lost} lost`,
        pass: n.lost === 0 && n.redAlerts > 0,
      });
    }
  }
  if (r.growth) out.push(...growthVerdicts(r.growth));
  if (r.firstLoadJs) {
    const { floorRootKb, pages } = r.firstLoadJs;
    const over = pages.filter((p) => p.gzipKb > FIRST_LOAD_TARGET * floorRootKb);
    const largest = pages.reduce((a, b) => (b.gzipKb > a.gzipKb ? b : a), pages[0]);
    out.push({
      target: `every page's first-load JavaScript ≤ ${FIRST_LOAD_TARGET}× the floor app's root chunks (${floorRootKb} kB gzip)`,
      measured: `${over.length} of ${pages.length} pages over; largest \`${largest.route}\` ${largest.gzipKb} kB (${ratio(largest.gzipKb, floorRootKb)}×)`,
      pass: over.length === 0,
    });
  }
  return out;
}

/** Growth targets: the larger database within 1.2× of the smaller, and RLS within 1.2× at both sizes. */
function growthVerdicts(g: GrowthResult): Verdict[] {
  const sizes = `${count(g.large.patients)} vs ${count(g.small.patients)} patients`;
  const within = (r: { median: number; p95: number }, limit: number) => r.median <= limit && r.p95 <= limit;
  const both = (r: { median: number; p95: number }) => `median ${r.median}×, p95 ${r.p95}×`;
  return [
    {
      target: `patient record data, ${sizes}: ≤ 1.2× (median and p95)`,
      measured: both(g.record),
      pass: within(g.record, GROWTH_TARGET),
    },
    {
      target: `triage queue under RLS, ${sizes}: ≤ 1.2× (median and p95)`,
      measured: both(g.queueRls),
      pass: within(g.queueRls, GROWTH_TARGET),
    },
    ...[g.small, g.large].map((s) => {
      const r = { median: s.queue.ratioMedian, p95: s.queue.ratioP95 };
      return {
        target: `triage queue at ${count(s.patients)} patients: RLS ≤ 1.2× the same SQL without (median and p95)`,
        measured: both(r),
        pass: within(r, RLS_TARGET),
      };
    }),
  ];
}

const count = (n: number) => n.toLocaleString("en-GB");
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;

/** The results as Markdown: the machine, the data, each figure, and a pass/fail line per target. */
export function markdown(r: Results): string {
  const m = r.machine;
  const lines = [
    `Measured ${r.measuredAt} on ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB memory, Node ${m.node}, ${m.postgres}.`,
    `Load average (1, 5, 15 min) before: ${m.loadAverageBefore.join(", ")}; after: ${m.loadAverageAfter.join(", ")}.`,
    "",
    `Data: ${r.dataset.patients.toLocaleString("en-GB")} patients, ${r.dataset.reports.toLocaleString("en-GB")} reports, ` +
      `${r.dataset.alerts.toLocaleString("en-GB")} alerts (${r.dataset.activeAlerts.toLocaleString("en-GB")} open or acknowledged), ` +
      `${r.dataset.auditEvents.toLocaleString("en-GB")} audit events.`,
    "",
    row(["measurement", "runs", "median", "p95", "p99", "throughput"]),
    row(["---", "---:", "---:", "---:", "---:", "---:"]),
  ];
  const add = (name: string, s: { runs: number; medianMs: number; p95Ms: number; p99Ms: number }, extra = "") =>
    lines.push(row([name, s.runs, `${s.medianMs} ms`, `${s.p95Ms} ms`, `${s.p99Ms} ms`, extra]));
  add("0. a request's identity from its session token (app.begin_session)", r.identity.token);
  add(
    "0. the same, naming the user in a setting, unchecked",
    r.identity.setting,
    `token: median ${r.identity.ratioMedian}×`,
  );
  add(`1. triage queue first page, under RLS (${r.queue.rows} rows of ${r.queue.total})`, r.queue.rls);
  add(
    "1. the same SQL as the owner, without RLS",
    r.queue.withoutRls,
    `RLS ratio: p95 ${r.queue.ratioP95}×, median ${r.queue.ratioMedian}×`,
  );
  add(`2. patient record data (${r.record.reports} reports, ${r.record.alerts} alerts)`, r.record.latency);
  add(`2. FHIR Patient/$everything, its first 100 resources of ${count(r.fhir.everythingTotal)}`, r.fhir.everything);
  add(`2. FHIR Observation search, 20 of ${count(r.fhir.observationTotal)}`, r.fhir.observations);
  if (r.http) {
    const h = r.http;
    lines.push(
      "",
      `3. Pages side by side with the floor app (bench/floor), ${h.concurrency} users, ${h.rounds} alternating rounds of ${h.roundSeconds} s each:`,
      "",
      ...sideBySide([
        ["floor: GET /empty (dynamic, empty)", h.floorEmpty, ""],
        ["floor: GET /table (the queue's rows, server-rendered)", h.floorTable, "the base"],
        [
          "app: GET /triage (signed in, RLS, audit)",
          h.triage,
          `Node CPU ${cpuRatio(h.triage, h.floorTable)}× the table's`,
        ],
        ["app: GET /patients/[id]", h.record, `Node CPU ${cpuRatio(h.record, h.floorTable)}× the table's`],
      ]),
    );
  }
  if (r.ingestion) {
    const i = r.ingestion;
    lines.push(
      "",
      `4. Ingestion side by side with its floors, ${i.concurrency} clients, ${i.rounds} alternating rounds of ${i.roundSeconds} s each:`,
      "",
      ...sideBySide([
        ["floor: POST /api/empty (empty JSON route)", i.floorEmpty, ""],
        ["raw: a report's statements through postgres.js, no HTTP", i.raw, "the base"],
        [
          "raw, without the audit event",
          i.rawWithoutAudit,
          `throughput ${ratio(i.rawWithoutAudit.requestsPerSecond, i.raw.requestsPerSecond)}× the raw`,
        ],
        [
          "app: POST /api/v1/reports",
          i.api,
          `throughput ${ratio(i.api.requestsPerSecond, i.raw.requestsPerSecond)}× the raw`,
        ],
      ]),
      "",
      `Ingestion: ${i.acknowledged} acknowledged, ${i.stored} stored, ${i.lost} lost, ${i.duplicated} duplicated; ` +
        `${i.retriesReplayed} of ${i.retried} retries with the same Idempotency-Key replayed the stored report; ` +
        `audit chain ${i.auditChain.ok ? `verified (${i.auditChain.events.toLocaleString("en-GB")} events)` : `BROKEN: ${i.auditChain.problem}`}. ` +
        `The audit chain's cost with ${i.concurrency} writers: the raw statements run at ${ratio(i.raw.requestsPerSecond, i.rawWithoutAudit.requestsPerSecond)}× the throughput they have without the audit event.`,
    );
    const n = i.notifications;
    if (n) {
      lines.push(
        "",
        `Notifications: ${n.queued} on-call emails queued for ${n.redAlerts} red alerts, ${n.delivered} delivered, ${n.lost} lost ` +
          `(the worker polls every 250 ms here; 5 s by default); a red report accepted to its first email at the SMTP server: ` +
          `median ${n.firstEmail.medianMs} ms, p95 ${n.firstEmail.p95Ms} ms.`,
      );
    }
  }
  if (r.firstLoadJs) {
    const { floorRootKb, pages } = r.firstLoadJs;
    lines.push(
      "",
      `5. First-load JavaScript, gzip, against the floor app's root chunks (${floorRootKb} kB):`,
      "",
      row(["page", "chunks", "kB gzip", "× floor"]),
      row(["---", "---:", "---:", "---:"]),
    );
    for (const p of pages) lines.push(row([`\`${p.route}\``, p.files, p.gzipKb, `${ratio(p.gzipKb, floorRootKb)}×`]));
  }
  if (r.growth) lines.push("", ...growthTable(r.growth));
  lines.push("", row(["target", "measured", "verdict"]), row(["---", "---", "---"]));
  for (const v of verdicts(r)) lines.push(row([v.target, v.measured, v.pass ? "PASS" : "**FAIL**"]));
  return lines.join("\n");
}

/** Each contender's throughput, latency and CPU per request, with a note (its ratio). */
function sideBySide(entries: [name: string, m: Measured, note: string][]): string[] {
  const cpu = (v: number | null) => (v === null ? "–" : `${v} ms`);
  const out = [
    row(["", "req/s", "median", "p95", "Node CPU / req", "PostgreSQL CPU / req", "ratio"]),
    row(["---", "---:", "---:", "---:", "---:", "---:", "---"]),
  ];
  for (const [name, m, note] of entries) {
    const errors = m.errors ? `; ${m.errors} errors, first: ${m.firstError}` : "";
    out.push(
      row([
        name,
        m.requestsPerSecond,
        `${m.medianMs} ms`,
        `${m.p95Ms} ms`,
        cpu(m.cpuMsPerRequest.node),
        cpu(m.cpuMsPerRequest.postgres),
        `${note}${errors}`,
      ]),
    );
  }
  return out;
}

function growthTable(g: GrowthResult): string[] {
  const { small, large } = g;
  const ms = (v: number) => `${v} ms`;
  const pair = (a: number, b: number, r: number) => [ms(a), ms(b), `${r}×`];
  const rlsRatio = (s: typeof small) => `median ${s.queue.ratioMedian}×, p95 ${s.queue.ratioP95}×`;
  return [
    `Growth, measured in turn on \`${small.database}\` and \`${large.database}\`, ${small.record.latency.runs} runs each:`,
    "",
    row(["measurement", `${count(small.patients)} patients`, `${count(large.patients)} patients`, "ratio"]),
    row(["---", "---:", "---:", "---:"]),
    row([
      "triage queue under RLS, median",
      ...pair(small.queue.rls.medianMs, large.queue.rls.medianMs, g.queueRls.median),
    ]),
    row(["triage queue under RLS, p95", ...pair(small.queue.rls.p95Ms, large.queue.rls.p95Ms, g.queueRls.p95)]),
    row([
      "the same SQL without RLS, median",
      ms(small.queue.withoutRls.medianMs),
      ms(large.queue.withoutRls.medianMs),
      "",
    ]),
    row(["queue RLS ratio", rlsRatio(small), rlsRatio(large), ""]),
    row([
      `patient record data, median (${small.record.reports} / ${large.record.reports} reports)`,
      ...pair(small.record.latency.medianMs, large.record.latency.medianMs, g.record.median),
    ]),
    row(["patient record data, p95", ...pair(small.record.latency.p95Ms, large.record.latency.p95Ms, g.record.p95)]),
  ];
}

const START = "<!-- bench:results -->";
const END = "<!-- /bench:results -->";

export function writeResults(r: Results, jsonFile: string, docFile: string): void {
  writeFileSync(jsonFile, `${JSON.stringify({ ...r, verdicts: verdicts(r) }, null, 2)}\n`);
  const doc = readFileSync(docFile, "utf8");
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${docFile} has no ${START} … ${END} section to fill.`);
  writeFileSync(docFile, `${doc.slice(0, start + START.length)}\n${markdown(r)}\n${doc.slice(end)}`);
}
