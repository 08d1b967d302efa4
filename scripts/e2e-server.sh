#!/usr/bin/env bash
# Starts the server the browser tests run against (started by playwright.config.ts).
#
#   E2E_MODE=build    (the default) a production build: `next build`, then `next start`.
#   E2E_MODE=dev      `npm run dev` itself: scripts/prepare-dev.ts creates, migrates and seeds a fresh
#                     embedded PGlite database, then `next dev` compiles each page on its first visit,
#                     with React's development checks (StrictMode). Always on PGlite, with the
#                     development keys under .data/, as a newcomer's first start.
#   E2E_DB=postgres   (the default with E2E_MODE=build) recreate database E2E_DATABASE on the local
#                     PostgreSQL server, migrate and seed it as the owner, and run the app as the
#                     runtime role serums_web.
#   E2E_DB=pglite     a fresh embedded PGlite database in E2E_PGLITE_DIR, migrated and seeded by the
#                     app itself on its first start, as `npm run dev` does. Only the specs that
#                     arrange nothing in the database can run against it (scripts/test-all.sh).
#   E2E_SKIP_BUILD=1  reuse the existing .next build instead of running `next build`.
#   E2E_PORT          port to listen on (default 3100).
#   E2E_PG_URL        PostgreSQL server as a superuser, without a database
#                     (default postgres://postgres@127.0.0.1:5432).
#   E2E_DATABASE      the PostgreSQL database to recreate (default serums_e2e).
#   E2E_PGLITE_DIR    the embedded database's directory (default .data/e2e-pglite); emptied first.
#   E2E_SMTP_PORT     (build mode) the loopback port notifications are emailed to, where
#                     e2e/alert-loop.spec.ts runs an SMTP server (default E2E_PORT + 20000); the
#                     worker runs in the app and looks for due notifications every
#                     E2E_NOTIFY_INTERVAL_MS (default 500).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${E2E_PORT:-3100}"
PG_URL="${E2E_PG_URL:-postgres://postgres@127.0.0.1:5432}"
PG_URL="${PG_URL%/}"
# E2E_DATABASE and E2E_PGLITE_DIR let two runs on one machine use separate databases.
E2E_DATABASE="${E2E_DATABASE:-serums_e2e}"
MODE="${E2E_MODE:-build}"

say() { echo "[e2e-server] $*"; }

export NEXT_TELEMETRY_DISABLED=1
# The sessions' cookies and redirects name the port the tests use.
export NEXTAUTH_URL="http://localhost:${PORT}"
unset AUTH_SECRET NEXTAUTH_SECRET MFA_ENCRYPTION_KEY DATABASE_URL SIGNIN_DATABASE_URL DATABASE_ADMIN_URL PGLITE_DIR

if [[ "${MODE}" == "dev" ]]; then
  if [[ "${E2E_DB:-pglite}" != "pglite" ]]; then
    say "E2E_MODE=dev runs on the embedded PGlite database, as npm run dev does; unset E2E_DB" >&2
    exit 1
  fi
  # Nothing else of the tests' environment: no keys (the development ones under .data/ are made on
  # first use) and no NODE_ENV (next dev sets it).
  unset NODE_ENV
  export PGLITE_DIR="${E2E_PGLITE_DIR:-${PWD}/.data/e2e-pglite}"
  rm -rf "${PGLITE_DIR}"
  # An empty development mailbox beside it, so what /dev/mailbox shows was sent in this run.
  export DEV_MAILBOX_FILE="${PGLITE_DIR}-mailbox.jsonl"
  rm -f "${DEV_MAILBOX_FILE}"
  export PORT
  say "database: fresh embedded PGlite in ${PGLITE_DIR}"
  say "starting npm run dev on port ${PORT}"
  exec npm run dev
elif [[ "${MODE}" != "build" ]]; then
  say "E2E_MODE must be build or dev, not ${MODE}" >&2
  exit 1
fi

export NODE_ENV=production
# The notification worker runs in the app, quickly, and emails a loopback SMTP server of the tests'
# own; while none listens there, messages wait in the outbox and are retried.
export SMTP_URL="smtp://127.0.0.1:${E2E_SMTP_PORT:-$((PORT + 20000))}"
export NOTIFY_INTERVAL_MS="${E2E_NOTIFY_INTERVAL_MS:-500}"
unset NOTIFY_WORKER
# A fixed key for signing the test sessions' cookies; never used outside these tests.
export NEXTAUTH_SECRET="${E2E_NEXTAUTH_SECRET:-e2e-only-secret-not-for-production-0123456789abcdef}"
# A fixed key for the TOTP secrets the seed encrypts (the seed and the app must share it); tests only.
export MFA_ENCRYPTION_KEY="${E2E_MFA_ENCRYPTION_KEY:-ZTJlLW9ubHktbWZhLWtleS1ub3QtZm9yLXByb2R1Y3Q=}"

if [[ "${E2E_DB:-postgres}" == "postgres" ]]; then
  say "recreating database ${E2E_DATABASE} on ${PG_URL}"
  # postgres.js is a dependency of the app, so this needs no psql on the machine.
  E2E_PG_URL="${PG_URL}/postgres" E2E_DATABASE="${E2E_DATABASE}" node -e '
    const postgres = require("postgres");
    const sql = postgres(process.env.E2E_PG_URL, { max: 1, onnotice: () => {} });
    const name = process.env.E2E_DATABASE;
    (async () => {
      await sql.unsafe(`drop database if exists ${name} with (force)`);
      await sql.unsafe(`create database ${name}`);
      await sql.end({ timeout: 5 });
    })().catch((error) => { console.error(error.message); process.exit(1); });
  '
  say "migrating and seeding ${E2E_DATABASE} as the owner"
  DATABASE_ADMIN_URL="${PG_URL}/${E2E_DATABASE}" npx tsx --conditions=react-server scripts/db.ts seed
  # The runtime role, exactly as production connects (refused at start-up if it could bypass RLS).
  RUNTIME_URL="$(node -e '
    const u = new URL(process.argv[1]);
    u.username = "serums_web";
    u.password = "";
    u.pathname = "/" + process.argv[2];
    console.log(u.toString());
  ' "${PG_URL}" "${E2E_DATABASE}")"
  export DATABASE_URL="${RUNTIME_URL}"
  say "database: PostgreSQL ${DATABASE_URL}"
else
  export PGLITE_DIR="${E2E_PGLITE_DIR:-${PWD}/.data/e2e-pglite}"
  rm -rf "${PGLITE_DIR}"
  say "database: fresh embedded PGlite in ${PGLITE_DIR}"
fi

if [[ "${E2E_SKIP_BUILD:-}" == "1" && -f .next/BUILD_ID ]]; then
  say "E2E_SKIP_BUILD=1: reusing the existing build ($(cat .next/BUILD_ID))"
else
  say "building (next build)"
  npx next build
fi

say "starting next start on port ${PORT}"
exec npx next start --port "${PORT}"
