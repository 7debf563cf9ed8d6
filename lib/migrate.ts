// Applies the committed SQL migrations (prisma/migrations for SQLite, prisma/postgres/migrations
// for PostgreSQL) in order, once each, recorded in _identity_migrations. Prisma's own
// `migrate deploy` is not used at run time: through @prisma/adapter-pg its JS schema engine fails
// on PostgreSQL's `name` column type (prisma/prisma#27403). On PostgreSQL an advisory lock lets
// several instances start at once; each migration runs in its own transaction. After them, users
// without a name skeleton (rows from before 0002, or written by a legacy import) get one.
import { readdirSync, readFileSync, existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import type { DatabaseTarget } from './db-url'
import { nameSkeleton } from './core/fields'

const LOCK_ID = 724_118_301

function migrationsDir(target: DatabaseTarget, root: string): string {
  return path.join(root, 'prisma', target.provider === 'postgresql' ? 'postgres/migrations' : 'migrations')
}

function listMigrations(dir: string): { name: string; sql: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') }))
}

export async function migrate(target: DatabaseTarget, root = process.cwd()): Promise<string[]> {
  const migrations = listMigrations(migrationsDir(target, root))
  return target.provider === 'postgresql' ? migratePostgres(target.url, migrations) : migrateSqlite(target.file, migrations)
}

async function migrateSqlite(file: string, migrations: { name: string; sql: string }[]): Promise<string[]> {
  const { default: Database } = await import('better-sqlite3')
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new Database(file, { timeout: 10_000 })
  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.exec('CREATE TABLE IF NOT EXISTS _identity_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)')
    const applied: string[] = []
    for (const m of migrations) {
      // BEGIN IMMEDIATE takes the write lock first, so two processes never apply one migration twice.
      const run = sqlite.transaction(() => {
        if (sqlite.prepare('SELECT 1 FROM _identity_migrations WHERE name = ?').get(m.name)) return false
        sqlite.exec(m.sql)
        sqlite.prepare('INSERT INTO _identity_migrations (name, applied_at) VALUES (?, ?)').run(m.name, new Date().toISOString())
        return true
      })
      if (run.immediate()) applied.push(m.name)
    }
    if (!hasSkeletonColumn(migrations)) return applied
    const rows = sqlite.prepare('SELECT "id", "name" FROM "User" WHERE "nameSkeleton" IS NULL ORDER BY "id"').all() as { id: number; name: string }[]
    const fill = sqlite.prepare(
      'UPDATE "User" SET "nameSkeleton" = ? WHERE "id" = ? AND "nameSkeleton" IS NULL AND NOT EXISTS (SELECT 1 FROM "User" WHERE "nameSkeleton" = ?)',
    )
    sqlite.transaction(() => rows.forEach((r) => fill.run(nameSkeleton(r.name), r.id, nameSkeleton(r.name)))).immediate()
    return applied
  } finally {
    sqlite.close()
  }
}

/** The back-fill needs the column: not when the migrations given stop before it (a test migrating in steps). */
const hasSkeletonColumn = (migrations: { name: string }[]) => migrations.some((m) => m.name === '0002_name_skeleton')

async function migratePostgres(url: string, migrations: { name: string; sql: string }[]): Promise<string[]> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID])
    await client.query('CREATE TABLE IF NOT EXISTS _identity_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())')
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM _identity_migrations')).rows.map((r) => r.name))
    const applied: string[] = []
    for (const m of migrations) {
      if (done.has(m.name)) continue
      await client.query('BEGIN')
      try {
        await client.query(m.sql)
        await client.query('INSERT INTO _identity_migrations (name) VALUES ($1)', [m.name])
        await client.query('COMMIT')
      } catch (e) {
        await client.query('ROLLBACK')
        throw new Error(`migration ${m.name} failed: ${(e as Error).message}`)
      }
      applied.push(m.name)
    }
    if (!hasSkeletonColumn(migrations)) return applied
    // Still under the advisory lock: one instance fills, in id order, so the older of two confusable names keeps the skeleton.
    const rows = (await client.query<{ id: number; name: string }>('SELECT "id", "name" FROM "User" WHERE "nameSkeleton" IS NULL ORDER BY "id"')).rows
    for (const r of rows) {
      await client
        .query(
          'UPDATE "User" SET "nameSkeleton" = $1 WHERE "id" = $2 AND "nameSkeleton" IS NULL AND NOT EXISTS (SELECT 1 FROM "User" WHERE "nameSkeleton" = $1)',
          [nameSkeleton(r.name), r.id],
        )
        // 23505: a user registered meanwhile took this skeleton; the old row keeps working without one.
        .catch((e: { code?: string }) => {
          if (e.code !== '23505') throw e
        })
    }
    return applied
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => {})
    await client.end()
  }
}
