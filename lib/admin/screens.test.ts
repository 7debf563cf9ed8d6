// Sessions, audit, outbox and overview screens.
import { describe, expect, it, beforeAll } from 'vitest'
import { db } from '../db'
import { makeUser, phone } from '../../test/factories'
import { assignRole, ROLE_ADMIN } from '../core/roles'
import { audit } from '../core/audit'
import { createSession, getLiveSession, revokeSession } from '../core/sessions'
import { sendCode } from '../providers'
import { isAdminError } from './errors'
import { adminRevokeSession, listLiveSessions } from './sessions'
import { auditKinds, listAudit } from './audit'
import { listOutbox } from './outbox'
import { lastDays, overview, startOfLocalDay } from './overview'

let actor: { actorId: number; ip: string }

beforeAll(async () => {
  const { user } = await makeUser({ name: 'screens_admin' })
  await assignRole(user.id, ROLE_ADMIN)
  actor = { actorId: user.id, ip: '192.0.2.9' }
})

describe('sessions screen', () => {
  it('lists live sessions only, filtered by user and dialect', async () => {
    const { user } = await makeUser({ name: 'sess_owner' })
    const flask = await createSession({ userId: user.id, client: 'flask', ttlSeconds: 3600 })
    const hyperf = await createSession({ userId: user.id, client: 'hyperf', ttlSeconds: 3600 })
    const ended = await createSession({ userId: user.id, client: 'flask', ttlSeconds: 3600 })
    await revokeSession(ended.id, 'logout')
    await createSession({ userId: user.id, client: 'flask', ttlSeconds: -10 }) // expired
    const mine = await listLiveSessions({ user: 'sess_own' })
    expect(mine.rows.map((s) => s.id).sort()).toEqual([flask.id, hyperf.id].sort())
    expect(mine.rows[0].userName).toBe('sess_owner')
    expect((await listLiveSessions({ userId: user.id, client: 'hyperf' })).rows.map((s) => s.id)).toEqual([hyperf.id])
  })

  it('an admin revoke ends the session, audited with the admin; a second revoke is refused', async () => {
    const { user } = await makeUser()
    const s = await createSession({ userId: user.id, client: 'rageframe', ttlSeconds: 3600 })
    await adminRevokeSession(s.id, actor)
    expect(await getLiveSession(s.id)).toBeNull()
    const ev = await db().auditEvent.findFirstOrThrow({ where: { kind: 'session.revoked', sessionId: s.id } })
    expect([ev.actorId, ev.ip, ev.detail]).toEqual([actor.actorId, actor.ip, JSON.stringify({ reason: 'admin' })])
    await expect(adminRevokeSession(s.id, actor)).rejects.toSatisfy((e) => isAdminError(e) && e.code === 'not_found')
  })
})

describe('audit screen', () => {
  it('filters by user, kind and time range, newest first, with names', async () => {
    const { user } = await makeUser({ name: 'audited_one' })
    await audit({ kind: 'signin.failure', userId: user.id, detail: { reason: 'wrong_password' } })
    await audit({ kind: 'signin.success', userId: user.id })
    await audit({ kind: 'user.disabled', userId: user.id, actorId: actor.actorId })
    const all = await listAudit({ user: 'audited_o' })
    expect(all.rows.map((e) => e.kind)).toEqual(['user.disabled', 'signin.success', 'signin.failure', 'user.registered'])
    expect(all.rows[0]).toMatchObject({ userName: 'audited_one', actorName: 'screens_admin' })
    expect((await listAudit({ userId: user.id, kind: 'signin.failure' })).rows.map((e) => e.detail)).toEqual([JSON.stringify({ reason: 'wrong_password' })])
    expect((await listAudit({ userId: user.id, from: new Date(Date.now() + 60_000) })).total).toBe(0)
    expect((await listAudit({ userId: user.id, to: new Date(Date.now() - 3_600_000) })).total).toBe(0)
    expect((await listAudit({ userId: user.id, pageSize: 3, page: 2 })).rows.map((e) => e.kind)).toEqual(['user.registered'])
    expect(await auditKinds()).toEqual(expect.arrayContaining(['signin.failure', 'signin.success', 'user.disabled', 'user.registered']))
  })
})

describe('outbox screen', () => {
  it('shows the SMS a console send wrote, with its code, found by recipient', async () => {
    const to = phone()
    const sent = await sendCode({ channel: 'sms', target: to, purpose: 'register', ip: '127.0.0.1' })
    const r = await listOutbox({ channel: 'sms', recipient: `+86${to}` })
    expect(r.total).toBe(1)
    expect(r.rows[0]).toMatchObject({ channel: 'sms', provider: 'console', recipient: to, purpose: 'register', result: 'sent' })
    expect(r.rows[0].body).toContain(sent.code!)
    expect((await listOutbox({ channel: 'mail', recipient: to })).total).toBe(0)
  })
})

describe('overview', () => {
  it('counts users, live sessions, sign-ins and SMS today, and 30 days of sign-ins and registrations', async () => {
    const before = await overview()
    const { user } = await makeUser()
    await createSession({ userId: user.id, client: 'browser', ttlSeconds: 3600 })
    await audit({ kind: 'signin.success', userId: user.id })
    await sendCode({ channel: 'sms', target: phone(), purpose: 'login', ip: '127.0.0.2' })
    const after = await overview()
    expect(after.users - before.users).toBe(1)
    expect(after.liveSessions - before.liveSessions).toBe(1)
    expect(after.signInsToday - before.signInsToday).toBe(1)
    expect(after.smsToday - before.smsToday).toBe(1)
    expect(after.days).toHaveLength(30)
    const today = after.days[29]
    expect(today.registrations - before.days[29].registrations).toBe(1)
    expect(today.signIns).toBe(after.signInsToday)
  })

  it('adds sign-in failures per day, codes per provider, locked accounts and legacy password hashes', async () => {
    const before = await overview()
    const { user } = await makeUser()
    await audit({ kind: 'signin.failure', userId: user.id, detail: { reason: 'wrong_password' } })
    await sendCode({ channel: 'sms', target: phone(), purpose: 'login', ip: '127.0.0.3' })
    await db().outboxMessage.create({ data: { channel: 'sms', provider: 'aliyun', recipient: phone(), purpose: 'login', body: 'x', result: 'failed' } })
    await db().rateLimit.create({ data: { key: `signin:user:${user.id}`, count: 1000, windowStart: new Date() } })
    await db().rateLimit.create({ data: { key: `signin:user:${user.id + 100000}`, count: 1000, windowStart: new Date(Date.now() - 3_600_000) } })
    await db().user.update({ where: { id: user.id }, data: { passwordHash: '$2y$10$abcdefghijklmnopqrstuu5Yg0M5b6pN6hFCl2o3Jv9UZ0jEPc0yG' } })
    const after = await overview()
    expect(after.days[29].failures - before.days[29].failures).toBe(1)
    const count = (o: typeof after, provider: string) => o.codesToday.find((c) => c.channel === 'sms' && c.provider === provider) ?? { sent: 0, failed: 0 }
    expect(count(after, 'console').sent - count(before, 'console').sent).toBe(1)
    expect(count(after, 'aliyun').failed - count(before, 'aliyun').failed).toBe(1)
    expect(after.lockedAccounts - before.lockedAccounts).toBe(1)
    expect(after.legacyHashes - before.legacyHashes).toBe(1)
    const bcrypt = (o: typeof after) => o.legacyFormats.find((f) => f.format === 'bcrypt')?.users ?? 0
    expect(bcrypt(after) - bcrypt(before)).toBe(1)
    expect(after.legacyFormats.find((f) => f.format === 'bcrypt')?.weak).toBe(false)
  })

  it('counts days in the configured time zone', () => {
    expect(startOfLocalDay('2026-11-23', 'Asia/Shanghai').toISOString()).toBe('2026-11-22T16:00:00.000Z')
    expect(startOfLocalDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z')
    expect(startOfLocalDay('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z')
    const days = lastDays(3, new Date('2026-11-23T15:59:00Z'), 'Asia/Shanghai')
    expect(days.map((d) => d.date)).toEqual(['2026-11-21', '2026-11-22', '2026-11-23'])
    expect(days[2].end.toISOString()).toBe('2026-11-23T16:00:00.000Z')
    expect(lastDays(1, new Date('2026-11-23T16:00:00Z'), 'Asia/Shanghai')[0].date).toBe('2026-11-24')
  })
})
