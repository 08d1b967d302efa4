/** Percentiles and timing loops shared by the measurements. */

export type Summary = { runs: number; medianMs: number; p95Ms: number; p99Ms: number };

/** Nearest-rank percentile of `samples` (ms). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export function summarise(samples: readonly number[]): Summary {
  return {
    runs: samples.length,
    medianMs: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    p99Ms: round(percentile(samples, 99)),
  };
}

/** How long one run of `work` takes (ms). */
export async function timeOnce(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Runs `work` `warmUp` times unmeasured, then `runs` times, and returns each run's duration (ms). */
export async function time(
  work: () => Promise<unknown>,
  runs: number,
  warmUp = Math.ceil(runs / 10),
): Promise<number[]> {
  for (let i = 0; i < warmUp; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeOnce(work));
  return samples;
}
