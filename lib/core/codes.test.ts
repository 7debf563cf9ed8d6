import { describe, expect, it, afterEach, vi } from 'vitest'
import { failingSmsProvider } from '@/test/providers'
import { sendCode } from '../providers'
import { consumeVerificationCode, checkVerificationCode, repurposeVerificationCode } from './codes'
import { CODE_MAX_ATTEMPTS } from './rules'
import { db } from '../db'
import { config } from '../config'
import { phone } from '../../test/factories'
import { setProviderForTests } from '../providers'
import { AuthError } from './errors'
import { kindOf } from '../../test/errors'

const kind = kindOf

afterEach(() => {
  vi.useRealTimers()
  setProviderForTests('sms', undefined)
})

describe('verification codes', () => {
  it('sends a 6-digit code through the console provider, stored only as a hash', async () => {
    const target = phone()
    const sent = await sendCode({ channel: 'sms', target, purpose: 'register', ip: '10.0.0.1' })
    expect(sent.code).toMatch(/^\d{6}$/)
    expect(sent.ttlSeconds).toBe(300)
    const row = await db().verificationCode.findFirstOrThrow({ where: { target } })
    expect(row.codeHash).not.toContain(sent.code!)
    const outbox = await db().outboxMessage.findMany({ where: { recipient: target } })
    expect(outbox).toHaveLength(1)
    expect(outbox[0].body).toContain(sent.code!)
  })

  it('accepts the right code once, then refuses it', async () => {
    const target = phone()
    const { code } = await sendCode({ channel: 'sms', target, purpose: 'register' })
    await consumeVerificationCode({ channel: 'sms', target, purpose: 'register', code: code! })
    expect(await kind(consumeVerificationCode({ channel: 'sms', target, purpose: 'register', code: code! }))).toBe('code_invalid')
  })

  it('binds a code to its purpose', async () => {
    const target = phone()
    const { code } = await sendCode({ channel: 'sms', target, purpose: 'register' })
    expect(await kind(consumeVerificationCode({ channel: 'sms', target, purpose: 'login', code: code! }))).toBe('code_invalid')
  })

  it('expires a code after 5 minutes', async () => {
    const target = phone()
    const { code } = await sendCode({ channel: 'sms', target, purpose: 'register' })
    await db().verificationCode.updateMany({ where: { target }, data: { expiresAt: new Date(Date.now() - 1) } })
    expect(await kind(consumeVerificationCode({ channel: 'sms', target, purpose: 'register', code: code! }))).toBe('code_invalid')
  })

  it('burns a code after 5 wrong tries, even for the right code afterwards', async () => {
    const target = phone()
    const { code } = await sendCode({ channel: 'sms', target, purpose: 'register' })
    const wrong = code === '000000' ? '111111' : '000000'
    for (let i = 0; i < CODE_MAX_ATTEMPTS; i++) {
      expect(await kind(consumeVerificationCode({ channel: 'sms', target, purpose: 'register', code: wrong }))).toBe('code_invalid')
    }
    expect(await kind(consumeVerificationCode({ channel: 'sms', target, purpose: 'register', code: code! }))).toBe('code_invalid')
    // burned: a new code only after the resend interval (issue #21 item 5), then at once
    expect(await kind(sendCode({ channel: 'sms', target, purpose: 'register' }))).toBe('code_still_live')
    await db().verificationCode.updateMany({ where: { target }, data: { createdAt: new Date(Date.now() - 61_000) } })
    expect(await kind(sendCode({ channel: 'sms', target, purpose: 'register' }))).toBe('ok')
  })

  it('refuses a second send while a code is live, with the seconds left', async () => {
    const target = phone()
    await sendCode({ channel: 'sms', target, purpose: 'register' })
    try {
      await sendCode({ channel: 'sms', target, purpose: 'register' })
      expect.unreachable()
    } catch (e) {
      expect((e as AuthError).kind).toBe('code_still_live')
      // without resendAfterSeconds the live code holds until it expires (Hyperf's 50017)
      expect((e as AuthError).detail.retryAfter).toBeGreaterThan(240)
    }
  })

  it('replaces a live code after resendAfterSeconds, and the old code no longer works', async () => {
    const target = phone()
    const first = await sendCode({ channel: 'sms', target, purpose: 'login', resendAfterSeconds: 60 })
    expect(await kind(sendCode({ channel: 'sms', target, purpose: 'login', resendAfterSeconds: 60 }))).toBe('code_still_live')
    await db().verificationCode.updateMany({ where: { target }, data: { createdAt: new Date(Date.now() - 61_000) } })
    const second = await sendCode({ channel: 'sms', target, purpose: 'login', resendAfterSeconds: 60 })
    if (first.code !== second.code) {
      expect(await kind(consumeVerificationCode({ channel: 'sms', target, purpose: 'login', code: first.code! }))).toBe('code_invalid')
    }
    expect(await kind(consumeVerificationCode({ channel: 'sms', target, purpose: 'login', code: second.code! }))).toBe('ok')
  })

  it('20 concurrent sends for one phone give exactly one message', async () => {
    const target = phone()
    const results = await Promise.all(Array.from({ length: 20 }, () => kind(sendCode({ channel: 'sms', target, purpose: 'register', ip: '10.0.0.2' }))))
    expect(results.filter((r) => r === 'ok')).toHaveLength(1)
    expect(results.filter((r) => r === 'code_still_live')).toHaveLength(19)
    expect(await db().outboxMessage.count({ where: { recipient: target } })).toBe(1)
  })

  it('20 concurrent uses of one code: exactly one succeeds', async () => {
    const target = phone()
    const { code } = await sendCode({ channel: 'sms', target, purpose: 'register' })
    const results = await Promise.all(
      Array.from({ length: 20 }, () => kind(consumeVerificationCode({ channel: 'sms', target, purpose: 'register', code: code! }))),
    )
    expect(results.filter((r) => r === 'ok')).toHaveLength(1)
  })

  it('caps sends per target per day', async () => {
    const target = phone()
    for (let i = 0; i < config().CODE_DAILY_LIMIT_PER_TARGET; i++) {
      await sendCode({ channel: 'sms', target, purpose: 'register' })
      await db().verificationCode.updateMany({ where: { target }, data: { liveKey: null, createdAt: new Date(Date.now() - 61_000) } })
    }
    const err = await sendCode({ channel: 'sms', target, purpose: 'register' }).catch((e) => e)
    expect(err.kind).toBe('code_daily_limit')
    expect(err.detail.scope).toBe('target')
  })

  it('caps sends per IP per day', async () => {
    for (let i = 0; i < 50; i++) await sendCode({ channel: 'sms', target: phone(), purpose: 'register', ip: '10.9.9.9' })
    const err = await sendCode({ channel: 'sms', target: phone(), purpose: 'register', ip: '10.9.9.9' }).catch((e) => e)
    expect(err.kind).toBe('code_daily_limit')
    expect(err.detail.scope).toBe('ip')
  })

  it('a provider failure is not counted as a send: the user may ask again at once', async () => {
    const failing = failingSmsProvider()
    setProviderForTests('sms', failing)
    const target = phone()
    const err = await sendCode({ channel: 'sms', target, purpose: 'register' }).catch((e) => e)
    expect(err.kind).toBe('provider_failed')
    expect(err.detail.providerCode).toBe('isv.BUSINESS_LIMIT_CONTROL')
    setProviderForTests('sms', undefined)
    const ok = await sendCode({ channel: 'sms', target, purpose: 'register' })
    expect(ok.code).toMatch(/^\d{6}$/)
    const audit = await db().auditEvent.findFirst({ where: { kind: 'code.failed' } })
    expect(audit?.detail).toContain('isv.BUSINESS_LIMIT_CONTROL')
    // the audit log names the target masked, never in full
    expect(audit?.detail).toContain(`${target.slice(0, 3)}****${target.slice(-4)}`)
    expect(audit?.detail).not.toContain(target)
  })

  it('a real provider never reveals the code', async () => {
    setProviderForTests('sms', { name: 'real', channel: 'sms', revealsCodes: false, sendCode: async () => ({}) })
    const sent = await sendCode({ channel: 'sms', target: phone(), purpose: 'register' })
    expect(sent.code).toBeUndefined()
  })

  it('checkVerificationCode alone does not spend the code', async () => {
    const target = phone()
    const { code } = await sendCode({ channel: 'sms', target, purpose: 'bind' })
    await checkVerificationCode({ channel: 'sms', target, purpose: 'bind', code: code! })
    await consumeVerificationCode({ channel: 'sms', target, purpose: 'bind', code: code! })
  })

  it('says why a code is refused (detail.reason): wrong, expired, used, too many tries', async () => {
    const reason = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (err: unknown) => err,
      )
      expect(e).toBeInstanceOf(AuthError)
      expect((e as AuthError).kind).toBe('code_invalid')
      return (e as AuthError).detail.reason
    }
    const check = (target: string, code: string) => consumeVerificationCode({ channel: 'sms', target, purpose: 'register', code })
    const other = (code: string) => (code === '000000' ? '111111' : '000000')

    const none = phone()
    expect(await reason(check(none, '123456'))).toBe('wrong')

    const wrong = phone()
    const a = await sendCode({ channel: 'sms', target: wrong, purpose: 'register' })
    expect(await reason(check(wrong, other(a.code!)))).toBe('wrong')

    const used = phone()
    const b = await sendCode({ channel: 'sms', target: used, purpose: 'register' })
    await check(used, b.code!)
    expect(await reason(check(used, b.code!))).toBe('used')

    const expired = phone()
    const c = await sendCode({ channel: 'sms', target: expired, purpose: 'register' })
    await db().verificationCode.updateMany({ where: { target: expired }, data: { expiresAt: new Date(Date.now() - 1) } })
    expect(await reason(check(expired, c.code!))).toBe('expired')

    const burnt = phone()
    const d = await sendCode({ channel: 'sms', target: burnt, purpose: 'register' })
    for (let i = 1; i < CODE_MAX_ATTEMPTS; i++) expect(await reason(check(burnt, other(d.code!)))).toBe('wrong')
    expect(await reason(check(burnt, other(d.code!)))).toBe('too_many')
    expect(await reason(check(burnt, d.code!))).toBe('too_many')
  })

  it('repurposes a live code: a sign-in code to a number with no account becomes its sign-up code (#24)', async () => {
    const target = phone()
    const { code } = await sendCode({ channel: 'sms', target, purpose: 'login' })
    const wrong = code === '000000' ? '111111' : '000000'
    expect(await kind(repurposeVerificationCode({ channel: 'sms', target, purpose: 'login', code: wrong }, 'register'))).toBe('code_invalid')
    await repurposeVerificationCode({ channel: 'sms', target, purpose: 'login', code: code! }, 'register')
    // No longer a sign-in code; the same digits are now the sign-up code, once.
    expect(await kind(checkVerificationCode({ channel: 'sms', target, purpose: 'login', code: code! }))).toBe('code_invalid')
    await consumeVerificationCode({ channel: 'sms', target, purpose: 'register', code: code! })
    expect(await kind(consumeVerificationCode({ channel: 'sms', target, purpose: 'register', code: code! }))).toBe('code_invalid')
    // No second message was sent.
    expect(await db().outboxMessage.count({ where: { recipient: target } })).toBe(1)
  })
})
