// The browser's sign-in rules: every sign-in makes a core session, the cookie's token dies with it,
// and the forms never tell an unknown login from a wrong password.
import { describe, expect, it } from 'vitest'
import type { JWT } from 'next-auth/jwt'
import { authOptions } from './next-auth'
import { decodeSignInError, formMessage } from './messages'
import { translatorFor } from '../i18n/translator'
import { describeUserAgent, parseUserAgent } from './user-agent'
import { nameWidth } from '../core/rules'
import { detailsSchema } from '../../app/(web)/verify/schema'
import { getLiveSession, revokeSession } from '../core/sessions'
import { sendCode } from '../providers'
import { makeUser, phone } from '../../test/factories'
import { db } from '../db'

const en = translatorFor('en')
const zh = translatorFor('zh-CN')

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string; sessionId: string }>

function authorize(id: string): Authorize {
  // next-auth merges a provider's options over its defaults at request time; the id lives in options.
  const all = authOptions().providers as unknown as { options: { id: string; authorize: Authorize } }[]
  return all.find((x) => x.options.id === id)!.options.authorize
}

const headers = { 'x-forwarded-for': '203.0.113.7', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0 Safari/537.36' }

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected a failure')
}

describe('password sign-in', () => {
  it('creates a browser session with the address and user agent', async () => {
    const { name, password, user } = await makeUser()
    const u = await authorize('password')({ login: name, password: password! }, { headers })
    expect(u.id).toBe(String(user.id))
    const s = await getLiveSession(u.sessionId)
    expect(s).toMatchObject({ userId: user.id, client: 'browser', ip: '203.0.113.7' })
    expect(describeUserAgent(s!.userAgent)).toBe('Chrome on Windows')
  })

  it('answers an unknown login and a wrong password with the same message', async () => {
    const { name } = await makeUser()
    const wrong = decodeSignInError(await failure(authorize('password')({ login: name, password: 'nope_nope' }, { headers })))
    const unknown = decodeSignInError(await failure(authorize('password')({ login: `${name}x`, password: 'nope_nope' }, { headers })))
    expect(formMessage(en, wrong.kind)).toBe('Wrong login or password.')
    expect(formMessage(en, unknown.kind)).toBe('Wrong login or password.')
    expect(formMessage(zh, unknown.kind)).toBe(formMessage(zh, wrong.kind))
  })

  it('tells a disabled account apart only after the right password', async () => {
    const { name, password, user } = await makeUser()
    await db().user.update({ where: { id: user.id }, data: { status: 'disabled' } })
    expect(decodeSignInError(await failure(authorize('password')({ login: name, password: password! }, { headers }))).kind).toBe('user_disabled')
  })
})

describe('SMS code sign-in', () => {
  it('an unknown phone: a wrong code fails as for a known one; the right one says no account and signs up (#24)', async () => {
    const target = phone()
    const sent = await sendCode({ channel: 'sms', target, purpose: 'login' })
    const wrong = sent.code === '000000' ? '111111' : '000000'
    expect(decodeSignInError(await failure(authorize('sms-code')({ phone: target, code: wrong }, { headers })))).toEqual({
      kind: 'code_invalid',
      reason: 'wrong',
    })
    expect(decodeSignInError(await failure(authorize('sms-code')({ phone: target, code: sent.code! }, { headers }))).kind).toBe('no_account')
    // The code is now the number's sign-up code: the account is made with it, after the consent.
    const u = await authorize('sign-up')(
      { channel: 'sms', target, code: sent.code!, name: `na_${target.slice(-6)}`, password: 'pass_word_123', consent: 'true' },
      { headers },
    )
    expect(await db().user.findUnique({ where: { id: Number(u.id) } })).toMatchObject({ phone: target })
  })

  it('signs in a known phone with its code, once', async () => {
    const target = phone()
    await makeUser({ phone: target })
    const sent = await sendCode({ channel: 'sms', target, purpose: 'login' })
    await expect(authorize('sms-code')({ phone: target, code: sent.code! }, { headers })).resolves.toMatchObject({ sessionId: expect.any(String) })
    expect(decodeSignInError(await failure(authorize('sms-code')({ phone: target, code: sent.code! }, { headers }))).kind).toBe('code_invalid')
  })
})

describe('sign-up provider', () => {
  it('creates the user with the code and signs them in; a taken name keeps the code usable', async () => {
    const taken = await makeUser()
    const target = phone()
    const sent = await sendCode({ channel: 'sms', target, purpose: 'register' })
    const base = { channel: 'sms', target, code: sent.code!, password: 'pass_word_123', consent: 'true' }
    expect(decodeSignInError(await failure(authorize('sign-up')({ ...base, name: taken.name }, { headers }))).kind).toBe('name_taken')
    const before = Date.now()
    const u = await authorize('sign-up')({ ...base, name: 'fresh_name' }, { headers })
    const user = await db().user.findUnique({ where: { id: Number(u.id) } })
    expect(user).toMatchObject({ name: 'fresh_name', phone: target })
    // The consent is recorded with the account (#24).
    expect(user!.consentedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000)
  })

  it('refuses a sign-up without the consent checkbox, and makes no account (#24)', async () => {
    const target = phone()
    const sent = await sendCode({ channel: 'sms', target, purpose: 'register' })
    const base = { channel: 'sms', target, code: sent.code!, password: 'pass_word_123', name: `nc_${target.slice(-6)}` }
    for (const consent of [undefined, 'false', '']) {
      const answer = decodeSignInError(await failure(authorize('sign-up')({ ...base, ...(consent === undefined ? {} : { consent }) }, { headers })))
      expect(answer.kind).toBe('invalid_input')
    }
    expect(await db().user.findFirst({ where: { phone: target } })).toBeNull()
    // The code was not spent: with the consent the same code makes the account.
    await expect(authorize('sign-up')({ ...base, consent: 'true' }, { headers })).resolves.toMatchObject({ sessionId: expect.any(String) })
  })
})

describe('the next-auth token follows the core session', () => {
  it('is refused once the session is revoked', async () => {
    const { name, password } = await makeUser()
    const u = await authorize('password')({ login: name, password: password! }, { headers })
    const jwt = authOptions().callbacks!.jwt!
    const token = (await jwt({ token: {} as JWT, user: u as never, account: null })) as JWT
    expect(token).toEqual({ sub: u.id, sid: u.sessionId })
    await expect(jwt({ token, user: undefined as never, account: null })).resolves.toEqual(token)
    await revokeSession(u.sessionId, 'user')
    await expect(jwt({ token, user: undefined as never, account: null })).rejects.toThrow('session_ended')
  })
})

describe('form rules', () => {
  it('counts name width as ThinkSNS+ does and checks the password twice', () => {
    expect(nameWidth('ab')).toBe(1)
    expect(nameWidth('张三')).toBe(2)
    expect(detailsSchema.safeParse({ name: 'a', password: 'pass_word_1', confirm: 'pass_word_1' }).success).toBe(false)
    expect(detailsSchema.safeParse({ name: 'abcd', password: 'pass_word_1', confirm: 'pass_word_2', consent: true }).error?.issues[0]?.path).toEqual([
      'confirm',
    ])
    expect(detailsSchema.safeParse({ name: '9abc', password: 'pass_word_1', confirm: 'pass_word_1' }).success).toBe(false)
    expect(detailsSchema.safeParse({ name: 'abcd', password: 'pass_word_1', confirm: 'pass_word_1', consent: true }).success).toBe(true)
    expect(detailsSchema.safeParse({ name: 'abcd', password: 'pass_word_1', confirm: 'pass_word_1', consent: false }).error?.issues[0]).toMatchObject({
      path: ['consent'],
      message: 'validation.consent_required',
    })
  })

  it('describes common user agents', () => {
    expect(describeUserAgent('okhttp/4.12.0')).toBe('okhttp (Android app)')
    expect(
      describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40'),
    ).toBe('WeChat on iPhone')
    expect(describeUserAgent(null)).toBe('Unknown device')
    expect(parseUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36')).toEqual({
      tool: null,
      browser: 'Chrome',
      system: 'macOS',
      raw: null,
    })
    expect(parseUserAgent('okhttp/4.12.0')).toMatchObject({ tool: 'okhttp (Android app)', browser: null })
    expect(parseUserAgent('ThinkSNSPlus/4.3 build 12')).toMatchObject({ raw: 'ThinkSNSPlus/4.3 build 12' })
    expect(parseUserAgent('  ')).toEqual({ tool: null, browser: null, system: null, raw: null })
  })

  it('parses next-auth error strings with a wait', () => {
    expect(decodeSignInError('rate_limited:42')).toEqual({ kind: 'rate_limited', retryAfter: 42 })
    expect(formMessage(en, 'rate_limited', 42)).toBe('Too many attempts. Try again in 42 s.')
    expect(formMessage(zh, 'rate_limited', 42)).toBe('尝试次数过多，请 42 秒后再试。')
    expect(decodeSignInError('CredentialsSignin').kind).toBe('wrong_password')
  })
})
