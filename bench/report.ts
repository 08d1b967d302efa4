/**
 * The verdicts against the targets of issue 6, the console table, bench/results.json and the
 * results section of docs/benchmarks.md (between its `bench:results` markers; the rest of that
 * document is written by hand).
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { PageBundle } from "./bundle";
import type { GrowthResult } from "./growth";
import type { LoadResult } from "./http";
import type { IngestResult } from "./ingest";
import type { IdentityResult, QueueResult, RecordResult } from "./queries";

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
  http: { concurrency: number; seconds: number; triage: LoadResult; record: LoadResult } | null;
  ingestion: (IngestResult & { concurrency: number; seconds: number }) | null;
  firstLoadJs: PageBundle[] | null;
  /** With --growth: the database measurements on a second database of another size, in turn. */
  growth: GrowthResult | null;
};

export type Verdict = { target: string; measured: string; pass: boolean };

export function verdicts(r: Results): Verdict[] {
  const ms = (v: number) => `${v} ms`;
  const out: Verdict[] = [
    {
      target: "triage queue first page under RLS: p95 ≤ 25 ms",
      measured: ms(r.queue.rls.p95Ms),
      pass: r.queue.rls.p95Ms <= 25,
    },
    {
      target: "triage queue: RLS ≤ 1.5× the same SQL without RLS (p95)",
      measured: `${r.queue.ratioP95}×`,
      pass: r.queue.ratioP95 <= 1.5,
    },
    {
      target: "patient record data: p95 ≤ 60 ms",
      measured: ms(r.record.latency.p95Ms),
      pass: r.record.latency.p95Ms <= 60,
    },
  ];
  if (r.http) {
    const t = r.http.triage;
    out.push({
      target: `triage page over HTTP, ${r.http.concurrency} users: p95 ≤ 250 ms and ≥ 50 req/s, no errors`,
      measured: `p95 ${ms(t.p95Ms)}, ${t.requestsPerSecond} req/s, ${t.errors} errors`,
      pass: t.p95Ms <= 250 && t.requestsPerSecond >= 50 && t.errors === 0,
    });
  }
  if (r.ingestion) {
    const i = r.ingestion;
    out.push({
      target: `ingestion, ${i.concurrency} clients: ≥ 300 reports/s, 0 lost, 0 duplicated, audit chain verifies`,
      measured: `${i.requestsPerSecond} reports/s, ${i.lost} lost, ${i.duplicated} duplicated, ${i.errors} errors, chain ${i.auditChain.ok ? "ok" : "BROKEN"}`,
      pass:
        i.requestsPerSecond >= 300 &&
        i.lost === 0 &&
        i.duplicated === 0 &&
        i.errors === 0 &&
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
  const triage = r.firstLoadJs?.find((p) => p.route === "/triage");
  if (triage) {
    out.push({
      target: "first-load JavaScript of /triage: ≤ 250 kB gzip",
      measured: `${triage.gzipKb} kB`,
      pass: triage.gzipKb <= 250,
    });
  }
  return out;
}

/** Growth targets: the larger database within 1.2× of the smaller, and RLS within 1.2× at both sizes. */
function growthVerdicts(g: GrowthResult): Verdict[] {
  const sizes = `${count(g.large.patients)} vs ${count(g.small.patients)} patients`;
  const within = (r: { median: number; p95: number }) => r.median <= 1.2 && r.p95 <= 1.2;
  const both = (r: { median: number; p95: number }) => `median ${r.median}×, p95 ${r.p95}×`;
  return [
    {
      target: `patient record data, ${sizes}: ≤ 1.2× (median and p95)`,
      measured: both(g.record),
      pass: within(g.record),
    },
    {
      target: `triage queue under RLS, ${sizes}: ≤ 1.2× (median and p95)`,
      measured: both(g.queueRls),
      pass: within(g.queueRls),
    },
    ...[g.small, g.large].map((s) => {
      const r = { median: s.queue.ratioMedian, p95: s.queue.ratioP95 };
      return {
        target: `triage queue at ${count(s.patients)} patients: RLS ≤ 1.2× the same SQL without (median and p95)`,
        measured: both(r),
        pass: within(r),
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
  if (r.http) {
    const c = `${r.http.concurrency} users, ${r.http.seconds} s`;
    add(`3. GET /triage over HTTP (${c})`, r.http.triage, `${r.http.triage.requestsPerSecond} req/s`);
    add(`3. GET /patients/[id] over HTTP (${c})`, r.http.record, `${r.http.record.requestsPerSecond} req/s`);
  }
  if (r.ingestion) {
    const i = r.ingestion;
    add(`4. POST /api/v1/reports (${i.concurrency} clients, ${i.seconds} s)`, i, `${i.requestsPerSecond} reports/s`);
    const n = i.notifications;
    if (n)
      add(`4. a red report accepted to its first email at the SMTP server (${n.redAlerts} red alerts)`, n.firstEmail);
    lines.push(
      "",
      `Ingestion: ${i.acknowledged} acknowledged, ${i.stored} stored, ${i.lost} lost, ${i.duplicated} duplicated; ` +
        `${i.retriesReplayed} of ${i.retried} retries with the same Idempotency-Key replayed the stored report; ` +
        `audit chain ${i.auditChain.ok ? `verified (${i.auditChain.events.toLocaleString("en-GB")} events)` : `BROKEN: ${i.auditChain.problem}`}.`,
    );
    if (n) {
      lines.push(
        "",
        `Notifications: ${n.queued} on-call emails queued for ${n.redAlerts} red alerts, ${n.delivered} delivered, ${n.lost} lost ` +
          "(the worker polls every 250 ms here; 5 s by default).",
      );
    }
  }
  if (r.firstLoadJs) {
    lines.push(
      "",
      "5. First-load JavaScript, gzip:",
      "",
      row(["page", "chunks", "kB gzip"]),
      row(["---", "---:", "---:"]),
    );
    for (const p of r.firstLoadJs) lines.push(row([`\`${p.route}\``, p.files, p.gzipKb]));
  }
  if (r.growth) lines.push("", ...growthTable(r.growth));
  lines.push("", row(["target", "measured", "verdict"]), row(["---", "---", "---"]));
  for (const v of verdicts(r)) lines.push(row([v.target, v.measured, v.pass ? "PASS" : "**FAIL**"]));
  return lines.join("\n");
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
