#!/usr/bin/env bash
# The whole test suite: pure and database tests on the embedded PGlite, the database tests again on
# a real PostgreSQL server, then the browser tests in Chromium against a production build: all of
# them on PostgreSQL, then the sign-in and consent specs again on the zero-setup embedded database.
# Last, a newcomer's flows on `npm run dev` itself (next dev on a fresh embedded database, with
# React's development checks): signing in, consent, a patient's report, and the alert dialogs.
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

echo "== End-to-end tests in Chromium (production build, embedded PGlite)"
E2E_DB=pglite E2E_SKIP_BUILD=1 npx playwright test e2e/sign-in.spec.ts e2e/consent.spec.ts

# Specs that use only the demo data: the tests cannot reach the embedded database to arrange
# anything in it.
NEWCOMER_SPECS=(e2e/sign-in.spec.ts e2e/consent.spec.ts e2e/report-advice.spec.ts e2e/dev-mailbox.spec.ts
  e2e/alert-dialogs.spec.ts)
echo "== End-to-end tests in Chromium (npm run dev: next dev, embedded PGlite): ${NEWCOMER_SPECS[*]}"
started=${SECONDS}
# One worker: `next dev` compiles each page on its first request. With two workers, the alert
# dialogs' focus check failed while the server compiled a page for the other worker's test, and
# passed alone; one worker is also faster here (no two tests waiting on one compiler).
E2E_MODE=dev E2E_DB=pglite npx playwright test --workers=1 "${NEWCOMER_SPECS[@]}"
echo "== The npm run dev stage took $((SECONDS - started)) s"
