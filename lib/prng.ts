/**
 * mulberry32: a small, fast, seedable pseudo-random generator (not for secrets). The same seed gives
 * the same sequence, so demo data, the scale seed and randomised tests can be reproduced.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
