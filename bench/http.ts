/**
 * A closed-loop HTTP load: `concurrency` clients each send a request, read the whole response and
 * send the next, for `durationMs`, over kept-alive connections, like a browser's.
 *
 * The load runs on the machine it measures, so its own cost is taken from the server's two CPUs.
 * It uses node:http with a keep-alive agent rather than fetch: fetch (undici's web streams) spent
 * about 2 ms of CPU per request here, node:http about a third of that. Like a browser (and a
 * phone's HTTP client) it accepts gzip, so the server compresses as it would for them; the body is
 * unzipped only when a check reads it.
 */
import { Agent, request as httpRequest } from "node:http";
import { gunzipSync } from "node:zlib";
import { type Summary, summarise } from "./stats";

export type LoadResult = Summary & { requestsPerSecond: number; errors: number; firstError: string | null };

export type BenchRequest = {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
};

export type BenchResponse = { status: number; readonly body: string };

export type LoadOptions = {
  concurrency: number;
  durationMs: number;
  /** Builds the n-th request (n counts across all clients). */
  request: (n: number) => BenchRequest;
  /** Judges the n-th response; a string is the reason it failed. */
  check?: (response: BenchResponse, n: number) => string | null;
};

const expectOk = (response: BenchResponse) => (response.status === 200 ? null : `HTTP ${response.status}`);

/** Sends one request on `agent` and reads the whole response body. */
export function send({ url, method = "GET", headers = {}, body }: BenchRequest, agent?: Agent): Promise<BenchResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      {
        method,
        agent,
        headers: {
          "accept-encoding": "gzip",
          ...headers,
          ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }),
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
          const raw = Buffer.concat(chunks);
          const gzipped = incoming.headers["content-encoding"] === "gzip";
          resolve({
            status: incoming.statusCode ?? 0,
            get body() {
              return (gzipped ? gunzipSync(raw) : raw).toString();
            },
          });
        });
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** The raw outcome of a closed loop: each request's time and the failures. */
export type Samples = { latencies: number[]; errors: number; firstError: string | null; elapsedMs: number };

/**
 * `concurrency` clients each run `work(n)` (a string is the reason it failed) and then the next,
 * until `durationMs` has passed.
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  work: (n: number) => Promise<string | null>,
): Promise<Samples> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let sent = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const client = async () => {
    while (performance.now() < deadline) {
      const n = sent++;
      const start = performance.now();
      let failure: string | null;
      try {
        failure = await work(n);
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
  return { latencies, errors, firstError, elapsedMs: performance.now() - started };
}

/** Throughput and latency of one or more closed loops' samples. */
export function loadResult(samples: readonly Samples[]): LoadResult {
  const latencies = samples.flatMap((s) => s.latencies);
  const seconds = samples.reduce((sum, s) => sum + s.elapsedMs, 0) / 1000;
  return {
    ...summarise(latencies),
    requestsPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
    firstError: samples.find((s) => s.firstError)?.firstError ?? null,
  };
}

/** One closed loop of HTTP requests. */
export async function loadSamples({
  concurrency,
  durationMs,
  request,
  check = expectOk,
}: LoadOptions): Promise<Samples> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    return await closedLoop(concurrency, durationMs, async (n) => check(await send(request(n), agent), n));
  } finally {
    agent.destroy();
  }
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  return loadResult([await loadSamples(options)]);
}
