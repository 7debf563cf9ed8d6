#!/usr/bin/env bash
# The whole test suite (README's second command): type check, lint, unit and handler tests on SQLite and
# on PostgreSQL, then the built app over real HTTP, then Playwright in Debian's Chromium, then the
# operations tests (nginx, restarts, crashes, a database outage, backups: scripts/test-ops.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-check.sh
export NEXT_TELEMETRY_DISABLED=1

bash scripts/ensure-services.sh
export TEST_PG_URL="${TEST_PG_URL:-postgres://identity:identity@127.0.0.1:5432/postgres}"
[ -d lib/generated/sqlite ] && [ -d lib/generated/postgres ] || bash scripts/generate.sh

echo "== typecheck"
npx tsc --noEmit

echo "== lint (ESLint, Prettier, knip: unused files, exports and dependencies)"
npm run lint

echo "== unit and handler tests (SQLite)"
coverage_dir="$(mktemp -d "${TMPDIR:-/tmp}/endpoint-coverage-XXXXXX")"
ENDPOINT_COVERAGE_DIR="$coverage_dir" npx vitest run

echo "== every error an endpoint lists was answered by a test"
NODE_ENV=test DATA_DIR="$coverage_dir/data" AUTH_SECRET=endpoint-coverage-0123456789-0123456789 npx tsx scripts/endpoint-coverage.ts "$coverage_dir"
rm -rf "$coverage_dir"

echo "== unit and handler tests (PostgreSQL)"
TEST_DATABASE=postgres npx vitest run

if [ -f scripts/test-http.sh ]; then
  echo "== built app over HTTP"
  bash scripts/test-http.sh
fi

echo "== operations: nginx, restarts, crashes, database outage, backups (test/ops)"
# After test-http.sh: its build is reused.
bash scripts/test-ops.sh
