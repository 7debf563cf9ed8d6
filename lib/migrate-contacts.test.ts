// Migration 0003_contact_verification on a database that already has users (#21 item 7): rows from
// before it keep code sign-in (their contacts are marked proved as of their creation), except an
// email given to Flask's register here, which nobody proved. Run on the test's provider.
import { describe, expect, it } from 'vitest'
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { config } from './config'
import { migrate } from './migrate'
import type { DatabaseTarget } from './db-url'

const ROOT = path.resolve(__dirname, '..')
const BEFORE = '0001_init'

/** A project root whose migrations stop at `upTo` (inclusive), for migrating in two steps. */
function rootWith(dir: string, upTo: string | null): string {
  const root = path.join(dir, upTo ?? 'all')
  for (const sub of ['migrations', 'postgres/migrations']) {
    const from = path.join(ROOT, 'prisma', sub)
    const to = path.join(root, 'prisma', sub)
    mkdirSync(to, { recursive: true })
    cpSync(from, to, { recursive: true, filter: (src) => upTo === null || path.relative(from, src).split(path.sep)[0] <= upTo })
  }
  return root
}

type Run = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>

async function withDatabase(fn: (target: DatabaseTarget, run: Run) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'migrate-contacts-'))
  try {
    const main = config().database
    if (main.provider === 'sqlite') {
      const file = path.join(dir, 'm.db')
      const { default: Database } = await import('better-sqlite3')
      const run: Run = async (sql, params = []) => {
        const db = new Database(file)
        try {
          const st = db.prepare(sql)
          return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), [])
        } finally {
          db.close()
        }
      }
      await fn({ provider: 'sqlite', url: `file:${file}`, file }, run)
    } else {
      const { default: pg } = await import('pg')
      const name = `m_${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: main.url })
      await admin.connect()
      await admin.query(`CREATE DATABASE ${name}`)
      const u = new URL(main.url)
      u.pathname = `/${name}`
      const client = new pg.Client({ connectionString: u.toString() })
      try {
        await client.connect()
        let n = 0
        const run: Run = async (sql, params = []) =>
          (
            await client.query(
              sql.replace(/\?/g, () => `$${++n}`),
              params,
            )
          ).rows
        await fn({ provider: 'postgresql', url: u.toString() }, async (sql, params) => {
          n = 0
          return run(sql, params)
        })
      } finally {
        await client.end()
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await admin.end()
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('migration 0003_contact_verification', () => {
  it('marks existing contacts proved as of creation, except emails given to Flask register', async () => {
    await withDatabase(async (target, run) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'migrate-roots-'))
      try {
        expect(await migrate(target, rootWith(dir, BEFORE))).toEqual([BEFORE])
        const created = '2024-05-01 08:00:00'
        const insert = 'INSERT INTO "User" ("uuid", "name", "nameKey", "email", "phone", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)'
        await run(insert, ['u1', 'legacy', 'legacy', 'legacy@example.com', '13900000001', created, created])
        await run(insert, ['u2', 'flasky', 'flasky', 'flask@example.com', null, created, created])
        await run(insert, ['u3', 'nocontact', 'nocontact', null, null, created, created])
        const [{ id: flaskId }] = await run('SELECT "id" FROM "User" WHERE "name" = ?', ['flasky'])
        await run('INSERT INTO "AuditEvent" ("kind", "userId", "client") VALUES (?, ?, ?)', ['user.registered', flaskId, 'flask'])

        expect(await migrate(target, rootWith(dir, null))).toContain('0003_contact_verification')
        const rows = await run('SELECT "name", "emailVerifiedAt", "phoneVerifiedAt", "createdAt" FROM "User" ORDER BY "id"')
        const by = Object.fromEntries(rows.map((r) => [r.name as string, r]))
        const same = (a: unknown, b: unknown) =>
          expect(new Date(String(a instanceof Date ? a.toISOString() : a)).getTime()).toBe(new Date(String(b instanceof Date ? b.toISOString() : b)).getTime())
        same(by.legacy.emailVerifiedAt, by.legacy.createdAt)
        same(by.legacy.phoneVerifiedAt, by.legacy.createdAt)
        expect(by.flasky.emailVerifiedAt).toBeNull()
        expect(by.nocontact.emailVerifiedAt).toBeNull()
        expect(by.nocontact.phoneVerifiedAt).toBeNull()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  })
})
