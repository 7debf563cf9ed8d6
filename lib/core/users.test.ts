import { describe, expect, it, afterEach } from 'vitest'
import { makeUser, phone } from '../../test/factories'
import {
  authenticateWithPassword,
  authenticateWithCode,
  changePassword,
  createUser,
  findUserByLogin,
  setUserStatus,
  resetPassword,
  resetPasswordWithCode,
  bindContact,
} from './users'
import { providerFor, sendCode } from '../providers'
import { createSession, getLiveSession } from './sessions'
import { rolesOf, permissionsOf, assignRole, ROLE_ADMIN, ROLE_USER } from './roles'
import { hashPassword, setPasswordParamsForTests } from './passwords'
import { parseOptions } from '@node-rs/argon2'
import { db } from '../db'
import { config, setConfigForTests } from '../config'
import { SIGNIN_PER_ADDRESS_FACTOR } from './rules'
import { kindOf } from '../../test/errors'

const kind = kindOf

afterEach(() => setPasswordParamsForTests(undefined))

describe('users', () => {
  it('are found by name (any case), email, phone with +86, and id only when allowed', async () => {
    const p = phone()
    const { user } = await makeUser({ name: 'MixedCase', email: 'Mixed@Example.com', phone: p })
    expect((await findUserByLogin('mixedcase'))?.id).toBe(user.id)
    expect((await findUserByLogin('MIXED@example.COM'))?.id).toBe(user.id)
    expect((await findUserByLogin(`+86${p}`))?.id).toBe(user.id)
    expect((await findUserByLogin(`86${p}`))?.id).toBe(user.id)
    expect(await findUserByLogin(String(user.id))).toBeNull()
    expect((await findUserByLogin(String(user.id), { allowId: true }))?.id).toBe(user.id)
    expect(user.email).toBe('mixed@example.com')
  })

  it('a name that looks like an email or a phone number is still found by name', async () => {
    const { user } = await makeUser({ name: 'me@home.cn' })
    expect((await findUserByLogin('me@home.cn'))?.id).toBe(user.id)
    const { user: digits } = await makeUser({ name: '13800001111' })
    expect((await findUserByLogin('13800001111'))?.id).toBe(digits.id)
  })

  it('names, emails and phones are unique (names case-insensitively)', async () => {
    const p = phone()
    await makeUser({ name: 'Unique1', email: 'u1@example.com', phone: p })
    expect(await kind(createUser({ name: 'UNIQUE1' }))).toBe('name_taken')
    expect(await kind(createUser({ name: 'other1', email: 'U1@example.com' }))).toBe('email_taken')
    expect(await kind(createUser({ name: 'other2', phone: `+86${p}` }))).toBe('phone_taken')
  })

  it('two concurrent registrations of one name: one user, one clear refusal', async () => {
    const results = await Promise.all([kind(createUser({ name: 'racer' })), kind(createUser({ name: 'Racer' }))])
    expect(results.sort()).toEqual(['name_taken', 'ok'])
  })

  it('every new user has role USER with its permissions, de-duplicated across roles', async () => {
    const { user } = await makeUser()
    expect((await rolesOf(user.id)).map((r) => r.name)).toEqual([ROLE_USER])
    await assignRole(user.id, ROLE_ADMIN)
    const perms = (await permissionsOf(user.id)).map((p) => p.name)
    expect(perms).toContain('profile:read')
    expect(new Set(perms).size).toBe(perms.length)
  })

  it('password sign-in: unknown user and wrong password fail; disabled is told only after the right password', async () => {
    const { name, password, user } = await makeUser()
    expect(await kind(authenticateWithPassword('nobody-here', 'x'))).toBe('user_not_found')
    expect(await kind(authenticateWithPassword(name, 'wrong'))).toBe('wrong_password')
    expect(await kind(authenticateWithPassword(name, password!))).toBe('ok')
    await setUserStatus(user.id, 'disabled')
    expect(await kind(authenticateWithPassword(name, 'wrong'))).toBe('wrong_password')
    expect(await kind(authenticateWithPassword(name, password!))).toBe('user_disabled')
  })

  it('rehashes a password made with other argon2 parameters on the next sign-in', async () => {
    setPasswordParamsForTests({ memoryCost: 4096, timeCost: 1, parallelism: 1 })
    const { name, password, user } = await makeUser()
    expect(parseOptions(user.passwordHash!).memoryCost).toBe(4096)
    setPasswordParamsForTests(undefined)
    await authenticateWithPassword(name, password!)
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } })
    expect(parseOptions(after.passwordHash!).memoryCost).toBe(19456)
    expect(after.passwordHash).not.toBe(user.passwordHash)
    expect(await kind(authenticateWithPassword(name, password!))).toBe('ok')
    // The new hash is no change of the profile: updatedAt (public as ThinkSNS+'s updated_at) does not date the sign-in.
    expect(after.updatedAt).toEqual(user.updatedAt)
  })

  it('hashes are argon2id with OWASP parameters', async () => {
    const o = parseOptions(await hashPassword('x'))
    expect([o.memoryCost, o.timeCost, o.parallelism]).toEqual([19456, 2, 1])
    expect(o.algorithm as number).toBe(2)
  })

  it('too many sign-in attempts for one login are rate limited', async () => {
    const { name } = await makeUser()
    const results = []
    for (let i = 0; i < 31; i++) results.push(await kind(authenticateWithPassword(name, 'wrong', { ip: '10.1.1.1' })))
    expect(results.slice(0, 30).every((r) => r === 'wrong_password')).toBe(true)
    expect(results[30]).toBe('rate_limited')
  })

  it('one address gets SIGNIN_PER_ADDRESS_FACTOR times an account’s limit, across logins', async () => {
    setConfigForTests({ ...config(), LOGIN_LIMIT_PER_MINUTE: 1 })
    try {
      const results = []
      // A new login each time: only the address's count can run out.
      for (let i = 0; i <= SIGNIN_PER_ADDRESS_FACTOR; i++) results.push(await kind(authenticateWithPassword(`nobody-${phone()}`, 'wrong', { ip: '10.1.2.3' })))
      expect(results).toEqual([...Array(SIGNIN_PER_ADDRESS_FACTOR).fill('user_not_found'), 'rate_limited'])
    } finally {
      setConfigForTests(undefined)
    }
  })

  it('registration with a code spends it only when the user is created', async () => {
    const target = phone()
    const { code } = await sendCode({ channel: 'sms', target, purpose: 'register' })
    await makeUser({ name: 'taken-name' })
    expect(await kind(createUser({ name: 'taken-name', phone: target }, { code: { channel: 'sms', target, code: code! } }))).toBe('name_taken')
    // the code is still usable
    expect(await kind(createUser({ name: 'fresh-name', phone: target }, { code: { channel: 'sms', target, code: code! } }))).toBe('ok')
    expect(await kind(createUser({ name: 'fresh-name2' }, { code: { channel: 'sms', target, code: code! } }))).toBe('code_invalid')
  })

  it('sign-in by SMS code', async () => {
    const p = phone()
    const { user } = await makeUser({ phone: p })
    const { code } = await sendCode({ channel: 'sms', target: p, purpose: 'login' })
    const signedIn = await authenticateWithCode({ channel: 'sms', target: p, code: code! })
    expect(signedIn.id).toBe(user.id)
    expect(await kind(authenticateWithCode({ channel: 'sms', target: p, code: code! }))).toBe('code_invalid')
  })

  it('changing the password ends every other session; the old password fails', async () => {
    const { user, name, password } = await makeUser()
    const keep = await createSession({ userId: user.id, client: 'browser', ttlSeconds: 3600 })
    const other = await createSession({ userId: user.id, client: 'hyperf', ttlSeconds: 3600 })
    expect(await kind(changePassword(user.id, 'not-it', 'new_pass_1', { providers: providerFor }))).toBe('wrong_password')
    await changePassword(user.id, password!, 'new_pass_1', { keepSessionId: keep.id, providers: providerFor })
    expect(await getLiveSession(keep.id)).not.toBeNull()
    expect(await getLiveSession(other.id)).toBeNull()
    expect(await kind(authenticateWithPassword(name, password!))).toBe('wrong_password')
    expect(await kind(authenticateWithPassword(name, 'new_pass_1'))).toBe('ok')
  })

  it('disabling a user ends all their sessions at once; an admin reset ends them too', async () => {
    const { user } = await makeUser()
    const s1 = await createSession({ userId: user.id, client: 'flask', ttlSeconds: 3600 })
    const s2 = await createSession({ userId: user.id, client: 'rageframe', group: 'app', ttlSeconds: 3600 })
    await setUserStatus(user.id, 'disabled', { actorId: 1 })
    expect(await getLiveSession(s1.id)).toBeNull()
    expect(await getLiveSession(s2.id)).toBeNull()
    await setUserStatus(user.id, 'active')
    const s3 = await createSession({ userId: user.id, client: 'flask', ttlSeconds: 3600 })
    await resetPassword(user.id, 'reset_pass_9', { actorId: 1 })
    expect(await getLiveSession(s3.id)).toBeNull()
    const events = await db().auditEvent.findMany({ where: { userId: user.id }, orderBy: { id: 'asc' } })
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['user.disabled', 'session.revoked', 'password.reset']))
    expect(events.find((e) => e.kind === 'user.disabled')?.actorId).toBe(1)
  })

  it('a reset code sets a new password: every session ends, a wrong code says nothing of the account, a code for another purpose does not serve', async () => {
    const p = phone()
    const { user, name, password } = await makeUser({ phone: p, email: `r${p}@example.com` })
    const s1 = await createSession({ userId: user.id, client: 'rageframe', group: 'app', ttlSeconds: 3600 })
    const s2 = await createSession({ userId: user.id, client: 'browser', ttlSeconds: 3600 })
    const reset = (code: string, target = p) => resetPasswordWithCode({ channel: 'sms', target, code, password: 'fresh_pass_7' }, { providers: providerFor })
    const { code: loginCode } = await sendCode({ channel: 'sms', target: p, purpose: 'login' })
    expect(await kind(reset(loginCode!))).toBe('code_invalid')
    const stranger = phone()
    const { code: strangerCode } = await sendCode({ channel: 'sms', target: stranger, purpose: 'reset' })
    expect(await kind(reset('000000', stranger))).toBe('code_invalid')
    expect(await kind(reset(strangerCode!, stranger))).toBe('user_not_found')
    const { code } = await sendCode({ channel: 'sms', target: p, purpose: 'reset' })
    expect(await kind(resetPasswordWithCode({ channel: 'sms', target: p, code: code!, password: 'short' }, { providers: providerFor }))).toBe('invalid_input')
    await reset(code!)
    expect(await getLiveSession(s1.id)).toBeNull()
    expect(await getLiveSession(s2.id)).toBeNull()
    expect(await kind(reset(code!))).toBe('code_invalid')
    expect(await kind(authenticateWithPassword(name, password!))).toBe('wrong_password')
    expect(await kind(authenticateWithPassword(name, 'fresh_pass_7'))).toBe('ok')
    const kinds = (await db().auditEvent.findMany({ where: { userId: user.id } })).map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['password.reset', 'session.revoked', 'notice.sent']))
  })

  it('binds a phone after a bind code; a phone already taken is refused', async () => {
    const { user } = await makeUser()
    const p = phone()
    const { code } = await sendCode({ channel: 'sms', target: p, purpose: 'bind' })
    const updated = await bindContact(user.id, { channel: 'sms', target: p, code: code! }, { providers: providerFor })
    expect(updated.phone).toBe(p)
    const { user: other } = await makeUser()
    expect(await kind(bindContact(other.id, { channel: 'sms', target: p, code: '123456' }, { providers: providerFor }))).toBe('phone_taken')
  })
})

describe('password hashing under load', () => {
  it('runs at most the configured number of hashes at once and finishes them all', async () => {
    const { hashPassword, verifyPassword, hashingLoad } = await import('./passwords')
    setPasswordParamsForTests({ memoryCost: 1024, timeCost: 1, parallelism: 1 })
    let peak = 0
    let queued = 0
    const probe = setInterval(() => {
      const l = hashingLoad()
      peak = Math.max(peak, l.running)
      queued = Math.max(queued, l.waiting)
    }, 0)
    const hashes = await Promise.all(Array.from({ length: 12 }, (_, i) => hashPassword(`pw-${i}`)))
    const checks = await Promise.all(hashes.map((h, i) => verifyPassword(h, `pw-${i}`)))
    clearInterval(probe)
    expect(checks.every((c) => c.ok)).toBe(true)
    expect(peak).toBeGreaterThanOrEqual(1)
    expect(peak).toBeLessThanOrEqual(hashingLoad().limit)
    expect(queued).toBeGreaterThan(0)
    expect(hashingLoad()).toMatchObject({ running: 0, waiting: 0 })
  })
})
