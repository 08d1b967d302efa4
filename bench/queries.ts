/**
 * Measurements 1 and 2: the database work behind the triage queue and a patient record, run the
 * way the app runs it (runWithRls on the runtime role), and the queue also as the owner, where
 * row-level security does not apply, to price RLS.
 */
import { type SQL, sql } from "drizzle-orm";
import { DATA_CATEGORIES } from "@/lib/vocabulary";
import type { Database, Tx } from "../db/client";
import { listTriageQueue } from "../db/queries/alert-queue";
import { loadPatientRecord } from "../db/queries/record";
import { newSessionToken } from "../db/queries/sessions";
import { type RlsContext, runWithRls } from "../db/rls";
import { sessions } from "../db/schema";
import { careTeamId, staffId } from "../db/seed-scale/world";
import { queryRows } from "../db/sql";
import { DEFAULT_QUEUE_STATE } from "../lib/alerts/queue-state";
import { sha256Hex } from "../lib/hash";
import { type Summary, summarise, time, timeOnce } from "./stats";

/** The care team whose queue and patient are measured: the first. */
export const BENCH_TEAM = 0;
/** The nurse whose queue is measured: the first nurse of that team. */
export const BENCH_NURSE = { userId: staffId(BENCH_TEAM, "nurse", 0), teamId: careTeamId(BENCH_TEAM) };
const nurseSessions = new WeakMap<Database, Promise<RlsContext>>();

/**
 * The nurse as the app knows her on every request: a session's secret token, which the database
 * turns into her identity (app.begin_session), so that cost is in every figure. One session per
 * database, opened as the owner, past the second factor.
 */
function nurse(owner: Database): Promise<RlsContext> {
  let context = nurseSessions.get(owner);
  if (!context) {
    const sessionToken = newSessionToken();
    context = owner
      .insert(sessions)
      .values({ userId: BENCH_NURSE.userId, tokenHash: sha256Hex(sessionToken), mfaVerifiedAt: new Date() })
      .then(() => ({ sessionToken, actingRole: "nurse" }));
    nurseSessions.set(owner, context);
  }
  return context;
}

export type QueueResult = {
  rows: number;
  total: number;
  rls: Summary;
  withoutRls: Summary;
  /** p95 under RLS over p95 without: the target. */
  ratioP95: number;
  /** The same for the medians, which a burst of other work on the machine moves less. */
  ratioMedian: number;
};

const queueParams = () => ({
  state: DEFAULT_QUEUE_STATE,
  userId: BENCH_NURSE.userId,
  teamIds: [BENCH_NURSE.teamId],
  now: new Date(),
});

export const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/**
 * The nurse's queue, under RLS and as the owner, checked to be the same list: the two runs to time,
 * and the first page's size.
 */
export async function queueWork(runtime: Database, owner: Database) {
  const context = await nurse(owner);
  const withRls = () => runWithRls(runtime, context, (tx) => listTriageQueue(tx, queueParams()));
  const withoutRls = () => owner.transaction((tx) => listTriageQueue(tx as Tx, queueParams()));
  const first = await withRls();
  const bypass = await withoutRls();
  if (bypass.total !== first.total || bypass.rows[0]?.id !== first.rows[0]?.id) {
    throw new Error(`The queue differs without RLS (${bypass.total} alerts) and with it (${first.total}).`);
  }
  return { withRls, withoutRls, rows: first.rows.length, total: first.total };
}

/** The queue's result from its samples under RLS and without. */
export function queueResult(work: { rows: number; total: number }, rls: number[], plain: number[]): QueueResult {
  const result = { rls: summarise(rls), withoutRls: summarise(plain) };
  return {
    rows: work.rows,
    total: work.total,
    ...result,
    ratioP95: ratio(result.rls.p95Ms, result.withoutRls.p95Ms),
    ratioMedian: ratio(result.rls.medianMs, result.withoutRls.medianMs),
  };
}

/** The first page of the nurse's queue, under RLS and as the owner, timed alternately. */
export async function measureQueue(runtime: Database, owner: Database, runs: number): Promise<QueueResult> {
  const work = await queueWork(runtime, owner);
  // Run by run, alternately, so a burst of other work on the machine falls on both alike.
  const rls: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < Math.ceil(runs / 10); i++) await Promise.all([work.withRls(), work.withoutRls()]);
  for (let run = 0; run < runs; run++) {
    rls.push(await timeOnce(work.withRls));
    plain.push(await timeOnce(work.withoutRls));
  }
  return queueResult(work, rls, plain);
}

export type RecordResult = { patientId: string; reports: number; alerts: number; latency: Summary };

/**
 * The largest record the nurse opens: a patient of their team whose plan started before the window
 * (so the record shows all 180 days), with the most reports. Patients with a device token are left
 * out: the ingestion measurement adds reports to theirs, which would change the record between runs.
 */
async function largestRecord(owner: Database): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    owner,
    sql`select p.id from patients p
        join treatment_plans t on t.patient_id = p.id
        join symptom_reports r on r.patient_id = p.id
        where p.primary_care_team_id = ${BENCH_NURSE.teamId}
          and not exists (select from device_tokens d where d.patient_id = p.id)
        group by p.id, t.start_date order by t.start_date, count(*) desc, p.id limit 1`,
  );
  if (!row) throw new Error("No patient with reports in the bench team: run npm run seed:scale first.");
  return row.id;
}

const recordParams = (patientId: string) => ({
  patientId,
  viewerId: BENCH_NURSE.userId,
  readable: DATA_CATEGORIES,
  now: new Date(),
});

/** Everything the record page reads for the largest record, under RLS as the nurse: the run to time. */
export async function recordWork(runtime: Database, owner: Database) {
  const patientId = await largestRecord(owner);
  const context = await nurse(owner);
  // As the request wrapper runs it: about this patient.
  const load = () =>
    runWithRls(runtime, { ...context, patientId }, (tx) => loadPatientRecord(tx, recordParams(patientId)));
  const record = await load();
  if (!record.timeline || !record.alerts || !record.plan) throw new Error("The bench nurse cannot read the record.");
  return { load, patientId, context, reports: record.timeline.reports.length, alerts: record.alerts.length };
}

/** Everything the record page reads for that patient, under RLS as the nurse. */
export async function measureRecord(runtime: Database, owner: Database, runs: number): Promise<RecordResult> {
  const { load, context: _context, ...record } = await recordWork(runtime, owner);
  return { ...record, latency: summarise(await time(load, runs)) };
}

/** Runs `work` under RLS with every statement it sends replaced by its EXPLAIN ANALYZE; returns the plans. */
async function explain(runtime: Database, context: RlsContext, work: (tx: Tx) => Promise<unknown>): Promise<string[]> {
  const plans: string[] = [];
  await runWithRls(runtime, context, async (tx) => {
    const explaining = new Proxy(tx, {
      get(target, property, receiver) {
        if (property !== "execute") return Reflect.get(target, property, receiver);
        return async (query: SQL) => {
          const rows = await queryRows<{ "QUERY PLAN": string }>(target, sql`explain (analyze, buffers) ${query}`);
          plans.push(rows.map((r) => r["QUERY PLAN"]).join("\n"));
          return target.execute(query);
        };
      },
    });
    await work(explaining);
  });
  return plans;
}

/** EXPLAIN ANALYZE of the queue's statement and the record's statements, as the nurse under RLS. */
export async function explainPlans(runtime: Database, owner: Database): Promise<Record<"queue" | "record", string>> {
  const patientId = await largestRecord(owner);
  const context = await nurse(owner);
  const queue = await explain(runtime, context, (tx) => listTriageQueue(tx, queueParams()));
  const record = await explain(runtime, { ...context, patientId }, (tx) =>
    loadPatientRecord(tx, recordParams(patientId)),
  );
  return { queue: queue.join("\n\n"), record: record.join("\n\n") };
}

export type IdentityResult = { token: Summary; setting: Summary; ratioMedian: number };

/**
 * What establishing the caller costs: a request's first statement with the nurse's session token
 * (the database finds the session by its hash and signs the identity: app.begin_session), against
 * the same statement naming her in a setting, unchecked, as requests did before, timed alternately.
 * Both run one `select 1` after it, as the same transaction.
 */
export async function measureIdentity(runtime: Database, owner: Database, runs: number): Promise<IdentityResult> {
  const context = await nurse(owner);
  const probe = sql`select 1`;
  const fromToken = () => runWithRls(runtime, context, (tx) => tx.execute(probe));
  const fromSetting = () =>
    runtime.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('app.user_id', ${BENCH_NURSE.userId}, true), set_config('role', 'serums_app', true)`,
      );
      await tx.execute(probe);
    });
  const token: number[] = [];
  const setting: number[] = [];
  for (let i = 0; i < Math.ceil(runs / 10); i++) await Promise.all([fromToken(), fromSetting()]);
  for (let run = 0; run < runs; run++) {
    token.push(await timeOnce(fromToken));
    setting.push(await timeOnce(fromSetting));
  }
  const result = { token: summarise(token), setting: summarise(setting) };
  return { ...result, ratioMedian: ratio(result.token.medianMs, result.setting.medianMs) };
}
