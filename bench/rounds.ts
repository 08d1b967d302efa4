/**
 * Side by side: the floor and the app loaded in alternating rounds in one run, so that a burst of
 * other work on the shared machine falls on both, each round's CPU time read from each process
 * that served it.
 */
import { type CpuProbe, type CpuSnapshot, cpuBetween } from "./cpu";
import { type LoadResult, loadResult, type Samples } from "./http";

/** What serves a contender's requests: the Node process (a server, or the bench itself) and PostgreSQL. */
export type Probes = { node: CpuProbe | null; postgres: CpuProbe | null };

export type Contender = {
  name: string;
  probes: Probes;
  /** One round: `durationMs` of closed-loop load. */
  round: (durationMs: number) => Promise<Samples>;
};

/** CPU milliseconds per request, of each process and together. */
export type CpuPerRequest = { node: number | null; postgres: number | null; total: number | null };

export type Measured = LoadResult & { requests: number; cpuMsPerRequest: CpuPerRequest };

const snapshot = (probes: Probes): Promise<[CpuSnapshot | null, CpuSnapshot | null]> =>
  Promise.all([probes.node?.() ?? null, probes.postgres?.() ?? null]);

const round2 = (ms: number) => Math.round(ms * 100) / 100;

/**
 * `rounds` rounds of `roundMs` of each contender in turn, the order reversed every other round so
 * that neither always follows the other. Returns each contender's figures, in the order given.
 */
export async function alternate(
  contenders: readonly Contender[],
  options: { rounds: number; roundMs: number; onRound?: (round: number) => void },
): Promise<Measured[]> {
  const totals = contenders.map(() => ({ samples: [] as Samples[], node: 0, postgres: 0 }));
  for (let r = 0; r < options.rounds; r++) {
    options.onRound?.(r);
    const order = contenders.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      const { probes, round } = contenders[i];
      const [nodeBefore, pgBefore] = await snapshot(probes);
      const samples = await round(options.roundMs);
      const [nodeAfter, pgAfter] = await snapshot(probes);
      totals[i].samples.push(samples);
      if (nodeBefore && nodeAfter) totals[i].node += cpuBetween(nodeBefore, nodeAfter);
      if (pgBefore && pgAfter) totals[i].postgres += cpuBetween(pgBefore, pgAfter);
    }
  }
  return contenders.map((c, i) => {
    const t = totals[i];
    const requests = t.samples.reduce((sum, s) => sum + s.latencies.length, 0);
    const node = c.probes.node ? round2(t.node / requests) : null;
    const postgres = c.probes.postgres ? round2(t.postgres / requests) : null;
    const total = node === null ? null : round2(node + (postgres ?? 0));
    return { ...loadResult(t.samples), requests, cpuMsPerRequest: { node, postgres, total } };
  });
}
