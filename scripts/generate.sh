#!/usr/bin/env bash
# Generates both Prisma clients (SQLite and PostgreSQL) from prisma/schema.prisma.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/prisma-schemas.mjs
npx prisma generate --schema prisma/schema.prisma >/dev/null
npx prisma generate --schema prisma/postgres/schema.prisma >/dev/null
echo "prisma clients generated (sqlite, postgres)"
