/**
 * A closed-loop HTTP load: `concurrency` clients each send a request, read the whole response and
 * send the next, for `durationMs`. Node's fetch keeps connections alive, like a browser's.
 */
import { type Summary, summarise } from "./stats";

export type LoadResult = Summary & { requestsPerSecond: number; errors: number; firstError: string | null };

export type LoadOptions = {
  concurrency: number;
  durationMs: number;
  /** Builds the n-th request (n counts across all clients). */
  request: (n: number) => { url: string; init?: RequestInit };
  /** Judges the n-th response; a string is the reason it failed. */
  check?: (response: Response, body: string, n: number) => string | null;
};

const expectOk = (response: Response) => (response.status === 200 ? null : `HTTP ${response.status}`);

export async function load({ concurrency, durationMs, request, check = expectOk }: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let sent = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const client = async () => {
    while (performance.now() < deadline) {
      const n = sent++;
      const { url, init } = request(n);
      const start = performance.now();
      let failure: string | null;
      try {
        const response = await fetch(url, { redirect: "manual", ...init });
        failure = check(response, await response.text(), n);
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      latencies.push(performance.now() - start);
      if (failure) {
        errors++;
        firstError ??= failure;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsed = (performance.now() - started) / 1000;
  return {
    ...summarise(latencies),
    requestsPerSecond: Math.round((latencies.length / elapsed) * 10) / 10,
    errors,
    firstError,
  };
}
