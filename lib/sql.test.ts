// lib/sql.ts against the real database of the run (SQLite file, or PostgreSQL with
// TEST_DATABASE=postgres): what it writes Prisma reads back unchanged and the other way round, in a
// time zone other than UTC, and on SQLite it never runs inside another request's open transaction.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { db, sql } from './db'
import { fromSqlDate, numbered, sqlDate } from './sql'
import { makeUser } from '../test/factories'

const zone = process.env.TZ
beforeAll(() => {
  // Node re-reads TZ when it is set: a driver that formats dates in local time would shift by 8 h.
  process.env.TZ = 'Asia/Shanghai'
})
afterAll(() => {
  process.env.TZ = zone
})

describe('plain SQL beside Prisma', () => {
  it('writes dates Prisma reads back as the same instant', async () => {
    const { user } = await makeUser()
    const q = await sql()
    const at = new Date('2026-03-04T05:06:07.089Z')
    await q.run('INSERT INTO "AuditEvent" ("kind", "userId", "createdAt") VALUES (?, ?, ?)', ['user.updated', user.id, sqlDate(q, at)])
    const row = await db().auditEvent.findFirstOrThrow({ where: { userId: user.id, kind: 'user.updated' } })
    expect(row.createdAt.toISOString()).toBe('2026-03-04T05:06:07.089Z')
    // Prisma's own range query over the value we wrote (the text format must compare as Prisma's).
    expect(
      await db().auditEvent.count({
        where: { userId: user.id, createdAt: { gt: new Date('2026-03-04T05:06:07.088Z'), lt: new Date('2026-03-04T05:06:07.090Z') } },
      }),
    ).toBe(1)
  })

  it('reads dates Prisma wrote as the same instant', async () => {
    const { user } = await makeUser()
    const expiresAt = new Date('2030-12-31T23:59:58.123Z')
    const s = await db().session.create({ data: { id: `s-${user.id}`, userId: user.id, client: 'flask', expiresAt } })
    const q = await sql()
    const row = await q.one<{ expiresAt: string; userId: number; revokedAt: string | null }>(
      'SELECT "expiresAt", "userId", "revokedAt" FROM "Session" WHERE "id" = ?',
      [s.id],
    )
    expect(fromSqlDate(row!.expiresAt)!.toISOString()).toBe('2030-12-31T23:59:58.123Z')
    expect(row!.userId).toBe(user.id)
    expect(row!.revokedAt).toBeNull()
  })

  it('counts the rows a write changed, and none for a missing row', async () => {
    const { user } = await makeUser()
    await db().session.create({ data: { id: `c-${user.id}`, userId: user.id, client: 'hyperf', expiresAt: new Date(Date.now() + 60_000) } })
    const q = await sql()
    expect(await q.run('UPDATE "Session" SET "currentJti" = ? WHERE "id" = ? AND "revokedAt" IS NULL', ['j1', `c-${user.id}`])).toBe(1)
    expect(await q.run('UPDATE "Session" SET "currentJti" = ? WHERE "id" = ? AND "revokedAt" IS NULL', ['j1', 'nobody'])).toBe(0)
    expect((await db().session.findUniqueOrThrow({ where: { id: `c-${user.id}` } })).currentJti).toBe('j1')
  })

  it('waits for an open Prisma transaction instead of joining it (its rollback does not take our write)', async () => {
    const { user } = await makeUser()
    const q = await sql()
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const tx = db()
      .$transaction(async (t) => {
        await t.auditEvent.create({ data: { kind: 'admin.action', userId: user.id } })
        await held
        throw new Error('roll back')
      })
      .catch((e: Error) => e.message)
    await new Promise((r) => setTimeout(r, 50))
    const write = q.run('INSERT INTO "AuditEvent" ("kind", "userId", "createdAt") VALUES (?, ?, ?)', ['user.enabled', user.id, sqlDate(q, new Date())])
    release()
    expect(await tx).toBe('roll back')
    expect(await write).toBe(1)
    const kinds = (await db().auditEvent.findMany({ where: { userId: user.id, kind: { in: ['admin.action', 'user.enabled'] } } })).map((e) => e.kind)
    expect(kinds).toEqual(['user.enabled'])
  })
})

describe("two copies of lib/db.ts (server.ts: the fast path and Next's bundle)", () => {
  it('finds the executor of the client the other copy made', async () => {
    const client = db()
    vi.resetModules()
    const other = await import('./db')
    expect(other.db()).toBe(client) // one client per process, through globalThis
    const q = await other.sql()
    expect(await q.one<{ one: number }>('SELECT 1 AS "one"')).toEqual({ one: 1 })
  })
})

describe('fromSqlDate and numbered', () => {
  it("reads each provider's text forms as UTC", () => {
    expect(fromSqlDate('2026-11-23T09:06:12.898+00:00')!.toISOString()).toBe('2026-11-23T09:06:12.898Z')
    expect(fromSqlDate('2026-11-23 09:06:12.898')!.toISOString()).toBe('2026-11-23T09:06:12.898Z')
    expect(fromSqlDate('2026-11-23 09:06:12')!.toISOString()).toBe('2026-11-23T09:06:12.000Z')
    expect(fromSqlDate(null)).toBeNull()
  })

  it('numbers placeholders for PostgreSQL', () => {
    expect(numbered('UPDATE "S" SET "a" = ? WHERE "id" = ? AND "b" = ?')).toBe('UPDATE "S" SET "a" = $1 WHERE "id" = $2 AND "b" = $3')
  })
})
