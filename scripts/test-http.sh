#!/usr/bin/env bash
# The built app over real HTTP (called by scripts/test-all.sh): builds, sets up a fresh SQLite
# database, starts `next start` and server.ts on two ports over that one database, runs
# test/http/*.http.test.ts against both (HTTP_NEXT_URL, HTTP_FAST_URL), then the Playwright specs
# against server.ts when playwright.config.ts exists. Both servers are always stopped.
# SKIP_BUILD=1 reuses an existing .next build.
set -euo pipefail
cd "$(dirname "$0")/.."
# Node 24 from node_modules (package.json engines), also when this script is run without npm.
export PATH="$PWD/node_modules/.bin:$PATH"
export NEXT_TELEMETRY_DISABLED=1
[ -d lib/generated/sqlite ] && [ -d lib/generated/postgres ] || bash scripts/generate.sh

# Before the build: pages that read settings while prerendering need it in production mode.
export AUTH_SECRET="${HTTP_TEST_AUTH_SECRET:-$(node -e 'process.stdout.write(require("crypto").randomBytes(48).toString("base64url"))')}"

if [ -z "${SKIP_BUILD:-}" ] || [ ! -f .next/BUILD_ID ]; then
  echo "== next build"
  npx next build
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/identity-http-XXXXXX")"
export DATA_DIR="$work/data"
export DATABASE_URL="file:$work/data/identity.db"
export LOG_LEVEL="${LOG_LEVEL:-warn}"
# The tests read codes from the console provider's answers (lib/config.ts refuses it in production otherwise).
export ALLOW_CONSOLE_PROVIDER=true
# Every test reaches both servers from 127.0.0.1 (one address): room for all their registrations.
# test/http/security-contacts.http.test.ts floods from its own loopback address and reads this.
export REGISTER_LIMIT_PER_HOUR_PER_IP="${REGISTER_LIMIT_PER_HOUR_PER_IP:-200}"
# The same for codes: the HTTP files and the Playwright specs send well over a day's 50 from it.
export CODE_DAILY_LIMIT_PER_IP="${CODE_DAILY_LIMIT_PER_IP:-977}"
# The same for the browser forms' captcha (#21 item 5): every spec sends from one address; the
# per-phone threshold stays at its default (e2e/captcha.spec.ts counts on it).
export CODE_CAPTCHA_AFTER_PER_IP="${CODE_CAPTCHA_AFTER_PER_IP:-100000}"
# e2e/oidc.spec.ts receives back-channel logout tokens on a loopback port of its own.
export OIDC_BACKCHANNEL_PRIVATE_ADDRESSES=true
npx tsx scripts/setup.ts

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})'; }
NEXT_PORT="${HTTP_NEXT_PORT:-$(free_port)}"
FAST_PORT="${HTTP_FAST_PORT:-$(free_port)}"
while [ "$FAST_PORT" = "$NEXT_PORT" ]; do FAST_PORT="$(free_port)"; done
# One public URL for both, as behind one load balancer: ThinkSNS+ tokens name it in iss (else each
# server would take the other's tokens as another issuer's). localhost for Chromium (below).
export PUBLIC_URL="http://localhost:$FAST_PORT"

pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    echo "-- next start log (tail)"; tail -n 40 "$work/next.log" 2>/dev/null || true
    echo "-- server.ts log (tail)"; tail -n 40 "$work/fast.log" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

# Started without npx, so the pid is the server's own and the trap can stop it.
NODE_ENV=production node_modules/.bin/next start -p "$NEXT_PORT" -H 127.0.0.1 >"$work/next.log" 2>&1 &
pids+=($!)
NODE_ENV=production PORT="$FAST_PORT" HOST=127.0.0.1 node_modules/.bin/tsx server.ts >"$work/fast.log" 2>&1 &
pids+=($!)

wait_for() {
  local url=$1
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "not answering: $url" >&2
  return 1
}
export HTTP_NEXT_URL="http://127.0.0.1:$NEXT_PORT"
export HTTP_FAST_URL="http://127.0.0.1:$FAST_PORT"
wait_for "$HTTP_NEXT_URL/api/health"
wait_for "$HTTP_FAST_URL/api/health"

echo "== HTTP tests (next start: $HTTP_NEXT_URL, server.ts: $HTTP_FAST_URL)"
# HTTP_TEST_FILTER: only the HTTP test files matching it (vitest filters); SKIP_E2E=1: no Playwright;
# E2E_FILTER: only the Playwright specs matching it.
# SKIP_HTTP=1: only the Playwright specs.
if [ -z "${SKIP_HTTP:-}" ]; then npx vitest run --config vitest.http.config.mts ${HTTP_TEST_FILTER:-}; fi

if [ -f playwright.config.ts ] && [ -z "${SKIP_E2E:-}" ]; then
  echo "== Playwright (server.ts)"
  # localhost, not 127.0.0.1: Chromium keeps Secure cookies on http://localhost (playwright.config.ts).
  E2E_BASE_URL="http://localhost:$FAST_PORT" E2E_DATABASE_URL="$DATABASE_URL" npx playwright test ${E2E_FILTER:-}
fi
