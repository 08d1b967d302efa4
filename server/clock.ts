/**
 * The server's notion of "now". Tests move it with the TEST_CLOCK_OFFSET_MS environment variable or
 * setClockOffset, so time limits are checked without waiting.
 */
let offsetMs = Number(process.env.TEST_CLOCK_OFFSET_MS ?? 0);

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function setClockOffset(ms: number): void {
  offsetMs = ms;
}
