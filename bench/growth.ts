/**
 * Growth with the number of patients: the database measurements (the nurse's queue under RLS and
 * without, and the largest record she opens) on two seeded databases of different sizes in one run,
 * run by run in turn so that other work on the machine falls on both alike, and the larger one's
 * times as ratios of the smaller one's. Row-level security whose cost grew with the patients a
 * clinician may see would show here as a ratio well above 1.
 */
import { sql } from "drizzle-orm";
import { connectPostgres } from "../db/client";
import { queryRows } from "../db/sql";
import { databaseUrl, runtimeUrl } from "./database";
import { type QueueResult, queueResult, queueWork, type RecordResult, ratio, recordWork } from "./queries";
import { summarise, timeOnce } from "./stats";

export type SizeResult = { database: string; patients: number; queue: QueueResult; record: RecordResult };

export type GrowthResult = {
  small: SizeResult;
  large: SizeResult;
  /** The larger database's time over the smaller one's. */
  queueRls: { median: number; p95: number };
  record: { median: number; p95: number };
};

type Size = Awaited<ReturnType<typeof openSize>>;

async function openSize(database: string) {
  const owner = connectPostgres(databaseUrl(database), { max: 2 });
  const runtime = connectPostgres(runtimeUrl(database), { max: 2 });
  const [{ patients }] = await queryRows<{ patients: number }>(
    owner.db,
    sql`select count(*)::int as patients from patients`,
  );
  if (patients === 0) throw new Error(`${database} is empty: run npm run seed:scale first.`);
  const queue = await queueWork(runtime.db, owner.db);
  const record = await recordWork(runtime.db, owner.db);
  const samples = { rls: [] as number[], plain: [] as number[], record: [] as number[] };
  const close = () => Promise.all([owner.close(), runtime.close()]);
  return { database, patients, queue, record, samples, close };
}

async function runOnce(size: Size, keep: boolean): Promise<void> {
  const rls = await timeOnce(size.queue.withRls);
  const plain = await timeOnce(size.queue.withoutRls);
  const record = await timeOnce(size.record.load);
  if (!keep) return;
  size.samples.rls.push(rls);
  size.samples.plain.push(plain);
  size.samples.record.push(record);
}

function sizeResult(size: Size): SizeResult {
  const { load: _, context: _context, ...record } = size.record;
  return {
    database: size.database,
    patients: size.patients,
    queue: queueResult(size.queue, size.samples.rls, size.samples.plain),
    record: { ...record, latency: summarise(size.samples.record) },
  };
}

/** Measures both databases `runs` times each, in turn, after a tenth as many unmeasured runs. */
export async function measureGrowth(databases: readonly [string, string], runs: number): Promise<GrowthResult> {
  const sizes = [await openSize(databases[0]), await openSize(databases[1])];
  try {
    sizes.sort((a, b) => a.patients - b.patients);
    for (let run = -Math.ceil(runs / 10); run < runs; run++) {
      // Which goes first changes every run, so neither always follows the other's cache traffic.
      const order = run % 2 === 0 ? sizes : [...sizes].reverse();
      for (const size of order) await runOnce(size, run >= 0);
    }
    const [small, large] = sizes.map(sizeResult);
    return {
      small,
      large,
      queueRls: {
        median: ratio(large.queue.rls.medianMs, small.queue.rls.medianMs),
        p95: ratio(large.queue.rls.p95Ms, small.queue.rls.p95Ms),
      },
      record: {
        median: ratio(large.record.latency.medianMs, small.record.latency.medianMs),
        p95: ratio(large.record.latency.p95Ms, small.record.latency.p95Ms),
      },
    };
  } finally {
    await Promise.all(sizes.map((s) => s.close()));
  }
}
