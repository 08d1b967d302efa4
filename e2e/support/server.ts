/**
 * Which server the browser tests run against (scripts/e2e-server.sh): a production build, or with
 * E2E_MODE=dev `npm run dev`, which compiles each page, route and server action on its first
 * request: tens of seconds each on a busy 2-core machine, the patient's record close to a minute.
 */
export const DEV_SERVER = process.env.E2E_MODE === "dev";

/** Room for one first compile on `next dev`. */
export const FIRST_COMPILE_MS = 90_000;

/** A wait of `ms` on a production build; on `next dev`, also room for a first compile. */
export const allowing = (ms: number) => (DEV_SERVER ? ms + FIRST_COMPILE_MS : ms);

/**
 * The loopback port of the SMTP server the e2e server sends notifications to (its SMTP_URL,
 * scripts/e2e-server.sh); e2e/alert-loop.spec.ts listens there. Away from the app's port, so two
 * runs with their own E2E_PORT do not share it.
 */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 20_000);
