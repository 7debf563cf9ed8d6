// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (the SQLite one), so the two
// providers share one source of models. Run by `npm run db:generate`; the output is committed.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'

const source = readFileSync('prisma/schema.prisma', 'utf8')
const pg = source
  .replace(
    '// The one schema of the identity core.',
    '// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.mjs: do not edit.\n// The one schema of the identity core.',
  )
  .replace('output     = "../lib/generated/sqlite"', 'output     = "../../lib/generated/postgres"')
  .replace('provider = "sqlite"', 'provider = "postgresql"')
  .replace('url      = "file:./dev.db"', 'url      = "postgresql://localhost/identity"')
mkdirSync('prisma/postgres', { recursive: true })
writeFileSync('prisma/postgres/schema.prisma', pg)
