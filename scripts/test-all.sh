#!/usr/bin/env bash
# The whole test suite: pure and database tests on the embedded PGlite, the database tests again on
# a real PostgreSQL server, then the browser tests in Chromium against a production build: all of
# them on PostgreSQL, then the sign-in and consent specs again on the zero-setup embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."

export TEST_PG_ADMIN_URL="${TEST_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

echo "== Lint and types"
npx biome check .
npx tsc --noEmit -p .

echo "== Unit and database tests on embedded PGlite"
TEST_DB=pglite npx vitest run

echo "== Database tests on PostgreSQL (${TEST_PG_ADMIN_URL%%\?*})"
TEST_DB=postgres npx vitest run tests

echo "== End-to-end tests in Chromium (PostgreSQL)"
E2E_DB=postgres npx playwright test

echo "== End-to-end tests in Chromium (embedded PGlite, as npm run dev starts it)"
E2E_DB=pglite E2E_SKIP_BUILD=1 npx playwright test e2e/sign-in.spec.ts e2e/consent.spec.ts
