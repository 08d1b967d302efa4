/**
 * Which server the browser tests run against (scripts/e2e-server.sh): a production build, or with
 * E2E_MODE=dev `npm run dev`, which compiles each page, route and server action on its first
 * request (tens of seconds each on a small machine).
 */
export const DEV_SERVER = process.env.E2E_MODE === "dev";

/** A wait of `ms` on a production build; on `next dev`, also room for a first compile. */
export const allowing = (ms: number) => (DEV_SERVER ? ms + 45_000 : ms);
