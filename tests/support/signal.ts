/**
 * A promise that one transaction waits on until another resolves it: how the concurrency tests
 * make two transactions really overlap (the first holds its locks until the second is waiting).
 */
export function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
