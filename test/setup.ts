// Per test file: a fresh database (a new SQLite file, or a new PostgreSQL database when
// TEST_DATABASE=postgres), migrated, with the base roles; fixed secrets; the console providers.
import { afterAll } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'

const dir = mkdtempSync(path.join(os.tmpdir(), 'identity-test-'))
const usePg = process.env.TEST_DATABASE === 'postgres'
const pgAdminUrl = process.env.TEST_PG_URL ?? 'postgres://identity:identity@127.0.0.1:5432/postgres'
const pgName = `t_${randomBytes(6).toString('hex')}`

;(process.env as Record<string, string>).NODE_ENV = 'test'
process.env.DATA_DIR = dir
process.env.AUTH_SECRET ??= 'test-secret-0123456789-0123456789-0123456789'
process.env.LOG_LEVEL ??= 'silent'
process.env.SESSION_CACHE_MS ??= '0'

if (usePg) {
  const { default: pg } = await import('pg')
  const admin = new pg.Client({ connectionString: pgAdminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${pgName}`)
  await admin.end()
  const u = new URL(pgAdminUrl)
  u.pathname = `/${pgName}`
  process.env.DATABASE_URL = u.toString()
} else {
  process.env.DATABASE_URL = `file:${path.join(dir, 'test.db')}`
}

const { config } = await import('../lib/config')
const { migrate } = await import('../lib/migrate')
await migrate(config().database, path.resolve(__dirname, '..'))
const { ensureBaseRoles } = await import('../lib/core/roles')
await ensureBaseRoles()
// Every endpoint bound to its definition, whichever handlers this file calls (lib/dialects/contract.ts).
await import('../lib/dialects')
await import('../lib/http/standards/endpoints')

afterAll(async () => {
  // Every answer an endpoint gave in this file held to its definition (lib/dialects/contract.ts).
  const { contractRegistry } = await import('../lib/dialects/contract')
  const { violations } = contractRegistry()
  if (violations.length) throw new Error(`answers outside their endpoint's definition:\n${[...new Set(violations)].join('\n')}`)
  // What each endpoint answered, for scripts/endpoint-coverage.ts (run by scripts/test-all.sh).
  const coverageDir = process.env.ENDPOINT_COVERAGE_DIR
  if (coverageDir) {
    const { writeFileSync } = await import('node:fs')
    writeFileSync(path.join(coverageDir, `${randomBytes(6).toString('hex')}.json`), JSON.stringify(contractRegistry().seen))
  }
  const { db } = await import('../lib/db')
  await db().$disconnect()
  if (usePg) {
    const { default: pg } = await import('pg')
    const admin = new pg.Client({ connectionString: pgAdminUrl })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`)
    await admin.end()
  }
  rmSync(dir, { recursive: true, force: true })
})
