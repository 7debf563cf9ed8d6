#!/usr/bin/env bash
# The app for Playwright when no E2E_BASE_URL is given: set up the database named by DATABASE_URL,
# build when the build is missing or older than the sources, then `next start` on $PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
[ -d lib/generated/sqlite ] && [ -d lib/generated/postgres ] || bash scripts/generate.sh
npx tsx scripts/setup.ts
if [ ! -f .next/BUILD_ID ] || [ -n "$(find app lib components next.config.ts -newer .next/BUILD_ID -type f -print -quit 2>/dev/null)" ]; then
  npx next build >&2
fi
# Playwright reads codes from the console provider (refused in production without this).
export ALLOW_CONSOLE_PROVIDER=true
exec npx next start -p "${PORT:-3200}"
