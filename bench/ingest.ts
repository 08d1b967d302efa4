/**
 * Measurement 4: symptom reports sent by patients' devices through POST /api/v1/reports, each
 * graded, triaged, stored with its alert and audit event. Then the guarantees: every acknowledged
 * report is stored exactly once (also when a sample is sent again with the same Idempotency-Key,
 * as a device retrying after a lost answer would), and the audit chain still verifies.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type postgres from "postgres";
import type { Database } from "../db/client";
import { verifyAuditChain } from "../db/queries/audit";
import { hashDeviceToken } from "../db/queries/device-tokens";
import { patientId, patientTeam, TEAM_COUNT } from "../db/seed-scale/world";
import { type BenchRequest, type LoadResult, load, send } from "./http";
import { BENCH_TEAM } from "./queries";

export type IngestResult = LoadResult & {
  acknowledged: number;
  stored: number;
  lost: number;
  duplicated: number;
  retried: number;
  retriesReplayed: number;
  auditChain: { ok: boolean; events: number; problem: string | null };
};

/** Devices sending reports: four patients per care team, leaving out the team whose queue is measured. */
const DEVICES = (TEAM_COUNT - 1) * 4;
const RETRIES = 100;

/** What a device sends: mostly mild days, one in five an amber day that raises an alert. */
function reportBody(n: number): string {
  const amber = n % 5 === 0;
  return JSON.stringify({
    answers: {
      nausea: amber ? { frequency: 3, severity: 2 } : { frequency: 1, severity: 1 },
      fatigue: { severity: 1, interference: 0 },
    },
    temperatureC: 36.8,
  });
}

/**
 * A device token for each of the first DEVICES patients outside the bench nurse's team, so the
 * alerts ingestion raises do not change the queue that measurement 1 reads on the next run.
 */
async function issueDeviceTokens(owner: postgres.Sql): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; tokens.length < DEVICES; i++) {
    if (patientTeam(i) === BENCH_TEAM) continue;
    const token = `srm_${randomBytes(32).toString("base64url")}`;
    await owner`insert into device_tokens (patient_id, name, token_hash)
      values (${patientId(i)}, 'Bench device', ${hashDeviceToken(token)})`;
    tokens.push(token);
  }
  return tokens;
}

export async function measureIngestion(
  baseUrl: string,
  owner: postgres.Sql,
  ownerDb: Database,
  options: { concurrency: number; durationMs: number },
): Promise<IngestResult> {
  const tokens = await issueDeviceTokens(owner);
  const run = randomUUID().slice(0, 8);
  /** The n-th request's key; a retry of request n sends the same key, token and body. */
  const keyOf = (n: number) => `bench-${run}-${n}`;
  const post = (n: number): BenchRequest => ({
    url: `${baseUrl}/api/v1/reports`,
    method: "POST",
    body: reportBody(n),
    headers: {
      authorization: `Bearer ${tokens[n % tokens.length]}`,
      "content-type": "application/json",
      "idempotency-key": keyOf(n),
    },
  });
  /** Report id of each request answered 201, by key. */
  const acknowledged = new Map<string, string>();

  const result = await load({
    ...options,
    request: post,
    check: (response, n) => {
      if (response.status !== 201) return `HTTP ${response.status}: ${response.body.slice(0, 200)}`;
      acknowledged.set(keyOf(n), (JSON.parse(response.body) as { reportId: string }).reportId);
      return null;
    },
  });
  /** The run's stored reports: key and id of each (a key stored twice appears twice). */
  const stored = () =>
    owner<{ key: string; id: string }[]>`
      select idempotency_key as key, id from symptom_reports where idempotency_key like ${`bench-${run}-%`}`;
  const before = await stored();

  let retriesReplayed = 0;
  const sample = [...acknowledged.keys()].slice(0, RETRIES);
  for (const key of sample) {
    const response = await send(post(Number(key.slice(key.lastIndexOf("-") + 1))));
    const body = JSON.parse(response.body) as { reportId?: string };
    if (response.status === 200 && body.reportId === acknowledged.get(key)) retriesReplayed++;
  }
  const after = await stored();
  const storedIds = new Map(after.map((r) => [r.key, r.id]));

  const chain = await verifyAuditChain(ownerDb, { batchSize: 10_000 });
  return {
    ...result,
    acknowledged: acknowledged.size,
    stored: after.length,
    lost: [...acknowledged].filter(([key, id]) => storedIds.get(key) !== id).length,
    // A key stored twice, or a retry that stored a report of its own instead of replaying.
    duplicated: after.length - storedIds.size + (after.length - before.length),
    retried: sample.length,
    retriesReplayed,
    auditChain: chain.ok
      ? { ok: true, events: chain.count, problem: null }
      : { ok: false, events: 0, problem: `event ${chain.eventId}: ${chain.reason}` },
  };
}
