// The ThinkSNS+ API as its clients see it: every endpoint, success and failure, with the literal
// strings of seeds 000/001 and reference §1.
import { failingSmsProvider } from '../../../test/providers'
import { keysOf, secretOf } from '@/test/keys'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { jwtVerify } from 'jose'
import { call, formRequest, getRequest, jsonRequest, BASE } from '../../../test/http'
import { makeUser, phone } from '../../../test/factories'
import { config, loadConfig, setConfigForTests } from '../../config'
import { db } from '../../db'
import { decodeJwtUnverified, signJwt } from '../../core/jwt'
import { replaceCurrentJti } from '../../core/sessions'
import { newJti } from '../../core/tokens'
import { setUserStatus } from '../../core/users'
import { setProviderForTests } from '../../providers'
import { startFakeWechat, type FakeWechat } from '../../providers/wechat/fake-server'
import * as h from './handlers'
import { inspector } from './introspect'
import thinksns from '.'

const { fallback } = thinksns

const bearer = (t: string) => ({ authorization: `Bearer ${t}` })

async function registerCode(target: { phone?: string; email?: string }) {
  const r = await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', target))
  expect(r.status).toBe(202)
  return r.body.code as string
}

async function loginCode(target: { phone?: string; email?: string }) {
  const r = await call(h.sendUserCode, jsonRequest('/api/v2/verifycodes', target))
  expect(r.status).toBe(202)
  return r.body.code as string
}

async function loginToken(login: string, password = 'secret_123') {
  const r = await call(h.login, jsonRequest('/api/v2/auth/login', { login, password }))
  expect(r.status).toBe(200)
  return r.body.access_token as string
}

const payloadOf = (token: string) => decodeJwtUnverified(token)!.payload as Record<string, any>
const uniqueName = () => `n${Math.random().toString(36).slice(2, 10)}`

afterEach(() => setProviderForTests('sms', undefined))

describe('POST /api/v2/users (register) and sign-in every way', () => {
  it('registers by phone with an SMS code (real spelling), then signs in by name, phone+password, phone+code and user id', async () => {
    const p = phone()
    const name = uniqueName()
    const code = await registerCode({ phone: p })
    const reg = await call(
      h.register,
      jsonRequest(
        '/api/v2/users',
        { phone: p, name, password: 'pass_1234', verifiable_type: 'sms', verifiable_code: code },
        { headers: { authorization: 'Bearer ' } },
      ),
    )
    expect(reg.status).toBe(201)
    expect(Object.keys(reg.body)).toEqual(['access_token', 'token_type', 'expires_in', 'refresh_ttl', 'token', 'ttl'])
    expect(reg.body).toMatchObject({ token_type: 'bearer', expires_in: 60, refresh_ttl: 20160, ttl: 60 })
    expect(reg.body.token).toBe(reg.body.access_token)

    const me = await call(h.currentUser, getRequest('/api/v2/user', bearer(reg.body.token)))
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ name, phone: p, email: null })

    for (const login of [name, name.toUpperCase(), p, `+86${p}`, String(me.body.id)]) {
      const r = await call(h.login, jsonRequest('/api/v2/auth/login', { login, password: 'pass_1234' }))
      expect(r.status, login).toBe(200)
      expect(r.body).toMatchObject({ token_type: 'bearer', expires_in: 60, refresh_ttl: 20160 })
      expect(payloadOf(r.body.access_token).sub).toBe(me.body.id)
    }

    const c = await loginCode({ phone: p })
    const byCode = await call(h.login, jsonRequest('/api/v2/auth/login', { login: p, verifiable_code: c }))
    expect(byCode.status).toBe(200)
    expect(payloadOf(byCode.body.access_token).sub).toBe(me.body.id)
    // single use
    const again = await call(h.login, jsonRequest('/api/v2/auth/login', { login: p, verifiable_code: c }))
    expect(again).toMatchObject({ status: 422, body: { message: '验证码错误或者已失效' } })
  })

  it('refuses a weak password with 422, listed with the other failing fields, without spending the code (issue #21 item 9)', async () => {
    const p = phone()
    const code = await registerCode({ phone: p })
    const reg = (body: Record<string, unknown>) =>
      call(h.register, jsonRequest('/api/v2/users', { phone: p, verifiable_type: 'sms', verifiable_code: code, ...body }))
    expect((await reg({ name: uniqueName(), password: '1' })).body).toEqual({ message: '提交的信息验证错误', errors: { password: ['密码长度不能少于8位'] } })
    expect((await reg({ name: uniqueName(), password: 'Password' })).body).toEqual({
      message: '提交的信息验证错误',
      errors: { password: ['密码过于常见，请换一个'] },
    })
    expect((await reg({ name: '1bad', password: '12345678' })).body.errors).toEqual({
      password: ['密码过于常见，请换一个'],
      name: ['昵称只能以非特殊字符和数字开头，不能包含特殊字符'],
    })
    expect((await reg({ name: uniqueName(), password: 'pw_strong_1' })).status).toBe(201)
  })

  it("registers with seed 000's spelling (verifiableType, verifiableCode), by form body, and by email without a password", async () => {
    const p = phone()
    const code = await registerCode({ phone: p })
    const reg = await call(
      h.register,
      formRequest('/api/v2/users', { phone: p, name: uniqueName(), password: 'pw_strong_1', verifiableType: 'sms', verifiableCode: code }),
    )
    expect(reg.status).toBe(201)
    expect(reg.body.refresh_ttl).toBe(20160)

    const email = `${uniqueName()}@Example.com`
    const mailCode = await registerCode({ email })
    const byMail = await call(h.register, jsonRequest('/api/v2/users', { email, name: '中文昵称', verifiable_type: 'mail', verifiable_code: mailCode }))
    expect(byMail.status).toBe(201)
    const me = await call(h.currentUser, getRequest('/api/v2/user', bearer(byMail.body.token)))
    expect(me.body).toMatchObject({ name: '中文昵称', email: email.toLowerCase(), phone: null })
  })

  it('lists every failing field with the real messages', async () => {
    const empty = await call(h.register, jsonRequest('/api/v2/users', {}))
    expect(empty.status).toBe(422)
    expect(empty.body).toEqual({
      message: '提交的信息验证错误',
      errors: {
        phone: ['请输入用户手机号码'],
        email: ['请输入用户邮箱地址'],
        verifiable_code: ['请输入验证码'],
        verifiable_type: ['非法的请求参数'],
        name: ['请输入昵称'],
      },
    })

    const bad = await call(h.register, jsonRequest('/api/v2/users', { phone: '12345', email: 'nope', name: '1', verifiable_type: 'qq', verifiable_code: '1' }))
    expect(bad.body.errors).toEqual({
      phone: ['请输入大陆地区合法手机号码'],
      email: ['请输入有效的邮箱地址'],
      verifiable_type: ['非法的请求参数'],
      name: ['昵称只能以非特殊字符和数字开头，不能包含特殊字符', '昵称长度不合法'],
    })

    const long = await call(
      h.register,
      jsonRequest('/api/v2/users', { phone: phone(), name: 'abcdefghijklmnopqrstuvwxyz', verifiable_type: 'sms', verifiable_code: '1' }),
    )
    expect(long.body.errors).toEqual({ name: ['昵称长度不合法'] })
    const wrongTypes = await call(h.register, jsonRequest('/api/v2/users', { phone: { a: 1 }, name: ['x'], verifiable_type: 'sms', verifiable_code: '1' }))
    expect(wrongTypes.status).toBe(422)
    expect(wrongTypes.body.errors.phone).toEqual(['请输入大陆地区合法手机号码'])
  })

  it('refuses a taken phone, email and name together', async () => {
    const { user, name } = await makeUser({ phone: phone(), email: `${uniqueName()}@x.cn` })
    const r = await call(
      h.register,
      jsonRequest('/api/v2/users', { phone: user.phone, email: user.email, name: name.toUpperCase(), verifiable_type: 'sms', verifiable_code: '123456' }),
    )
    expect(r.status).toBe(422)
    expect(r.body).toEqual({
      message: '提交的信息验证错误',
      errors: { phone: ['手机号码已经存在'], email: ['邮箱地址已存在'], name: ['昵称已经被其他用户所使用'] },
    })
  })

  it('refuses a wrong code with 验证码错误或者已失效; the right code still works after it', async () => {
    const p = phone()
    const code = await registerCode({ phone: p })
    const wrong = code === '000000' ? '111111' : '000000'
    const r = await call(h.register, jsonRequest('/api/v2/users', { phone: p, name: uniqueName(), verifiable_type: 'sms', verifiable_code: wrong }))
    expect(r).toMatchObject({ status: 422, body: { message: '验证码错误或者已失效' } })
    // the right code still works after one wrong try
    const ok = await call(h.register, jsonRequest('/api/v2/users', { phone: p, name: uniqueName(), verifiable_type: 'sms', verifiable_code: code }))
    expect(ok.status).toBe(201)
  })

  // Two sign-ups at once both pass the uniqueness check before either is written; the database's
  // unique index refuses the second (core createUser), and its answer is the one a later sign-up gets.
  const raceFrom = '10.31.0.1'
  const codeFor = async (target: { phone?: string; email?: string }) => {
    const r = await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', target, { headers: { 'x-forwarded-for': raceFrom } }))
    expect(r.status).toBe(202)
    return r.body.code as string
  }
  const race = async (a: Record<string, string>, b: Record<string, string>) => {
    const both = await Promise.all(
      [a, b].map((body) => call(h.register, jsonRequest('/api/v2/users', { password: 'pass_1234', ...body }, { headers: { 'x-forwarded-for': raceFrom } }))),
    )
    expect(both.map((r) => r.status).sort()).toEqual([201, 422])
    return both.find((r) => r.status === 422)!.text
  }

  it('two sign-ups racing for one name: one is registered, the other gets 昵称已经被其他用户所使用', async () => {
    const name = uniqueName()
    const [p1, p2] = [phone(), phone()]
    const [c1, c2] = [await codeFor({ phone: p1 }), await codeFor({ phone: p2 })]
    const loser = await race(
      { phone: p1, name, verifiable_type: 'sms', verifiable_code: c1 },
      { phone: p2, name: name.toUpperCase(), verifiable_type: 'sms', verifiable_code: c2 },
    )
    expect(loser).toBe('{"message":"提交的信息验证错误","errors":{"name":["昵称已经被其他用户所使用"]}}')
  })

  /**
   * One sign-up gives the contact without its code (unproved), the other proves it with its code:
   * whichever lands first, the proved one ends with the contact (#21 item 7); the other either gets
   * `taken` (the core's phone_taken / email_taken when the proved one was written between its check
   * and its insert) or registers without it. Returns whether the unproved one got `taken`.
   */
  const raceForContact = async (field: 'phone' | 'email', value: string, unproved: Record<string, string>, proved: Record<string, string>) => {
    // The proved one starts first, so it usually lands between the other's check and insert.
    const register = (body: Record<string, string>) =>
      call(h.register, jsonRequest('/api/v2/users', { password: 'pass_1234', ...body }, { headers: { 'x-forwarded-for': raceFrom } }))
    const [first, u] = await Promise.all([proved, unproved].map(register))
    // On PostgreSQL the proved one can meet the other's insert not yet committed and get `taken`
    // (docs/decisions/0010-unverified-contacts.md): its code is not spent, and asking again takes the contact.
    const v = first.status === 422 ? await register(proved) : first
    expect(v.status).toBe(201)
    const holder = await db().user.findUnique({ where: field === 'phone' ? { phone: value } : { email: value } })
    expect(holder?.name).toBe(proved.name)
    expect(holder?.[field === 'phone' ? 'phoneVerifiedAt' : 'emailVerifiedAt']).toBeInstanceOf(Date)
    if (u.status === 201) return false
    const message = field === 'phone' ? '手机号码已经存在' : '邮箱地址已存在'
    expect(u.text).toBe(`{"message":"提交的信息验证错误","errors":{"${field}":["${message}"]}}`)
    return true
  }
  /** Races until the unproved one loses once (each round checks the outcome either way). */
  const untilTaken = async (round: () => Promise<boolean>) => {
    let taken = false
    for (let i = 0; i < 10 && !taken; i++) taken = await round()
    expect(taken).toBe(true)
  }

  it('two sign-ups racing for one phone (one by mail with it, one by its SMS code): the SMS-proved one ends with it', async () => {
    await untilTaken(async () => {
      const p = phone()
      const email = `${uniqueName()}@x.cn`
      const [byMail, bySms] = [await codeFor({ email }), await codeFor({ phone: p })]
      return raceForContact(
        'phone',
        p,
        { email, phone: p, name: uniqueName(), verifiable_type: 'mail', verifiable_code: byMail },
        { phone: p, name: uniqueName(), verifiable_type: 'sms', verifiable_code: bySms },
      )
    })
  })

  it('two sign-ups racing for one email (one by SMS with it, one by its mail code): the mail-proved one ends with it', async () => {
    await untilTaken(async () => {
      const p = phone()
      const email = `${uniqueName()}@x.cn`
      const [bySms, byMail] = [await codeFor({ phone: p }), await codeFor({ email })]
      return raceForContact(
        'email',
        email,
        { phone: p, email, name: uniqueName(), verifiable_type: 'sms', verifiable_code: bySms },
        { email, name: uniqueName(), verifiable_type: 'mail', verifiable_code: byMail },
      )
    })
  })
})

describe('POST /api/v2/verifycodes/register and /api/v2/verifycodes', () => {
  it('answers 202 ["获取成功"] with the code (console provider) and puts the message in the outbox', async () => {
    const p = phone()
    const r = await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { phone: p }))
    expect(r.status).toBe(202)
    expect(r.body.message).toEqual(['获取成功'])
    expect(r.body.code).toMatch(/^\d{6}$/)
    expect(await db().outboxMessage.count({ where: { recipient: p } })).toBe(1)
  })

  it('refuses a registered phone or email for register, and an unknown one for sign-in', async () => {
    const { user } = await makeUser({ phone: phone(), email: `${uniqueName()}@x.cn` })
    const taken = await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { phone: user.phone }))
    expect(taken).toMatchObject({ status: 422, body: { message: '提交的信息验证错误', errors: { phone: ['手机号码已经被使用，不能发送验证码'] } } })
    const takenMail = await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { email: user.email }))
    expect(takenMail.body.errors).toEqual({ email: ['邮箱地址已经被使用，不能发送验证码'] })
    const unknown = await call(h.sendUserCode, jsonRequest('/api/v2/verifycodes', { phone: phone() }))
    expect(unknown).toMatchObject({ status: 422, body: { errors: { phone: ['请求的用户不存在'] } } })
    const none = await call(h.sendUserCode, jsonRequest('/api/v2/verifycodes', {}))
    expect(none.body.errors).toEqual({ phone: ['请求的手机号码不能为空'], email: ['请求的邮箱地址不能为空'] })
    const bad = await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { phone: '123' }))
    expect(bad.body.errors).toEqual({ phone: ['请求的手机号码必须是大陆地区合法手机号码'] })
  })

  it('asks to wait before a second code within 60 s (429 with Retry-After)', async () => {
    const p = phone()
    await registerCode({ phone: p })
    const r = await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { phone: p }))
    expect(r.status).toBe(429)
    expect(r.body.message).toMatch(/^还需要\d+秒后才能获取$/)
    const n = Number(r.body.message.match(/\d+/)![0])
    expect(n).toBeGreaterThan(55)
    expect(n).toBeLessThanOrEqual(60)
    expect(r.headers.get('retry-after')).toBe(String(n))
  })

  it('answers 502 验证码发送失败 when the SMS provider fails, and a new request may follow at once', async () => {
    setProviderForTests('sms', failingSmsProvider())
    const p = phone()
    const r = await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { phone: p }))
    expect(r).toMatchObject({ status: 502, body: { message: '验证码发送失败' } })
    setProviderForTests('sms', undefined)
    expect((await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { phone: p }))).status).toBe(202)
  })

  it('a sign-in code: 429 还需要N秒后才能获取 within 60 s, 502 验证码发送失败 when the provider fails', async () => {
    const { user } = await makeUser({ phone: phone(), password: null })
    const from = { headers: { 'x-forwarded-for': '10.32.0.1' } }
    setProviderForTests('sms', failingSmsProvider())
    expect(await call(h.sendUserCode, jsonRequest('/api/v2/verifycodes', { phone: user.phone }, from))).toMatchObject({
      status: 502,
      text: '{"message":"验证码发送失败"}',
    })
    setProviderForTests('sms', undefined)
    expect((await call(h.sendUserCode, jsonRequest('/api/v2/verifycodes', { phone: user.phone }, from))).status).toBe(202)
    const again = await call(h.sendUserCode, jsonRequest('/api/v2/verifycodes', { phone: user.phone }, from))
    expect(again.status).toBe(429)
    expect(again.body.message).toMatch(/^还需要\d+秒后才能获取$/)
    expect(again.headers.get('retry-after')).toBe(again.body.message.match(/\d+/)![0])
  })

  it('the daily cap of codes per address covers both send endpoints: 429 Too Many Attempts. with Retry-After', async () => {
    const from = { headers: { 'x-forwarded-for': '10.33.0.1' } }
    for (let i = 0; i < config().CODE_DAILY_LIMIT_PER_IP; i++) {
      expect((await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { phone: phone() }, from))).status).toBe(202)
    }
    const register = await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { phone: phone() }, from))
    expect(register).toMatchObject({ status: 429, text: '{"message":"Too Many Attempts."}' })
    expect(Number(register.headers.get('retry-after'))).toBeGreaterThan(0)
    const { user } = await makeUser({ phone: phone(), password: null })
    const signIn = await call(h.sendUserCode, jsonRequest('/api/v2/verifycodes', { phone: user.phone }, from))
    expect(signIn).toMatchObject({ status: 429, text: '{"message":"Too Many Attempts."}' })
    expect(Number(signIn.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})

describe('POST /api/v2/auth/login failures', () => {
  it('gives the same 422 for a wrong password and an unknown account', async () => {
    const { name } = await makeUser()
    const wrong = await call(h.login, jsonRequest('/api/v2/auth/login', { login: name, password: 'nope' }))
    const unknown = await call(h.login, jsonRequest('/api/v2/auth/login', { login: 'nobody_here', password: 'nope' }))
    expect(wrong).toMatchObject({ status: 422, text: '{"message":"账号或密码不正确"}' })
    expect(unknown).toMatchObject({ status: 422, text: '{"message":"账号或密码不正确"}' })
  })

  it('says 403 账号已被禁用，请联系管理员 to a disabled user with the right password', async () => {
    const { user, name, password } = await makeUser()
    await setUserStatus(user.id, 'disabled')
    const r = await call(h.login, jsonRequest('/api/v2/auth/login', { login: name, password }))
    expect(r).toMatchObject({ status: 403, text: '{"message":"账号已被禁用，请联系管理员"}' })
  })

  it('treats a code with a name as login as a wrong password, and a wrong code as 验证码错误或者已失效', async () => {
    const { name, user } = await makeUser({ phone: phone() })
    const byName = await call(h.login, jsonRequest('/api/v2/auth/login', { login: name, verifiable_code: '123456' }))
    expect(byName).toMatchObject({ status: 422, body: { message: '账号或密码不正确' } })
    const wrong = await call(h.login, jsonRequest('/api/v2/auth/login', { login: user.phone, verifiable_code: '123456' }))
    expect(wrong).toMatchObject({ status: 422, body: { message: '验证码错误或者已失效' } })
  })

  it('signs in with an empty `Authorization: Bearer ` header or a dead token in it', async () => {
    const { name, password } = await makeUser()
    for (const authorization of ['Bearer ', 'Bearer', 'bearer null', 'Bearer eyJ.dead.token']) {
      const r = await call(h.login, jsonRequest('/api/v2/auth/login', { login: name, password }, { headers: { authorization } }))
      expect(r.status, authorization).toBe(200)
    }
  })

  it('answers validation errors, malformed JSON and oversized bodies in the Laravel shape, never 500', async () => {
    const missing = await call(h.login, jsonRequest('/api/v2/auth/login', {}))
    expect(missing).toMatchObject({ status: 422, body: { message: '提交的信息验证错误', errors: { login: expect.any(Array), password: expect.any(Array) } } })
    const malformed = await call(h.login, jsonRequest('/api/v2/auth/login', '{"login": "x",'))
    expect(malformed.status).toBe(400)
    expect(typeof malformed.body.message).toBe('string')
    const huge = await call(h.login, jsonRequest('/api/v2/auth/login', JSON.stringify({ login: 'x'.repeat(1024 * 1024), password: 'y' })))
    expect(huge.status).toBe(413)
    expect(typeof huge.body.message).toBe('string')
    const array = await call(h.login, jsonRequest('/api/v2/auth/login', '[1,2]'))
    expect(array.status).toBe(400)
    const numbers = await call(h.login, jsonRequest('/api/v2/auth/login', { login: 12345678, password: 1 }))
    expect(numbers).toMatchObject({ status: 422, body: { message: '账号或密码不正确' } })
  })

  it('answers 429 Too Many Attempts. with Retry-After after too many tries for one login', async () => {
    const login = `flood_${uniqueName()}`
    let last
    for (let i = 0; i <= config().LOGIN_LIMIT_PER_MINUTE; i++) {
      last = await call(h.login, jsonRequest('/api/v2/auth/login', { login, password: 'x' }, { headers: { 'x-forwarded-for': `10.9.${i}.1` } }))
    }
    expect(last).toMatchObject({ status: 429, text: '{"message":"Too Many Attempts."}' })
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})

describe('tokens', () => {
  it("are tymon/jwt-auth's: header, claim order, integer sub, prv, iss = the request URL; a jwt-auth service with THINKSNS_JWT_SECRET accepts them", async () => {
    const { user, name } = await makeUser()
    const token = await loginToken(name)
    const [h64, p64] = token.split('.')
    expect(Buffer.from(h64, 'base64url').toString()).toBe('{"typ":"JWT","alg":"HS256"}')
    const payload = JSON.parse(Buffer.from(p64, 'base64url').toString())
    expect(Object.keys(payload)).toEqual(['iss', 'iat', 'exp', 'nbf', 'jti', 'sub', 'prv', 'sid'])
    expect(payload.iss).toBe(`${BASE}/api/v2/auth/login`)
    expect(payload.sub).toBe(user.id)
    expect(payload.prv).toBe('48e453831ceba5e57a475e68649cfdee6e97d8d2')
    expect(payload.jti).toMatch(/^[A-Za-z0-9]{16}$/)
    expect(payload.exp - payload.iat).toBe(60 * 60)
    expect(payload.nbf).toBe(payload.iat)
    const verified = await jwtVerify(token, new TextEncoder().encode(secretOf('thinksns')), { algorithms: ['HS256'] })
    expect(verified.payload.sub).toBe(user.id)
  })

  it('are read from Authorization (any case), ?token= and a body field token', async () => {
    const { name } = await makeUser()
    const token = await loginToken(name)
    expect((await call(h.currentUser, getRequest('/api/v2/user', { authorization: `bearer ${token}` }))).status).toBe(200)
    expect((await call(h.currentUser, getRequest('/api/v2/user', { authorization: `BEARER ${token}` }))).status).toBe(200)
    expect((await call(h.currentUser, getRequest(`/api/v2/user?token=${token}`))).status).toBe(200)
    expect((await call(h.currentUser, getRequest(`/api/v2/user?token=${token}`, { authorization: 'Bearer ' }))).status).toBe(200)
    const byBody = await call(h.logout, jsonRequest('/api/v2/auth/logout', { token }))
    expect(byBody).toMatchObject({ status: 200, body: { message: '退出成功' } })
  })

  it('are refused on authenticated routes with 401 {"message":"Unauthenticated."} when missing, forged or of another issuer', async () => {
    const { name } = await makeUser()
    const token = await loginToken(name)
    const forged = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA')
    const other = await signJwt(
      { typ: 'JWT', alg: 'HS256' },
      { ...payloadOf(token), iss: 'https://evil.example/api/v2/auth/login' },
      (await keysOf('thinksns'))[0],
    )
    for (const headers of [{}, { authorization: 'Bearer ' }, bearer('abc'), bearer(forged), bearer(other)]) {
      const r = await call(h.currentUser, getRequest('/api/v2/user', headers))
      expect(r).toMatchObject({ status: 401, text: '{"message":"Unauthenticated."}' })
    }
  })
})

describe('GET|POST|PUT|PATCH /api/v2/auth/logout', () => {
  it('answers {"message":"退出成功"}; the same token is refused from the next request on', async () => {
    const { name } = await makeUser()
    const token = await loginToken(name)
    const out = await call(h.logout, getRequest('/api/v2/auth/logout', bearer(token), 'PUT'))
    expect(out).toMatchObject({ status: 200, text: '{"message":"退出成功"}' })
    expect(await call(h.currentUser, getRequest('/api/v2/user', bearer(token)))).toMatchObject({ status: 401, body: { message: 'Unauthenticated.' } })
    expect(await call(h.logout, getRequest('/api/v2/auth/logout', bearer(token)))).toMatchObject({ status: 401, body: { message: 'Unauthenticated.' } })
    const refreshed = await call(h.refresh, getRequest('/api/v2/auth/refresh', bearer(token), 'POST'))
    expect(refreshed).toMatchObject({ status: 401, body: { message: 'The token has been blacklisted' } })
  })

  it('answers 401 {"message":"Unauthenticated."} without a token, with a malformed one and with an expired one', async () => {
    const { name } = await makeUser()
    const token = await loginToken(name)
    const p = payloadOf(token)
    const now = Math.floor(Date.now() / 1000)
    const jti = newJti()
    // The session's current token, only expired (an hour ago).
    const expired = await signJwt({ typ: 'JWT', alg: 'HS256' }, { ...p, iat: now - 7200, nbf: now - 7200, exp: now - 3600, jti }, (await keysOf('thinksns'))[0])
    await replaceCurrentJti(p.sid as string, p.jti as string, jti)
    for (const headers of [{}, bearer('abc.def'), bearer(expired)]) {
      const r = await call(h.logout, getRequest('/api/v2/auth/logout', headers, 'POST'))
      expect(r).toMatchObject({ status: 401, text: '{"message":"Unauthenticated."}' })
    }
  })
})

describe('GET|POST|PUT|PATCH /api/v2/auth/refresh', () => {
  it('answers a new token body; the old token is dead at once, the new one works', async () => {
    const { name } = await makeUser()
    const old = await loginToken(name)
    const r = await call(h.refresh, getRequest('/api/v2/auth/refresh', bearer(old), 'PATCH'))
    expect(r.status).toBe(200)
    expect(Object.keys(r.body)).toEqual(['access_token', 'token_type', 'expires_in', 'refresh_ttl'])
    expect(r.body).toMatchObject({ token_type: 'bearer', expires_in: 60, refresh_ttl: 20160 })
    expect(payloadOf(r.body.access_token).iat).toBe(payloadOf(old).iat)
    expect(payloadOf(r.body.access_token).iss).toBe(`${BASE}/api/v2/auth/refresh`)
    expect(await call(h.currentUser, getRequest('/api/v2/user', bearer(old)))).toMatchObject({ status: 401, body: { message: 'Unauthenticated.' } })
    expect(await call(h.refresh, getRequest('/api/v2/auth/refresh', bearer(old)))).toMatchObject({
      status: 401,
      body: { message: 'The token has been blacklisted' },
    })
    expect((await call(h.currentUser, getRequest('/api/v2/user', bearer(r.body.access_token)))).status).toBe(200)
  })

  it('exchanges one token once when two refreshes race', async () => {
    const { name } = await makeUser()
    const old = await loginToken(name)
    const results = await Promise.all([1, 2, 3].map(() => call(h.refresh, getRequest('/api/v2/auth/refresh', bearer(old)))))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
  })

  async function tokenWithTimes(iatAgo: number, expAgo: number) {
    const { name } = await makeUser()
    const first = await loginToken(name)
    const p = payloadOf(first)
    const now = Math.floor(Date.now() / 1000)
    const jti = newJti()
    const token = await signJwt(
      { typ: 'JWT', alg: 'HS256' },
      { ...p, iat: now - iatAgo, exp: now - expAgo, nbf: now - iatAgo, jti },
      (await keysOf('thinksns'))[0],
    )
    await replaceCurrentJti(p.sid as string, p.jti as string, jti)
    return token
  }

  it('refreshes an expired token inside refresh_ttl, keeping the first iat; refuses it on other routes', async () => {
    const expired = await tokenWithTimes(7200, 3600)
    expect(await call(h.currentUser, getRequest('/api/v2/user', bearer(expired)))).toMatchObject({ status: 401, body: { message: 'Unauthenticated.' } })
    const r = await call(h.refresh, getRequest('/api/v2/auth/refresh', bearer(expired)))
    expect(r.status).toBe(200)
    expect(payloadOf(r.body.access_token).iat).toBe(payloadOf(expired).iat)
  })

  it('refuses beyond refresh_ttl counted from the first token: 401 Token has expired and can no longer be refreshed', async () => {
    const old = await tokenWithTimes(20160 * 60 + 10, 20160 * 60 + 10 - 3600)
    const r = await call(h.refresh, getRequest('/api/v2/auth/refresh', bearer(old)))
    expect(r).toMatchObject({ status: 401, text: '{"message":"Token has expired and can no longer be refreshed"}' })
  })

  it("answers jwt-auth's messages for a missing, malformed or forged token (401, never 500)", async () => {
    expect(await call(h.refresh, getRequest('/api/v2/auth/refresh'))).toMatchObject({
      status: 401,
      body: { message: 'Token could not be parsed from the request.' },
    })
    expect(await call(h.refresh, getRequest('/api/v2/auth/refresh', { authorization: 'Bearer ' }))).toMatchObject({
      status: 401,
      body: { message: 'Token could not be parsed from the request.' },
    })
    expect(await call(h.refresh, getRequest('/api/v2/auth/refresh', bearer('abc.def')))).toMatchObject({
      status: 401,
      body: { message: 'Wrong number of segments' },
    })
    const { name } = await makeUser()
    const token = await loginToken(name)
    const forged = await signJwt({ typ: 'JWT', alg: 'HS256' }, payloadOf(token), {
      alg: 'HS256',
      signKey: new TextEncoder().encode('x'.repeat(32)),
      verifyKey: new Uint8Array(),
    })
    expect(await call(h.refresh, getRequest('/api/v2/auth/refresh', bearer(forged)))).toMatchObject({
      status: 401,
      body: { message: 'Token Signature could not be verified.' },
    })
    const none = `${Buffer.from('{"typ":"JWT","alg":"none"}').toString('base64url')}.${token.split('.')[1]}.`
    expect(await call(h.refresh, getRequest('/api/v2/auth/refresh', bearer(none)))).toMatchObject({
      status: 401,
      body: { message: 'Token Signature could not be verified.' },
    })
  })
})

describe('legacy POST /api/v2/tokens and PATCH /api/v2/tokens/{token} (seed 001)', () => {
  it('creates a token from a form body: 201 {token, user, ttl, refresh_ttl} with the seed user object', async () => {
    const { user, name, password } = await makeUser({ phone: phone(), email: `${uniqueName()}@x.cn` })
    const r = await call(h.createLegacyToken, formRequest('/api/v2/tokens', { login: name, password: password! }))
    expect(r.status).toBe(201)
    expect(Object.keys(r.body)).toEqual(['token', 'user', 'ttl', 'refresh_ttl'])
    expect(r.body.ttl).toBe(20160)
    expect(r.body.refresh_ttl).toBe(40320)
    expect(Object.keys(r.body.user)).toEqual([
      'id',
      'name',
      'bio',
      'sex',
      'location',
      'created_at',
      'updated_at',
      'avatar',
      'bg',
      'verified',
      'extra',
      'wallet',
      'phone',
      'email',
    ])
    expect(r.body.user).toMatchObject({ id: user.id, name, phone: user.phone, email: user.email, verified: null, wallet: null })
    expect(r.body.user.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(Object.keys(r.body.user.extra)).toEqual([
      'user_id',
      'likes_count',
      'comments_count',
      'followers_count',
      'followings_count',
      'updated_at',
      'feeds_count',
      'questions_count',
    ])
    const p = payloadOf(r.body.token)
    expect((p.exp as number) - (p.iat as number)).toBe(20160 * 60)
    expect((await call(h.currentUser, getRequest('/api/v2/user', bearer(r.body.token)))).status).toBe(200)
  })

  it('answers as the real server: 422 {"password":["密码错误"]}, 404 {"login":["用户不存在"]}, 422 {"message":["你已被禁止登陆"]}', async () => {
    const { user, name, password } = await makeUser()
    expect(await call(h.createLegacyToken, formRequest('/api/v2/tokens', { login: name, password: 'wrong' }))).toMatchObject({
      status: 422,
      text: '{"password":["密码错误"]}',
    })
    expect(await call(h.createLegacyToken, formRequest('/api/v2/tokens', { login: 'no_such_user', password: password! }))).toMatchObject({
      status: 404,
      text: '{"login":["用户不存在"]}',
    })
    await setUserStatus(user.id, 'disabled')
    expect(await call(h.createLegacyToken, jsonRequest('/api/v2/tokens', { login: name, password }))).toMatchObject({
      status: 422,
      text: '{"message":["你已被禁止登陆"]}',
    })
  })

  it('answers a missing login or password with the validation bag, and too many tries with 429 Too Many Attempts.', async () => {
    const missing = await call(h.createLegacyToken, jsonRequest('/api/v2/tokens', {}))
    expect(missing).toMatchObject({ status: 422, body: { message: '提交的信息验证错误', errors: { login: expect.any(Array), password: expect.any(Array) } } })
    const login = `flood_${uniqueName()}`
    let last
    for (let i = 0; i <= config().LOGIN_LIMIT_PER_MINUTE; i++) {
      last = await call(h.createLegacyToken, jsonRequest('/api/v2/tokens', { login, password: 'x' }, { headers: { 'x-forwarded-for': `10.34.${i}.1` } }))
    }
    expect(last).toMatchObject({ status: 429, text: '{"message":"Too Many Attempts."}' })
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('refuses PATCH /tokens/{token} beyond its refresh_ttl (40320 min from the first token): 401 Token has expired and can no longer be refreshed', async () => {
    const { name, password } = await makeUser()
    const created = await call(h.createLegacyToken, jsonRequest('/api/v2/tokens', { login: name, password }))
    const p = payloadOf(created.body.token)
    const now = Math.floor(Date.now() / 1000)
    const iat = now - (40320 * 60 + 10)
    const jti = newJti()
    const old = await signJwt({ typ: 'JWT', alg: 'HS256' }, { ...p, iat, nbf: iat, exp: iat + 20160 * 60, jti }, (await keysOf('thinksns'))[0])
    await replaceCurrentJti(p.sid as string, p.jti as string, jti)
    const r = await call(h.refreshLegacyToken, getRequest(`/api/v2/tokens/${old}`, {}, 'PATCH'))
    expect(r).toMatchObject({ status: 401, text: '{"message":"Token has expired and can no longer be refreshed"}' })
  })

  it('refreshes with PATCH /tokens/{token}: 201 {token, ttl, refresh_ttl}; the old token is dead', async () => {
    const { name, password } = await makeUser()
    const created = await call(h.createLegacyToken, jsonRequest('/api/v2/tokens', { login: name, password }))
    const old = created.body.token
    const r = await call(h.refreshLegacyToken, getRequest(`/api/v2/tokens/${old}`, {}, 'PATCH'))
    expect(r.status).toBe(201)
    expect(Object.keys(r.body)).toEqual(['token', 'ttl', 'refresh_ttl'])
    expect(r.body).toMatchObject({ ttl: 20160, refresh_ttl: 40320 })
    expect(await call(h.currentUser, getRequest('/api/v2/user', bearer(old)))).toMatchObject({ status: 401 })
    expect((await call(h.currentUser, getRequest('/api/v2/user', bearer(r.body.token)))).status).toBe(200)
    expect(await call(h.refreshLegacyToken, getRequest(`/api/v2/tokens/${old}`, {}, 'PATCH'))).toMatchObject({
      status: 401,
      body: { message: 'The token has been blacklisted' },
    })
    expect(await call(h.refreshLegacyToken, getRequest(`/api/v2/tokens/nonsense`, {}, 'PATCH'))).toMatchObject({
      status: 401,
      body: { message: 'Wrong number of segments' },
    })
  })
})

describe('GET /api/v2/user and /api/v2/users/{id|name|phone}', () => {
  it('shows the public profile of a known phone, name or id, without phone, email or wallet; 404 内容不存在 for an unknown phone', async () => {
    const { user, name } = await makeUser({ phone: phone(), email: `${uniqueName()}@x.cn` })
    for (const key of [user.phone!, name, String(user.id)]) {
      const r = await call(h.showUser, getRequest(`/api/v2/users/${encodeURIComponent(key)}`, { authorization: 'Bearer ' }))
      expect(r.status, key).toBe(200)
      expect(r.body).toMatchObject({ id: user.id, name })
      expect(r.body).not.toHaveProperty('phone')
      expect(r.body).not.toHaveProperty('email')
      expect(r.body).not.toHaveProperty('wallet')
    }
    const unknown = await call(h.showUser, getRequest(`/api/v2/users/${phone()}`))
    expect(unknown).toMatchObject({ status: 404, text: '{"message":"内容不存在"}' })
    expect(await call(h.showUser, getRequest('/api/v2/users/%E0%A4%A'))).toMatchObject({ status: 404, body: { message: '内容不存在' } })
  })

  it('does not publish the last sign-in: signing in every way leaves the public updated_at as it was', async () => {
    const { user, name, password } = await makeUser({ phone: phone() })
    const profileChanged = new Date('2020-01-02T03:04:05.000Z')
    await db().user.update({ where: { id: user.id }, data: { updatedAt: profileChanged } })
    const shown = async () => (await call(h.showUser, getRequest(`/api/v2/users/${user.id}`))).body
    expect(await shown()).toMatchObject({ updated_at: '2020-01-02 03:04:05', extra: { updated_at: '2020-01-02 03:04:05' } })
    const token = await loginToken(name, password)
    expect((await call(h.createLegacyToken, formRequest('/api/v2/tokens', { login: name, password: password! }))).status).toBe(201)
    const code = await loginCode({ phone: user.phone! })
    expect((await call(h.login, jsonRequest('/api/v2/auth/login', { login: user.phone, verifiable_code: code }))).status).toBe(200)
    expect(await shown()).toMatchObject({ updated_at: '2020-01-02 03:04:05', extra: { updated_at: '2020-01-02 03:04:05' } })
    // Nor does the user's own view, which is the public one plus contacts.
    expect((await call(h.currentUser, getRequest('/api/v2/user', bearer(token)))).body.updated_at).toBe('2020-01-02 03:04:05')
    // The sign-ins were recorded, just not as a profile change.
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).visitCount).toBe(user.visitCount + 3)
  })

  it('is rate-limited per address: 429 Too Many Attempts. with Retry-After', async () => {
    let last
    for (let i = 0; i <= 60; i++) last = await call(h.showUser, getRequest(`/api/v2/users/${phone()}`, { 'x-forwarded-for': '10.77.0.1' }))
    expect(last).toMatchObject({ status: 429, body: { message: 'Too Many Attempts.' } })
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('GET /api/v2/user needs a token', async () => {
    expect(await call(h.currentUser, getRequest('/api/v2/user'))).toMatchObject({ status: 401, text: '{"message":"Unauthenticated."}' })
  })

  it('GET /api/v2/user refuses the token of a disabled account as a dead one: 401 Unauthenticated.', async () => {
    const { user, name } = await makeUser()
    const token = await loginToken(name)
    // Only the status, as setUserStatus writes it before it ends the sessions: the token alone is still live.
    await db().user.update({ where: { id: user.id }, data: { status: 'disabled' } })
    expect(await call(h.currentUser, getRequest('/api/v2/user', bearer(token)))).toMatchObject({ status: 401, text: '{"message":"Unauthenticated."}' })
    await setUserStatus(user.id, 'disabled')
    expect(await call(h.currentUser, getRequest('/api/v2/user', bearer(token)))).toMatchObject({ status: 401, text: '{"message":"Unauthenticated."}' })
  })
})

describe('POST /api/v2/wechat/mini-program', () => {
  let wx: FakeWechat
  beforeAll(async () => {
    wx = await startFakeWechat('wx-app', 'wx-secret')
    setConfigForTests(loadConfig({ ...process.env, WECHAT_APPID: 'wx-app', WECHAT_SECRET: 'wx-secret', WECHAT_API_BASE: wx.url }))
  })
  afterAll(async () => {
    setConfigForTests(undefined)
    await wx.close()
  })

  it('signs up a new openid, then signs the same user in', async () => {
    const first = await call(h.miniProgram, jsonRequest('/api/v2/wechat/mini-program', { code: 'ok:openid-A:union-A' }))
    expect(first.status).toBe(200)
    expect(Object.keys(first.body)).toEqual(['access_token', 'token_type', 'expires_in', 'refresh_ttl'])
    const again = await call(h.miniProgram, formRequest('/api/v2/wechat/mini-program', { code: 'ok:openid-A' }))
    expect(again.status).toBe(200)
    expect(payloadOf(again.body.access_token).sub).toBe(payloadOf(first.body.access_token).sub)
    const me = await call(h.currentUser, getRequest('/api/v2/user', bearer(again.body.access_token)))
    expect(me.status).toBe(200)
    expect(wx.requests.at(-1)!.searchParams.get('js_code')).toBe('ok:openid-A')
  })

  it("answers WeChat's errors clearly: 40029 → 422, 45011 → 429, -1 → 502, garbage → 502", async () => {
    const bad = await call(h.miniProgram, jsonRequest('/api/v2/wechat/mini-program', { code: 'bad' }))
    expect(bad.status).toBe(422)
    expect(bad.body.message).toContain('code')
    const limit = await call(h.miniProgram, jsonRequest('/api/v2/wechat/mini-program', { code: 'limit' }))
    expect(limit.status).toBe(429)
    expect(limit.headers.get('retry-after')).toBeTruthy()
    expect(limit.body.message).toContain('频繁')
    const busy = await call(h.miniProgram, jsonRequest('/api/v2/wechat/mini-program', { code: 'busy' }))
    expect(busy.status).toBe(502)
    expect(busy.body.message).toContain('繁忙')
    const html = await call(h.miniProgram, jsonRequest('/api/v2/wechat/mini-program', { code: 'html' }))
    expect(html.status).toBe(502)
    const none = await call(h.miniProgram, jsonRequest('/api/v2/wechat/mini-program', {}))
    expect(none).toMatchObject({ status: 422, body: { message: '提交的信息验证错误', errors: { code: expect.any(Array) } } })
  })

  it('does not publish the last sign-in: signing in every way leaves the public updated_at as it was', async () => {
    const { user, name, password } = await makeUser({ phone: phone() })
    const profileChanged = new Date('2020-01-02T03:04:05.000Z')
    await db().user.update({ where: { id: user.id }, data: { updatedAt: profileChanged } })
    const shown = async () => (await call(h.showUser, getRequest(`/api/v2/users/${user.id}`))).body
    expect(await shown()).toMatchObject({ updated_at: '2020-01-02 03:04:05', extra: { updated_at: '2020-01-02 03:04:05' } })
    const token = await loginToken(name, password)
    expect((await call(h.createLegacyToken, formRequest('/api/v2/tokens', { login: name, password: password! }))).status).toBe(201)
    const code = await loginCode({ phone: user.phone! })
    expect((await call(h.login, jsonRequest('/api/v2/auth/login', { login: user.phone, verifiable_code: code }))).status).toBe(200)
    expect(await shown()).toMatchObject({ updated_at: '2020-01-02 03:04:05', extra: { updated_at: '2020-01-02 03:04:05' } })
    // Nor does the user's own view, which is the public one plus contacts.
    expect((await call(h.currentUser, getRequest('/api/v2/user', bearer(token)))).body.updated_at).toBe('2020-01-02 03:04:05')
    // The sign-ins were recorded, just not as a profile change.
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).visitCount).toBe(user.visitCount + 3)
  })

  it('is rate-limited per address: 429 Too Many Attempts. with Retry-After', async () => {
    let last
    for (let i = 0; i <= 30; i++)
      last = await call(h.miniProgram, jsonRequest('/api/v2/wechat/mini-program', { code: 'bad' }, { headers: { 'x-forwarded-for': '10.35.0.1' } }))
    expect(last).toMatchObject({ status: 429, text: '{"message":"Too Many Attempts."}' })
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('refuses a disabled user', async () => {
    const r = await call(h.miniProgram, jsonRequest('/api/v2/wechat/mini-program', { code: 'ok:openid-D' }))
    await setUserStatus(payloadOf(r.body.access_token).sub as number, 'disabled')
    expect(await call(h.miniProgram, jsonRequest('/api/v2/wechat/mini-program', { code: 'ok:openid-D' }))).toMatchObject({
      status: 403,
      body: { message: '账号已被禁用，请联系管理员' },
    })
  })
})

describe('token inspector', () => {
  it('knows our tokens, reports replaced ones inactive, and ignores others', async () => {
    const { user, name } = await makeUser()
    const token = await loginToken(name)
    expect(await inspector.inspect(token)).toMatchObject({ active: true, dialect: 'thinksns', tokenType: 'access', userId: user.id })
    await call(h.refresh, getRequest('/api/v2/auth/refresh', bearer(token)))
    expect(await inspector.inspect(token)).toMatchObject({ active: false, userId: user.id })
    expect(await inspector.inspect('not a token')).toBeNull()
    const foreign = await signJwt({ typ: 'JWT', alg: 'HS256' }, payloadOf(token), {
      alg: 'HS256',
      signKey: new TextEncoder().encode('y'.repeat(32)),
      verifyKey: new Uint8Array(),
    })
    expect(await inspector.inspect(foreign)).toBeNull()
  })
})

describe('unknown paths and methods (routes.ts fallback, shared by Next and the fast path)', () => {
  it("answer a JSON 404 for an unknown path and Laravel's 405 with Allow for a known path", async () => {
    expect(await call(fallback, getRequest('/api/v2/nothing'))).toMatchObject({ status: 404, body: { message: 'Not Found' } })
    expect(await call(fallback, getRequest('/api/v2/users/1/followers'))).toMatchObject({ status: 404, body: { message: 'Not Found' } })
    const post = await call(fallback, getRequest('/api/v2/auth/login', {}, 'DELETE'))
    expect(post).toMatchObject({ status: 405, text: '{"message":"The DELETE method is not supported for this route. Supported methods: POST."}' })
    expect(post.headers.get('allow')).toBe('POST')
    const dyn = await call(fallback, getRequest('/api/v2/users/13900000000', {}, 'POST'))
    expect(dyn).toMatchObject({ status: 405, body: { message: 'The POST method is not supported for this route. Supported methods: GET, HEAD.' } })
  })

  it('list every endpoint of seeds 000 and 001, and the account routes of #23, with its methods', () => {
    const laravelOrder = ['GET', 'POST', 'PUT', 'PATCH']
    const table = Object.fromEntries(
      thinksns.endpoints.map((e) => [e.path, [...e.methods].sort((a, b) => laravelOrder.indexOf(a) - laravelOrder.indexOf(b)).join('|')]),
    )
    expect(table).toEqual({
      '/api/v2/users': 'POST',
      '/api/v2/users/:user': 'GET',
      '/api/v2/user': 'GET',
      '/api/v2/verifycodes/register': 'POST',
      '/api/v2/verifycodes': 'POST',
      '/api/v2/auth/login': 'POST',
      '/api/v2/auth/logout': 'GET|POST|PUT|PATCH',
      '/api/v2/auth/refresh': 'GET|POST|PUT|PATCH',
      '/api/v2/wechat/mini-program': 'POST',
      '/api/v2/tokens': 'POST',
      '/api/v2/tokens/:token': 'PATCH',
      '/api/v2/user/retrieve-password': 'PUT',
      '/api/v2/user/password': 'PUT',
    })
  })
})
