// #21 item 10: idle sessions end, sensitive changes need a recent sign-in, the old contact is told.
import { describe, expect, it, afterEach } from 'vitest'
import { makeUser, phone } from '../../test/factories'
import { kindOf } from '../../test/errors'
import { db } from '../db'
import { providerFor, sendCode, setProviderForTests } from '../providers'
import { bindContact, changePassword, reauthenticate } from './users'
import { createSession, endIfIdle, findSessionById, getLiveSession } from './sessions'
import { isIdle, isRecentAuth } from './rules'
import { ProviderError, type MessageProvider } from './messages'

const MIN = 60_000
const now = Date.parse('2026-01-01T12:00:00Z')

afterEach(() => {
  setProviderForTests('mail', undefined)
  setProviderForTests('sms', undefined)
})

async function age(sessionId: string, minutes: { used?: number; auth?: number }) {
  const data: { lastUsedAt?: Date; authAt?: Date } = {}
  if (minutes.used !== undefined) data.lastUsedAt = new Date(Date.now() - minutes.used * MIN)
  if (minutes.auth !== undefined) data.authAt = new Date(Date.now() - minutes.auth * MIN)
  await db().session.update({ where: { id: sessionId }, data })
}

describe('session rules', () => {
  it('count a session idle only past the limit', () => {
    expect(isIdle(new Date(now - 30 * MIN), 30, now)).toBe(false)
    expect(isIdle(new Date(now - 30 * MIN - 1), 30, now)).toBe(true)
  })

  it('count a sign-in recent up to the limit; an unknown sign-in time never is', () => {
    expect(isRecentAuth(new Date(now - 10 * MIN), 10, now)).toBe(true)
    expect(isRecentAuth(new Date(now - 10 * MIN - 1), 10, now)).toBe(false)
    expect(isRecentAuth(null, 10, now)).toBe(false)
  })
})

describe('idle sessions', () => {
  it('end with reason idle once unused past the limit, and only then', async () => {
    const { user } = await makeUser()
    const fresh = await createSession({ userId: user.id, client: 'browser', ttlSeconds: 3600 })
    expect(await endIfIdle((await findSessionById(fresh.id))!, 30)).toBe(false)
    expect(await getLiveSession(fresh.id)).not.toBeNull()

    await age(fresh.id, { used: 31 })
    expect(await endIfIdle((await findSessionById(fresh.id))!, 30)).toBe(true)
    expect(await getLiveSession(fresh.id)).toBeNull()
    expect((await findSessionById(fresh.id))?.revokeReason).toBe('idle')
  })
})

describe('re-authentication', () => {
  it('a sign-in records its time; the right password renews it, a wrong one does not', async () => {
    const { user, password } = await makeUser()
    const s = await createSession({ userId: user.id, client: 'browser', ttlSeconds: 3600 })
    expect(isRecentAuth(s.authAt, 10)).toBe(true)
    await age(s.id, { auth: 60 })
    expect(await kindOf(reauthenticate(user, s.id, { password: 'not-it' }))).toBe('wrong_password')
    expect(await kindOf(reauthenticate(user, s.id, {}))).toBe('wrong_password')
    expect(isRecentAuth((await findSessionById(s.id))!.authAt, 10)).toBe(false)
    await reauthenticate(user, s.id, { password: password! })
    expect(isRecentAuth((await findSessionById(s.id))!.authAt, 10)).toBe(true)
  })

  it('an account without a password proves itself with a fresh login code sent to its own phone', async () => {
    const p = phone()
    const { user } = await makeUser({ phone: p, password: null })
    const s = await createSession({ userId: user.id, client: 'browser', ttlSeconds: 3600 })
    await age(s.id, { auth: 60 })
    expect(await kindOf(reauthenticate(user, s.id, { code: '000000' }))).toBe('code_invalid')
    const { code } = await sendCode({ channel: 'sms', target: p, purpose: 'login' })
    await reauthenticate(user, s.id, { code: code! })
    expect(isRecentAuth((await findSessionById(s.id))!.authAt, 10)).toBe(true)
    // The code is spent: it cannot prove anything twice.
    expect(await kindOf(reauthenticate(user, s.id, { code: code! }))).toBe('code_invalid')
  })
})

describe('notices to the old contact', () => {
  const outboxFor = (recipient: string) => db().outboxMessage.findMany({ where: { recipient, purpose: 'notice' } })

  it('changing the email tells the old address, with the new one masked and no code', async () => {
    const old = `old-${Date.now()}@example.com`
    const next = `brand-new-${Date.now()}@example.org`
    const { user } = await makeUser({ email: old })
    const { code } = await sendCode({ channel: 'mail', target: next, purpose: 'bind' })
    await bindContact(user.id, { channel: 'mail', target: next, code: code! }, { providers: providerFor })
    const [notice, ...more] = await outboxFor(old)
    expect(more).toHaveLength(0)
    expect(notice.body).toContain('b***@example.org')
    expect(notice.body).not.toContain(next)
    expect(notice.body).not.toContain(code!)
    expect(notice.body).not.toMatch(/\d{6}/)
    expect(await outboxFor(next)).toHaveLength(0)
  })

  it('a first phone (nothing bound before) sends no notice; changing it tells the old phone', async () => {
    const { user } = await makeUser()
    const p1 = phone()
    const p2 = phone()
    await bindContact(
      user.id,
      { channel: 'sms', target: p1, code: (await sendCode({ channel: 'sms', target: p1, purpose: 'bind' })).code! },
      { providers: providerFor },
    )
    expect(await db().outboxMessage.count({ where: { purpose: 'notice', recipient: { in: [p1, p2] } } })).toBe(0)
    await bindContact(
      user.id,
      { channel: 'sms', target: p2, code: (await sendCode({ channel: 'sms', target: p2, purpose: 'bind' })).code! },
      { providers: providerFor },
    )
    const [notice] = await outboxFor(p1)
    expect(notice.body).toContain(`${p2.slice(0, 3)}****${p2.slice(-4)}`)
    expect(notice.body).not.toContain(p2)
  })

  it('a password change tells the phone and the email', async () => {
    const email = `pw-${Date.now()}@example.com`
    const p = phone()
    const { user, password } = await makeUser({ email, phone: p })
    await changePassword(user.id, password!, 'another_pass_1', { providers: providerFor })
    expect(await outboxFor(email)).toHaveLength(1)
    expect(await outboxFor(p)).toHaveLength(1)
  })

  it('a provider that fails the notice does not undo the change; the failure is audited', async () => {
    const failing: MessageProvider = {
      name: 'failing',
      channel: 'mail',
      revealsCodes: false,
      sendCode: () => Promise.resolve({}),
      sendNotice: () => Promise.reject(new ProviderError('failing', 'boom', 'failing: no')),
    }
    const old = `f-${Date.now()}@example.com`
    const next = `g-${Date.now()}@example.com`
    const { user } = await makeUser({ email: old })
    const { code } = await sendCode({ channel: 'mail', target: next, purpose: 'bind' })
    setProviderForTests('mail', failing)
    const updated = await bindContact(user.id, { channel: 'mail', target: next, code: code! }, { providers: providerFor })
    expect(updated.email).toBe(next)
    const failed = await db().auditEvent.findFirstOrThrow({ where: { kind: 'notice.failed', userId: user.id } })
    expect(JSON.parse(failed.detail!)).toMatchObject({ channel: 'mail', notice: 'email_changed', providerCode: 'boom', target: 'f***@example.com' })
  })
})
