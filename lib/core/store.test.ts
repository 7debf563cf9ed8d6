// Each statement of store.ts answers the same through its plain-SQL path and its Prisma path (the
// one taken inside a transaction), on the database of the run (SQLite, or PostgreSQL with
// TEST_DATABASE=postgres), in a time zone other than UTC so a date written in local time would show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db, type Tx } from '../db'
import type { Session } from '../generated/sqlite/client'
import { makeUser } from '../../test/factories'
import {
  countLimitHit,
  findSession,
  findUserBy,
  insertAudit,
  insertLimitCounter,
  insertSession,
  limitWindowStart,
  recordUserSignIn,
  restartLimitWindow,
  rolesOfUser,
  swapCurrentJti,
} from './store'

const zone = process.env.TZ
beforeAll(() => {
  process.env.TZ = 'Asia/Shanghai'
})
afterAll(() => {
  process.env.TZ = zone
})

/** Runs `fn` once on the plain-SQL path and once inside a Prisma transaction. */
const paths: [string, <T>(fn: (tx?: Tx) => Promise<T>) => Promise<T>][] = [
  ['plain SQL', (fn) => fn()],
  ['Prisma, in a transaction', (fn) => db().$transaction((tx) => fn(tx))],
]

const session = (id: string, userId: number): Session => ({
  id,
  userId,
  client: 'hyperf',
  clientGroup: 'app',
  ip: '10.0.0.1',
  userAgent: 'ua',
  createdAt: new Date('2026-03-04T05:06:07.089Z'),
  lastUsedAt: new Date('2026-03-04T05:06:07.089Z'),
  expiresAt: new Date('2030-12-31T23:59:58.123Z'),
  authAt: new Date(),
  currentJti: null,
  revokedAt: null,
  revokeReason: null,
})

describe.each(paths)('store statements: %s', (name, run) => {
  const tag = name.startsWith('plain') ? 'sql' : 'tx'

  it('writes a session both paths read back unchanged, and swaps its jti conditionally', async () => {
    const { user } = await makeUser()
    const s = session(`s-${tag}-${user.id}`, user.id)
    await run((tx) => insertSession(s, tx))
    for (const [, read] of paths) expect(await read((tx) => findSession(s.id, tx))).toEqual(s)
    expect(await db().session.findUniqueOrThrow({ where: { id: s.id } })).toEqual(s)
    expect(await run((tx) => findSession('nobody', tx))).toBeNull()

    const at = new Date('2026-05-06T07:08:09.010Z')
    expect(await run((tx) => swapCurrentJti(s.id, null, 'j1', at, tx))).toBe(true)
    expect(await run((tx) => swapCurrentJti(s.id, 'not-j1', 'j2', at, tx))).toBe(false)
    expect(await run((tx) => swapCurrentJti(s.id, 'j1', 'j2', at, tx))).toBe(true)
    expect(await db().session.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ currentJti: 'j2', lastUsedAt: at })
    await db().session.update({ where: { id: s.id }, data: { revokedAt: new Date() } })
    expect(await run((tx) => swapCurrentJti(s.id, null, 'j3', at, tx))).toBe(false)
  })

  it('reads a user by each unique column as Prisma does, and records a sign-in', async () => {
    const { user } = await makeUser()
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } })
    for (const [column, value] of [
      ['id', row.id],
      ['uuid', row.uuid],
      ['nameKey', row.nameKey],
      ['phone', row.phone],
      ['email', row.email],
    ] as const) {
      if (value === null) continue
      expect(await run((tx) => findUserBy(column, value, tx))).toEqual(row)
    }
    expect(await run((tx) => findUserBy('uuid', 'nobody', tx))).toBeNull()

    const at = new Date('2026-07-08T09:10:11.012Z')
    expect(await run((tx) => recordUserSignIn(user.id, at, '10.0.0.2', tx))).toBe(row.visitCount + 1)
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      lastLoginAt: at,
      lastLoginIp: '10.0.0.2',
      visitCount: row.visitCount + 1,
      // A sign-in is not a profile change: updatedAt (public as ThinkSNS+'s updated_at) stays.
      updatedAt: row.updatedAt,
    })
    expect(await run((tx) => recordUserSignIn(-1, at, null, tx))).toBeNull()
  })

  it("lists a user's roles by role id", async () => {
    const { user } = await makeUser()
    const roles = await db().userRole.findMany({ where: { userId: user.id }, include: { role: true }, orderBy: { roleId: 'asc' } })
    expect(roles.length).toBeGreaterThan(0)
    expect(await run((tx) => rolesOfUser(user.id, tx))).toEqual(roles.map((r) => ({ id: r.role.id, name: r.role.name, description: r.role.description })))
  })

  it('writes an audit row', async () => {
    const { user } = await makeUser()
    const before = Date.now()
    await run((tx) =>
      insertAudit({ kind: 'user.updated', userId: user.id, actorId: null, sessionId: null, client: 'hyperf', ip: '10.0.0.3', detail: '{"a":1}' }, tx),
    )
    const rows = await db().auditEvent.findMany({ where: { userId: user.id, kind: 'user.updated' } })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ client: 'hyperf', ip: '10.0.0.3', detail: '{"a":1}', actorId: null, sessionId: null })
    expect(rows[0].createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(rows[0].createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000)
  })

  it('counts limit hits in a window, restarts it, creates a counter once', async () => {
    const key = `store-test:${tag}`
    const t0 = new Date('2026-01-01T00:00:00.500Z')
    expect(await run((tx) => limitWindowStart(key, tx))).toBeNull()
    expect(await run((tx) => countLimitHit(key, new Date(t0.getTime() - 60_000), 2, tx))).toBe(false)
    expect(await run((tx) => insertLimitCounter(key, t0, tx))).toBe(true)
    expect(await run((tx) => insertLimitCounter(key, t0, tx))).toBe(false)
    expect((await run((tx) => limitWindowStart(key, tx)))!.toISOString()).toBe(t0.toISOString())
    // inside the window: counts up to the limit, then refuses
    expect(await run((tx) => countLimitHit(key, new Date(t0.getTime() - 1), 2, tx))).toBe(true)
    expect(await run((tx) => countLimitHit(key, new Date(t0.getTime() - 1), 2, tx))).toBe(false)
    // a window that started exactly at the floor is over
    expect(await run((tx) => countLimitHit(key, t0, 5, tx))).toBe(false)
    expect(await run((tx) => restartLimitWindow(key, new Date(t0.getTime() + 1), new Date(t0.getTime() - 1), tx))).toBe(false)
    const t1 = new Date(t0.getTime() + 60_000)
    expect(await run((tx) => restartLimitWindow(key, t1, t0, tx))).toBe(true)
    expect(await db().rateLimit.findUniqueOrThrow({ where: { key } })).toEqual({ key, count: 1, windowStart: t1 })
  })
})
