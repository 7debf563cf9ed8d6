#!/usr/bin/env bash
# `npm run test:ops` (and the last step of `npm test`): the operations tests in test/ops against real
# parts — nginx (Debian's package, installed when missing), PostgreSQL servers of their own (initdb on
# a free port, so stopping one for the outage test hurts nobody), and server.ts processes of the
# built app. Builds the app when there is no build yet (REBUILD=1: always; `npm test` has just built it).
# Every process the tests start is listed in $OPS_WORK/pids and stopped by the trap below, whatever
# happens.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-check.sh
export NEXT_TELEMETRY_DISABLED=1
[ -d lib/generated/sqlite ] && [ -d lib/generated/postgres ] || bash scripts/generate.sh

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "installing nginx (Debian)"
  $SUDO apt-get update -qq
  # policy-rc.d 101: the package must not start its own server on port 80 here (a policy the
  # machine already has is left as it is).
  own_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    own_policy=1
  fi
  status=0
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null || status=$?
  if [ -n "$own_policy" ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
  [ "$status" -eq 0 ] || exit "$status"
fi
export PATH="$PATH:/usr/sbin"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  SKIP_E2E=1 TEST_PG_URL= bash scripts/ensure-services.sh
fi

if [ ! -f .next/BUILD_ID ] || [ -n "${REBUILD:-}" ]; then
  echo "== next build"
  AUTH_SECRET="$(node -e 'process.stdout.write(require("crypto").randomBytes(48).toString("base64url"))')" npx next build
fi

OPS_WORK="$(mktemp -d "${TMPDIR:-/tmp}/identity-ops-XXXXXX")"
export OPS_WORK
cleanup() {
  local status=$?
  if [ -f "$OPS_WORK/pids" ]; then
    while read -r pid; do kill -TERM "$pid" 2>/dev/null || true; done < "$OPS_WORK/pids"
    sleep 2
    while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done < "$OPS_WORK/pids"
  fi
  if [ "$status" -ne 0 ]; then
    for f in "$OPS_WORK"/*.log; do [ -f "$f" ] && { echo "-- $(basename "$f") (tail)"; tail -n 30 "$f"; }; done
  fi
  rm -rf "$OPS_WORK"
  exit "$status"
}
trap cleanup EXIT INT TERM

echo "== operations tests (nginx, restarts, crashes, database outage, backups; node $(node -v))"
npx vitest run --config test/ops/vitest.config.mts "$@"
