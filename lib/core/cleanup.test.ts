// Clean-up deletes exactly what is past its retention and nothing live, in batches, also when two
// instances run it at once; on the database of the run (SQLite, or PostgreSQL with TEST_DATABASE=postgres).
import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeUser } from '../../test/factories'
import { config, loadConfig, setConfigForTests } from '../config'
import { db } from '../db'
import { cleanup, scheduleCleanup } from './cleanup'
import { hitLimit } from './limits'

const running = config()
const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const id = (p: string) => `${p}-${randomBytes(6).toString('hex')}`

beforeEach(() => {
  // Small batches, so every table takes several rounds.
  setConfigForTests(
    loadConfig({ NODE_ENV: 'test', DATA_DIR: running.DATA_DIR, DATABASE_URL: running.DATABASE_URL, AUTH_SECRET: running.authSecret, CLEANUP_BATCH_SIZE: '2' }),
  )
})
afterEach(() => setConfigForTests(running))

/** Old and live rows in every table cleaned; the ids of each kind that must go and must stay. */
async function seed(now: number) {
  const at = (ms: number) => new Date(now + ms)
  const { user } = await makeUser()
  const gone: Record<string, string[]> = { codes: [], limits: [], sessions: [], refresh: [], access: [] }
  const kept: Record<string, string[]> = { codes: [], limits: [], sessions: [], refresh: [], access: [] }

  const code = async (list: string[], expiresIn: number, live = false) => {
    const cid = id('code')
    const target = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
    await db().verificationCode.create({
      data: {
        id: cid,
        channel: 'sms',
        target,
        purpose: 'login',
        codeHash: 'x',
        liveKey: live ? `sms:${target}:login` : null,
        expiresAt: at(expiresIn),
        createdAt: at(expiresIn - 5 * MIN),
      },
    })
    list.push(cid)
  }
  for (let i = 0; i < 5; i++) await code(gone.codes, -2 * DAY) // expired two days ago
  await code(kept.codes, 4 * MIN, true) // live
  await code(kept.codes, -HOUR) // expired within the margin

  const limit = async (list: string[], startedAgo: number) => {
    const key = id('limit')
    await db().rateLimit.create({ data: { key, count: 3, windowStart: at(-startedAgo) } })
    list.push(key)
  }
  for (let i = 0; i < 3; i++) await limit(gone.limits, 3 * DAY)
  await limit(kept.limits, 23 * HOUR) // a daily window still running
  await limit(kept.limits, 36 * HOUR) // ended, within the margin
  await limit(kept.limits, 10 * 1000) // a minute window running

  const session = async (list: string[], s: { expiresIn: number; revokedAgo?: number }) => {
    const sid = id('session')
    await db().session.create({
      data: {
        id: sid,
        userId: user.id,
        client: 'rageframe',
        createdAt: at(-60 * DAY),
        lastUsedAt: at(-HOUR),
        expiresAt: at(s.expiresIn),
        revokedAt: s.revokedAgo === undefined ? null : at(-s.revokedAgo),
      },
    })
    list.push(sid)
    return sid
  }
  const refresh = async (list: string[], sessionId: string, expiresIn: number, spent = false) => {
    const rid = id('refresh')
    await db().refreshToken.create({ data: { id: rid, sessionId, tokenHash: id('h'), expiresAt: at(expiresIn), spentAt: spent ? at(-HOUR) : null } })
    list.push(rid)
  }
  const access = async (list: string[], sessionId: string, expiresIn: number, revokedAgo?: number) => {
    const aid = id('access')
    await db().accessToken.create({
      data: { id: aid, sessionId, tokenHash: id('h'), expiresAt: at(expiresIn), revokedAt: revokedAgo === undefined ? null : at(-revokedAgo) },
    })
    list.push(aid)
  }

  // A live session: its live and spent-but-unexpired tokens stay, its long-expired ones go.
  const live = await session(kept.sessions, { expiresIn: 20 * DAY })
  await refresh(kept.refresh, live, 20 * DAY)
  await refresh(kept.refresh, live, 20 * DAY, true)
  await refresh(kept.refresh, live, -HOUR)
  await refresh(gone.refresh, live, -2 * DAY, true)
  await refresh(gone.refresh, live, -3 * DAY)
  await access(kept.access, live, HOUR)
  await access(kept.access, live, HOUR, HOUR)
  await access(gone.access, live, HOUR, 2 * DAY)
  for (let i = 0; i < 3; i++) await access(gone.access, live, -2 * DAY)
  // Ended long ago: the session and every token of it go, even a token not yet expired.
  for (let i = 0; i < 3; i++) {
    const old = await session(gone.sessions, { expiresIn: 5 * DAY, revokedAgo: 31 * DAY })
    await refresh(gone.refresh, old, 5 * DAY)
    await access(gone.access, old, HOUR)
  }
  const expired = await session(gone.sessions, { expiresIn: -31 * DAY })
  await refresh(gone.refresh, expired, -31 * DAY)
  // Ended or expired recently: kept for SESSION_RETENTION_DAYS.
  const recent = await session(kept.sessions, { expiresIn: 5 * DAY, revokedAgo: 29 * DAY })
  await refresh(kept.refresh, recent, 5 * DAY)
  await session(kept.sessions, { expiresIn: -DAY })

  const outbox = async (ago: number) =>
    (
      await db().outboxMessage.create({
        data: { channel: 'sms', provider: 'console', recipient: '13900000000', purpose: 'login', body: 'code 123456', createdAt: at(-ago) },
      })
    ).id
  const outboxGone = [await outbox(31 * DAY), await outbox(40 * DAY), await outbox(400 * DAY)]
  const outboxKept = [await outbox(29 * DAY), await outbox(MIN)]

  const auditRow = async (ago: number) => (await db().auditEvent.create({ data: { kind: 'signin.success', userId: user.id, createdAt: at(-ago) } })).id
  const auditGone = [await auditRow(366 * DAY), await auditRow(500 * DAY), await auditRow(3000 * DAY)]
  const auditKept = [await auditRow(364 * DAY), await auditRow(MIN)]

  return { gone, kept, outboxGone, outboxKept, auditGone, auditKept }
}

async function remaining() {
  return {
    codes: (await db().verificationCode.findMany({ select: { id: true } })).map((r) => r.id),
    limits: (await db().rateLimit.findMany({ select: { key: true } })).map((r) => r.key),
    sessions: (await db().session.findMany({ select: { id: true } })).map((r) => r.id),
    refresh: (await db().refreshToken.findMany({ select: { id: true } })).map((r) => r.id),
    access: (await db().accessToken.findMany({ select: { id: true } })).map((r) => r.id),
    outbox: (await db().outboxMessage.findMany({ select: { id: true } })).map((r) => r.id),
    audit: (await db().auditEvent.findMany({ select: { id: true } })).map((r) => r.id),
  }
}

async function clear() {
  await db().refreshToken.deleteMany({})
  await db().accessToken.deleteMany({})
  await db().session.deleteMany({})
  await db().verificationCode.deleteMany({})
  await db().rateLimit.deleteMany({})
  await db().outboxMessage.deleteMany({})
  await db().auditEvent.deleteMany({})
}

function expectExactly(after: Awaited<ReturnType<typeof remaining>>, s: Awaited<ReturnType<typeof seed>>) {
  for (const k of ['codes', 'limits', 'sessions', 'refresh', 'access'] as const) {
    for (const x of s.kept[k]) expect(after[k], `${k} ${x} kept`).toContain(x)
    for (const x of s.gone[k]) expect(after[k], `${k} ${x} gone`).not.toContain(x)
  }
  for (const x of s.outboxKept) expect(after.outbox).toContain(x)
  for (const x of s.outboxGone) expect(after.outbox).not.toContain(x)
  for (const x of s.auditKept) expect(after.audit).toContain(x)
  for (const x of s.auditGone) expect(after.audit).not.toContain(x)
}

describe('clean-up', () => {
  it('deletes exactly the rows past their retention, in batches, and nothing live', async () => {
    await clear()
    const s = await seed(Date.now())
    const removed = await cleanup()
    expect(removed).toEqual({
      verificationCodes: s.gone.codes.length,
      rateLimits: s.gone.limits.length,
      accessTokens: s.gone.access.length,
      refreshTokens: s.gone.refresh.length,
      sessions: s.gone.sessions.length,
      outboxMessages: s.outboxGone.length,
      auditEvents: s.auditGone.length,
      oidcRows: 0,
    })
    expectExactly(await remaining(), s)
    // A second run finds nothing more.
    expect(Object.values(await cleanup()).every((n) => n === 0)).toBe(true)
  })

  it('two instances at once delete each row once and leave the same', async () => {
    await clear()
    const s = await seed(Date.now())
    const [a, b] = await Promise.all([cleanup(), cleanup()])
    expect(a.verificationCodes + b.verificationCodes).toBe(s.gone.codes.length)
    expect(a.sessions + b.sessions).toBe(s.gone.sessions.length)
    expect(a.auditEvents + b.auditEvents).toBe(s.auditGone.length)
    expectExactly(await remaining(), s)
  })

  it('follows the retention settings', async () => {
    await clear()
    const s = await seed(Date.now())
    const base = { NODE_ENV: 'test', DATA_DIR: running.DATA_DIR, DATABASE_URL: running.DATABASE_URL, AUTH_SECRET: running.authSecret }
    setConfigForTests(loadConfig({ ...base, AUDIT_RETENTION_DAYS: '3650', SESSION_RETENTION_DAYS: '60', OUTBOX_RETENTION_DAYS: '1000' }))
    const removed = await cleanup()
    expect(removed).toMatchObject({ sessions: 0, outboxMessages: 0, auditEvents: 0 })
    const after = await remaining()
    for (const x of s.gone.sessions) expect(after.sessions).toContain(x)
    for (const x of s.auditGone) expect(after.audit).toContain(x)
    for (const x of s.outboxGone) expect(after.outbox).toContain(x)
  })

  it('a limit counter is never deleted while its window runs: no window may be longer than clean-up assumes', async () => {
    await expect(hitLimit(id('limit'), 5, 2 * 24 * 60 * 60)).rejects.toThrow(/LIMIT_WINDOW_MAX_SECONDS/)
    expect((await hitLimit(id('limit'), 5, 24 * 60 * 60)).ok).toBe(true)
  })

  it('is scheduled: a run at once, then every interval; 0 never runs', async () => {
    const results: unknown[] = []
    const stop = scheduleCleanup(60, (r, e) => results.push(e ?? r))
    await expect.poll(() => results.length).toBe(1)
    expect(results[0]).toHaveProperty('sessions')
    stop()
    const none: unknown[] = []
    scheduleCleanup(0, (r) => none.push(r))()
    await new Promise((r) => setTimeout(r, 50))
    expect(none).toEqual([])
  })
})
