#!/usr/bin/env bash
# `npm start`: sets up the database, builds once if needed, and serves on $PORT (default 3000)
# through server.ts (the fast API path in front of Next, SPEC §9).
# REBUILD=1 forces a build; START_WITH=next serves with plain `next start` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-check.sh
export NEXT_TELEMETRY_DISABLED=1
[ -d lib/generated/sqlite ] && [ -d lib/generated/postgres ] || bash scripts/generate.sh

# Set-up runs in development mode, so without AUTH_SECRET it generates the embedded default's
# secret once into $DATA_DIR/auth-secret (lib/config.ts). The server runs in production mode, which
# requires AUTH_SECRET: on the embedded default, hand it that same generated secret.
npx tsx scripts/setup.ts
if [ -z "${AUTH_SECRET:-}" ]; then
  secret_file="${DATA_DIR:-./data}/auth-secret"
  if [ -s "$secret_file" ]; then
    AUTH_SECRET="$(tr -d '\n' < "$secret_file")"
    export AUTH_SECRET
    echo "AUTH_SECRET not set: using the generated secret in $secret_file"
  fi
fi

if [ ! -f .next/BUILD_ID ] || [ -n "${REBUILD:-}" ]; then npx next build; fi

export NODE_ENV=production
# The try-it default: with no SMS or mail provider chosen, codes go to the console provider, which the
# production server refuses unless ALLOW_CONSOLE_PROVIDER=true (its codes appear in API answers).
# A deployment chooses real providers (docs/providers.md); this command allows the console one only
# when none was chosen, and says so.
if [ -z "${SMS_PROVIDER:-}" ] && [ -z "${MAIL_PROVIDER:-}" ] && [ -z "${ALLOW_CONSOLE_PROVIDER:-}" ]; then
  export ALLOW_CONSOLE_PROVIDER=true
  echo "WARNING: no SMS_PROVIDER or MAIL_PROVIDER set: using the console provider, which shows codes in API answers."
  echo "         For a deployment choose real providers (docs/providers.md); see README, Production."
fi
# exec, without npx: the server itself gets the supervisor's SIGTERM (and drains, server.ts), rather
# than an npx in between that exits and leaves it running.
if [ "${START_WITH:-}" = "next" ]; then
  exec node_modules/.bin/next start -p "${PORT:-3000}" -H "${HOST:-0.0.0.0}"
fi
exec node_modules/.bin/tsx server.ts
