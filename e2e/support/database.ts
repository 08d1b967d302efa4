/**
 * The PostgreSQL database the browser tests run against (scripts/e2e-server.sh recreates, migrates
 * and seeds it), as its owner: tests that need an account or a staff list of their own arrange it
 * here, directly, without disturbing the demo data other tests rely on.
 */
const server = (process.env.E2E_PG_URL ?? "postgres://postgres@127.0.0.1:5432").replace(/\/$/, "");

export const E2E_OWNER_URL = `${server}/${process.env.E2E_DATABASE ?? "serums_e2e"}`;
