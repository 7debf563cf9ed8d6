#!/usr/bin/env bash
# Sets up the database, builds once if needed, and serves on $PORT (default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
[ -d lib/generated/sqlite ] && [ -d lib/generated/postgres ] || bash scripts/generate.sh
npx tsx scripts/setup.ts
if [ ! -f .next/BUILD_ID ] || [ -n "${REBUILD:-}" ]; then npx next build; fi
exec npx next start -p "${PORT:-3000}" -H "${HOST:-0.0.0.0}"
