// The /login API as its real clients see it (seed 002, reference §2): the seed's cURL bodies
// verbatim, the whole send → register → get → status → refresh → deactivate path, and every
// failure with the seed's or the reference's literal text.
import { failingSmsProvider } from '@/test/providers'
import { keysOf, secretOf } from '@/test/keys'
import { signJwt } from '../../core/jwt'
import { afterEach, describe, expect, it } from 'vitest'
import { db } from '../../db'
import { config } from '../../config'
import { setProviderForTests } from '../../providers'
import { setUserStatus } from '../../core/users'
import { ROLE_USER } from '../../core/roles'
import { call, formRequest, getRequest, jsonRequest } from '../../../test/http'
import { makeUser, phone } from '../../../test/factories'
import { SEED_PASSWORD } from './schemas'
import { deactivateJwt, getJwt, jwtStatus, refreshJwt, register, sendSms } from './handlers'
import hyperf from '.'

const { fallback, prefix } = hyperf

afterEach(() => setProviderForTests('sms', undefined))

let ipSeq = 0
/** Each test its own client address, so the per-address daily code cap is not shared. */
const ip = () => `10.12.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`
const post = (handler: (r: Request) => Promise<Response>, path: string, body: unknown, from = ip()) =>
  call(handler, jsonRequest(path, body, { headers: { 'x-forwarded-for': from } }))

const FAIL = { status: false, data: [] }

async function sendCode(p: string): Promise<string> {
  const r = await post(sendSms, '/login/send/sms', { phone: p })
  expect(r.body).toMatchObject({ code: 200, msg: 'ok', status: true })
  return r.body.data.code
}

async function registered(over: { account?: string; password?: string } = {}) {
  const p = phone()
  const account = over.account ?? `acct${Math.random().toString(36).slice(2, 10)}`
  const password = over.password ?? 'secret_123'
  const code = await sendCode(p)
  const r = await post(register, '/login/register', { account, password, password_confirmation: password, phone: p, code })
  expect(r.body).toEqual({ code: 200, msg: 'ok', status: true, data: [] })
  return { account, password, phone: p }
}

async function signedIn() {
  const u = await registered()
  const r = await post(getJwt, '/login/jwt/get', { account: u.account, pwd: u.password })
  expect(r.status).toBe(200)
  return { ...u, jwt: r.body.data.jwt as string, refreshJwt: r.body.data.refresh_jwt as string }
}

const segment = (token: string, i: number) => JSON.parse(Buffer.from(token.split('.')[i], 'base64url').toString('utf8'))

describe("seed 002's cURL examples, verbatim (host changed)", () => {
  it('POST /login/send/sms {"phone": "13911119999"} → a 6-digit code, then 50017 while it is live', async () => {
    const body = '{\n    "phone": "13911119999"\n}'
    const first = await post(sendSms, '/login/send/sms', body)
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ code: 200, msg: 'ok', status: true, data: { code: expect.stringMatching(/^\d{6}$/) } })
    const again = await post(sendSms, '/login/send/sms', body)
    expect(again.status).toBe(200)
    expect(again.text).toBe('{"code":50017,"msg":"短信还在有效期内, 请勿重复发送","status":false,"data":[]}')
  })

  it('POST /login/register with the seed body: 50001 for its made-up code, 200 with the code sent', async () => {
    const body = {
      account: 'Foo',
      password: '1234567',
      password_confirmation: '1234567',
      phone: '13939265073',
      code: '123321',
    }
    const sent = await sendCode('13939265073')
    if (sent !== '123321') {
      const wrong = await post(register, '/login/register', JSON.stringify(body, null, 4))
      expect(wrong.status).toBe(200)
      expect(wrong.body).toEqual({ code: 50001, msg: '验证码错误', ...FAIL })
    }
    // The seed's password `1234567` is one the password policy refuses (issue #21 item 9): 9906,
    // and the code stays usable for the same body with a stronger password.
    const weak = await post(register, '/login/register', { ...body, code: sent })
    expect(weak.status).toBe(422)
    expect(weak.body).toEqual({ code: 9906, msg: '数据验证失败，原因如下：password 密码不能少于 8 个字符', ...FAIL })
    const r = await post(register, '/login/register', { ...body, password: SEED_PASSWORD, password_confirmation: SEED_PASSWORD, code: sent })
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ code: 200, msg: 'ok', status: true, data: [] })

    // POST /login/jwt/get {"account": "Foo", "pwd": "123321"}: the seed's own failure example.
    const login = await post(getJwt, '/login/jwt/get', '{\n    "account": "Foo",\n    "pwd": "123321"\n}')
    expect(login.status).toBe(200)
    expect(login.text).toBe('{"code":50006,"msg":"用户 Foo 未注册或者密码错误","status":false,"data":[]}')
    const ok = await post(getJwt, '/login/jwt/get', { account: 'Foo', pwd: SEED_PASSWORD })
    expect(ok.body).toMatchObject({ code: 200, msg: 'ok', status: true, data: { jwt: expect.any(String), refresh_jwt: expect.any(String) } })
    expect(Object.keys(ok.body.data)).toEqual(['jwt', 'refresh_jwt'])
  })

  it('POST /login/jwt/status and /login/jwt/deactivate {"jwt": "{{jwt}}"} → the seed\'s 9908 Wrong number of segments', async () => {
    for (const [handler, path] of [
      [jwtStatus, '/login/jwt/status'],
      [deactivateJwt, '/login/jwt/deactivate'],
    ] as const) {
      const r = await post(handler, path, '{\n    "jwt": "{{jwt}}"\n}')
      expect(r.status).toBe(401)
      expect(r.text).toBe('{"code":9908,"msg":"认证失败：Wrong number of segments","status":false,"data":[]}')
    }
  })

  it('POST /login/jwt/refresh {"jwt": "refresh jwt"} → 9908', async () => {
    const r = await post(refreshJwt, '/login/jwt/refresh', '{\n    "jwt": "refresh jwt"\n}')
    expect(r.status).toBe(401)
    expect(r.body).toEqual({ code: 9908, msg: '认证失败：Wrong number of segments', ...FAIL })
  })
})

describe('the whole path: send → register → get → status → refresh → ... → deactivate', () => {
  it('works as the seed describes, with one live access jwt per session', async () => {
    const p = phone()
    const code = await sendCode(p)
    const reg = await post(register, '/login/register', { account: 'PathUser', password: 'pw_2024_ok', password_confirmation: 'pw_2024_ok', phone: p, code })
    expect(reg.body).toEqual({ code: 200, msg: 'ok', status: true, data: [] })

    const got = await post(getJwt, '/login/jwt/get', { account: 'PathUser', pwd: 'pw_2024_ok' })
    const { jwt, refresh_jwt } = got.body.data
    const user = await db().user.findFirstOrThrow({ where: { phone: p } })
    const role = await db().role.findUniqueOrThrow({ where: { name: ROLE_USER } })

    const status = await post(jwtStatus, '/login/jwt/status', { jwt })
    expect(status.status).toBe(200)
    expect(status.body).toMatchObject({ code: 200, msg: 'ok', status: true })
    expect(Object.keys(status.body.data)).toEqual(['exp', 'uid', 'jwt_data', 'exp_date', 'iat_date'])
    expect(status.body.data.uid).toBe(user.id)
    expect(status.body.data.jwt_data).toEqual({ uid: user.id, rid: [String(role.id)] })
    expect(status.body.data.exp).toBeGreaterThan(86400 - 5)
    expect(status.body.data.exp).toBeLessThanOrEqual(86400)
    const { iat, exp } = segment(jwt, 1)
    // Asia/Shanghai is UTC+8 all year.
    const shanghai = (t: number) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ')
    expect(status.body.data.iat_date).toBe(shanghai(iat))
    expect(status.body.data.exp_date).toBe(shanghai(exp))
    expect(status.body.data.exp_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)

    const r1 = await post(refreshJwt, '/login/jwt/refresh', { jwt: refresh_jwt })
    expect(r1.status).toBe(200)
    expect(r1.body).toMatchObject({ code: 200, msg: 'ok', status: true, data: expect.any(String) })
    const jwt2 = r1.body.data as string
    expect(segment(jwt2, 1).typ).toBe('access')

    // The login's access jwt ended with the refresh.
    const old = await post(jwtStatus, '/login/jwt/status', { jwt })
    expect(old.status).toBe(401)
    expect(old.body).toEqual({ code: 9908, msg: '认证失败：jwt expired or revoked', ...FAIL })

    const s2 = await post(jwtStatus, '/login/jwt/status', { jwt: jwt2 })
    expect(s2.body).toMatchObject({ code: 200, data: { uid: user.id } })

    // The same refresh jwt again (not rotated): `refresh_jwt` as the real project's next version names it.
    const r2 = await post(refreshJwt, '/login/jwt/refresh', { refresh_jwt })
    expect(r2.body).toMatchObject({ code: 200, status: true })
    const jwt3 = r2.body.data as string
    expect(jwt3).not.toBe(jwt2)

    const s2again = await post(jwtStatus, '/login/jwt/status', { jwt: jwt2 })
    expect(s2again.status).toBe(401)
    expect(s2again.body).toEqual({ code: 9908, msg: '认证失败：jwt expired or revoked', ...FAIL })
    const refreshedAway = await post(deactivateJwt, '/login/jwt/deactivate', { jwt: jwt2 })
    expect(refreshedAway.body).toEqual({ code: 9908, msg: '认证失败：jwt expired or revoked', ...FAIL })

    const off = await post(deactivateJwt, '/login/jwt/deactivate', { jwt: jwt3 })
    expect(off.status).toBe(200)
    expect(off.body).toEqual({ code: 200, msg: 'ok', status: true, data: [] })

    const s3 = await post(jwtStatus, '/login/jwt/status', { jwt: jwt3 })
    expect(s3.status).toBe(401)
    expect(s3.body).toEqual({ code: 9908, msg: '认证失败：jwt expired or revoked', ...FAIL })
    const r3 = await post(refreshJwt, '/login/jwt/refresh', { jwt: refresh_jwt })
    expect(r3.status).toBe(401)
    expect(r3.body).toEqual({ code: 9908, msg: '认证失败：refresh jwt expred or others', ...FAIL })
  })

  it('a second login is its own session: deactivating one leaves the other', async () => {
    const u = await signedIn()
    const second = await post(getJwt, '/login/jwt/get', { account: u.phone, pwd: u.password })
    await post(deactivateJwt, '/login/jwt/deactivate', { jwt: u.jwt })
    expect((await post(jwtStatus, '/login/jwt/status', { jwt: second.body.data.jwt })).body.code).toBe(200)
  })
})

describe('token claims for the sibling PHP services', () => {
  it('payload and header are the real project\'s, with data a JSON string {"uid","rid"}', async () => {
    const u = await signedIn()
    const user = await db().user.findFirstOrThrow({ where: { phone: u.phone } })
    for (const token of [u.jwt, u.refreshJwt]) {
      const header = segment(token, 0)
      expect(header).toEqual({ typ: 'JWT', cty: '', kid: null, alg: 'HS256' })
      expect(Object.keys(header)).toEqual(['typ', 'cty', 'kid', 'alg'])
      const payload = segment(token, 1)
      expect(Object.keys(payload)).toEqual(['iss', 'sub', 'aud', 'iat', 'nbf', 'exp', 'data', 'jti', 'sid', 'typ'])
      // The access jwt keeps the real `aud: pc`; the refresh jwt has its own (decision 0008).
      expect(payload).toMatchObject({ iss: 'hyperf', sub: 'accredit', aud: token === u.jwt ? 'pc' : 'pc:refresh' })
      expect(payload.nbf).toBe(payload.iat)
      // What `json_decode($payload->data, true)` sees in a PHP consumer.
      expect(typeof payload.data).toBe('string')
      expect(payload.data).toMatch(/^\{"uid":\d+,"rid":\["\d+"(,"\d+")*\]\}$/)
      const data = JSON.parse(payload.data)
      expect(data.uid).toBe(user.id)
      expect(data.rid.every((r: unknown) => typeof r === 'string')).toBe(true)
      // Verifiable with the shared key alone (HYPERF_JWT_KEY), as php-jwt's hash_hmac does.
      const [h, p, s] = token.split('.')
      const { createHmac } = await import('node:crypto')
      expect(createHmac('sha256', secretOf('hyperf')).update(`${h}.${p}`).digest('base64url')).toBe(s)
    }
    expect(segment(u.jwt, 1).exp - segment(u.jwt, 1).iat).toBe(86400)
    expect(segment(u.refreshJwt, 1).exp - segment(u.refreshJwt, 1).iat).toBe(7 * 86400)
  })

  // #21 item 12: a sibling service that checks `aud === 'pc'` refuses a refresh jwt offered as an access jwt.
  it('a refresh jwt is not an access jwt for a sibling that checks aud; old refresh jwts (aud pc) still refresh', async () => {
    const u = await signedIn()
    const access = segment(u.jwt, 1)
    const refresh = segment(u.refreshJwt, 1)
    expect(access.aud).toBe('pc')
    expect(refresh.aud).not.toBe('pc')
    // A refresh jwt signed before decision 0008 (aud pc, typ refresh) keeps working until it expires.
    const [key] = await keysOf('hyperf')
    const legacy = await signJwt(segment(u.refreshJwt, 0), { ...refresh, aud: 'pc' }, key)
    const r = await post(refreshJwt, '/login/jwt/refresh', { jwt: legacy })
    expect(r.body).toMatchObject({ code: 200, status: true })
    // An access jwt with the refresh audience, or a refresh jwt with any other, is not ours.
    const odd = await signJwt(segment(u.jwt, 0), { ...access, aud: 'pc:refresh' }, key)
    expect((await post(jwtStatus, '/login/jwt/status', { jwt: odd })).body).toMatchObject({ code: 9908 })
    const other = await signJwt(segment(u.refreshJwt, 0), { ...refresh, aud: 'app' }, key)
    expect((await post(refreshJwt, '/login/jwt/refresh', { jwt: other })).body).toMatchObject({ code: 9908 })
  })
})

describe('/login/send/sms', () => {
  it('20 concurrent sends for one phone: exactly one code 200, the rest 50017, one SMS', async () => {
    const p = phone()
    const from = ip()
    const results = await Promise.all(Array.from({ length: 20 }, () => post(sendSms, '/login/send/sms', { phone: p }, from)))
    expect(results.filter((r) => r.body.code === 200)).toHaveLength(1)
    const refused = results.filter((r) => r.body.code !== 200)
    expect(refused).toHaveLength(19)
    for (const r of refused) expect(r.body).toEqual({ code: 50017, msg: '短信还在有效期内, 请勿重复发送', ...FAIL })
    expect(await db().outboxMessage.count({ where: { recipient: p } })).toBe(1)
  })

  it('accepts a form body and a +86 number', async () => {
    const r = await call(sendSms, formRequest('/login/send/sms', { phone: `+86${phone()}` }, { headers: { 'x-forwarded-for': ip() } }))
    expect(r.body).toMatchObject({ code: 200, data: { code: expect.stringMatching(/^\d{6}$/) } })
  })

  it('a provider failure is 50018 and the code is not kept: the user may ask again at once', async () => {
    setProviderForTests('sms', failingSmsProvider())
    const p = phone()
    const r = await post(sendSms, '/login/send/sms', { phone: p })
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ code: 50018, msg: '短信发送失败', ...FAIL })
    setProviderForTests('sms', undefined)
    expect((await post(sendSms, '/login/send/sms', { phone: p })).body.code).toBe(200)
  })

  it('a real provider never puts the code in the answer', async () => {
    setProviderForTests('sms', { name: 'real', channel: 'sms', revealsCodes: false, sendCode: async () => ({}) })
    const r = await post(sendSms, '/login/send/sms', { phone: phone() })
    expect(r.body).toEqual({ code: 200, msg: 'ok', status: true, data: [] })
  })

  it('the daily cap per address answers 9905', async () => {
    const from = ip()
    let last
    for (let i = 0; i <= config().CODE_DAILY_LIMIT_PER_IP; i++) last = await post(sendSms, '/login/send/sms', { phone: phone() }, from)
    expect(last!.body).toEqual({ code: 9905, msg: '当前用户较多，请稍后再试', ...FAIL })
  })
})

describe('/login/register', () => {
  it('50007 when the account or the phone is taken, and the code is not spent', async () => {
    const u = await registered({ account: 'TakenName' })
    const p = phone()
    const code = await sendCode(p)
    const again = await post(register, '/login/register', {
      account: 'takenname',
      password: 'Xk_9_strong',
      password_confirmation: 'Xk_9_strong',
      phone: p,
      code,
    })
    expect(again.body).toEqual({ code: 50007, msg: `用户 takenname 或者 ${p} 已注册`, ...FAIL })

    const samePhone = await post(register, '/login/register', {
      account: 'Other1',
      password: 'Xk_9_strong',
      password_confirmation: 'Xk_9_strong',
      phone: u.phone,
      code: '000000',
    })
    // The code is checked first (the real project's order): u.phone has no live code.
    expect(samePhone.body).toEqual({ code: 50001, msg: '验证码错误', ...FAIL })

    // The refused registration did not use up the code for p.
    const ok = await post(register, '/login/register', { account: 'FreshName', password: 'Xk_9_strong', password_confirmation: 'Xk_9_strong', phone: p, code })
    expect(ok.body.code).toBe(200)
  })

  it('50007 for a taken phone with a valid code for it', async () => {
    const u = await registered()
    await db().verificationCode.deleteMany({ where: { target: u.phone } })
    const code = await sendCode(u.phone)
    const r = await post(register, '/login/register', {
      account: 'Someone',
      password: 'Xk_9_strong',
      password_confirmation: 'Xk_9_strong',
      phone: u.phone,
      code,
    })
    expect(r.body).toEqual({ code: 50007, msg: `用户 Someone 或者 ${u.phone} 已注册`, ...FAIL })
  })

  it('50001 for an expired code, and a code works once', async () => {
    const p = phone()
    const code = await sendCode(p)
    await db().verificationCode.updateMany({ where: { target: p }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const r = await post(register, '/login/register', { account: 'Late1', password: 'Xk_9_strong', password_confirmation: 'Xk_9_strong', phone: p, code })
    expect(r.body).toEqual({ code: 50001, msg: '验证码错误', ...FAIL })

    const p2 = phone()
    const c2 = await sendCode(p2)
    expect(
      (await post(register, '/login/register', { account: 'Once1', password: 'Xk_9_strong', password_confirmation: 'Xk_9_strong', phone: p2, code: c2 })).body
        .code,
    ).toBe(200)
    const twice = await post(register, '/login/register', {
      account: 'Once2',
      password: 'Xk_9_strong',
      password_confirmation: 'Xk_9_strong',
      phone: p2,
      code: c2,
    })
    expect(twice.body.code).not.toBe(200)
  })

  it('accepts a form body and numbers for password and code', async () => {
    const p = phone()
    const code = await sendCode(p)
    const form = await call(
      register,
      formRequest(
        '/login/register',
        { account: 'FormUser', password: 'Form_pass_2024', password_confirmation: 'Form_pass_2024', phone: p, code },
        { headers: { 'x-forwarded-for': ip() } },
      ),
    )
    expect(form.body).toEqual({ code: 200, msg: 'ok', status: true, data: [] })
    const p2 = phone()
    const code2 = await sendCode(p2)
    // PHP's alpha_num and the phone rule take a JSON number by its digits.
    const nums = await post(register, '/login/register', {
      account: 'NumUser',
      password: 80561739,
      password_confirmation: 80561739,
      phone: Number(p2),
      code: code2,
    })
    expect(nums.body).toEqual({ code: 200, msg: 'ok', status: true, data: [] })
    expect((await post(getJwt, '/login/jwt/get', { account: 'NumUser', pwd: '80561739' })).body.code).toBe(200)
  })

  it.each([
    [{}, 'account 账号必填'],
    [{ account: 123, password: 'a' }, 'account 账号必须为字符串'],
    [{ account: null }, 'account 账号必须为字符串'],
    [{ account: '   ', password: 'a' }, 'account 账号必填'],
    [{ account: 'Foo' }, 'password 密码必填'],
    [{ account: 'Foo', password: 'abc!', password_confirmation: 'abc!' }, 'password 密码必须是字母或数字'],
    [{ account: 'Foo', password: 'abc', password_confirmation: 'abd' }, '密码不一致'],
    // `confirmed` is a rule of password, which comes first.
    [{ account: 'Foo', password: 'abc' }, '密码不一致'],
    [{ account: 'Foo', password: '', password_confirmation: '' }, 'password 密码必填'],
    [{ account: 'Foo', password: 'abc', password_confirmation: 'abc' }, 'phone 手机号必填'],
    [{ account: 'Foo', password: 'abc', password_confirmation: 'abc', phone: '12345' }, 'phone 非法'],
    [{ account: 'Foo', password: 'abc', password_confirmation: 'abc', phone: '13939265073' }, '手机验证码必填'],
    [{ account: 'Foo', password: 'abc', password_confirmation: 'abc', phone: '13939265073', code: '' }, '手机验证码必填'],
  ])('422 9906 with the first failing rule: %j → %s', async (body, reason) => {
    const r = await post(register, '/login/register', body)
    expect(r.status).toBe(422)
    expect(r.body).toEqual({ code: 9906, msg: `数据验证失败，原因如下：${reason}`, ...FAIL })
  })

  it("the seed's failure example: a missing code", async () => {
    const r = await post(register, '/login/register', { account: 'Foo', password: '1234567', password_confirmation: '1234567', phone: '13939265073' })
    expect(r.text).toBe('{"code":9906,"msg":"数据验证失败，原因如下：手机验证码必填","status":false,"data":[]}')
  })

  it('registration refuses what the password policy refuses, after its own character rule', async () => {
    const p = phone()
    const code = await sendCode(p)
    const reg = (password: string) => post(register, '/login/register', { account: 'PolicyUser', password, password_confirmation: password, phone: p, code })
    expect((await reg('abc_12')).body.msg).toBe('数据验证失败，原因如下：password 密码不能少于 8 个字符')
    expect((await reg('qwertyuiop')).body.msg).toBe('数据验证失败，原因如下：password 密码过于常见，请换一个')
    expect((await reg('Plum-Rain-2047')).body.msg).toBe('数据验证失败，原因如下：password 密码必须是字母或数字')
    // None of the refusals spent the code.
    expect((await reg('Plum_Rain_2047')).body.code).toBe(200)
  })

  it("passwords of letters, digits and underscore are fine (the seed's rule)", async () => {
    await registered({ password: 'Under_score_9' })
  })

  it('16x and 19x numbers are mainland mobiles', async () => {
    for (const p of ['16612345678', '19912345678']) expect((await post(sendSms, '/login/send/sms', { phone: p })).body.code).toBe(200)
  })
})

describe('/login/jwt/get', () => {
  it('signs in by name (any case), phone or email', async () => {
    const u = await registered({ account: 'CaseName' })
    for (const account of ['casename', 'CASENAME', u.phone]) {
      const r = await post(getJwt, '/login/jwt/get', { account, pwd: u.password })
      expect(r.body.code).toBe(200)
    }
    await makeUser({ email: 'mail_user@example.com', password: 'mail_pw1' })
    expect((await post(getJwt, '/login/jwt/get', { account: 'Mail_User@example.com', pwd: 'mail_pw1' })).body.code).toBe(200)
  })

  it('signs in with any password the core accepts, not only those Hyperf would set (issue #21 item 9)', async () => {
    for (const password of ['plum-rain-2047', 'with space & ünïcode', '密码是我的小秘密啊']) {
      const u = await makeUser({ password })
      const r = await post(getJwt, '/login/jwt/get', { account: u.name, pwd: password })
      expect({ password, code: r.body.code }).toEqual({ password, code: 200 })
    }
    expect((await post(getJwt, '/login/jwt/get', { account: 'Foo', pwd: '' })).body.msg).toBe('数据验证失败，原因如下：密码必填')
    expect((await post(getJwt, '/login/jwt/get', { account: 'Foo', pwd: { a: 1 } })).body.msg).toBe('数据验证失败，原因如下：pwd 密码必须为字符串')
    expect((await post(getJwt, '/login/jwt/get', { account: 'Foo', pwd: 'x'.repeat(65) })).body.msg).toBe('数据验证失败，原因如下：pwd 密码不能超过 64 个字符')
  })

  it('50006 for an unknown account, a wrong password and a disabled account alike', async () => {
    const u = await registered()
    const unknown = await post(getJwt, '/login/jwt/get', { account: 'NoSuchUser', pwd: 'whatever1' })
    expect(unknown.body).toEqual({ code: 50006, msg: '用户 NoSuchUser 未注册或者密码错误', ...FAIL })
    const wrong = await post(getJwt, '/login/jwt/get', { account: u.account, pwd: 'wrong_pw' })
    expect(wrong.body).toEqual({ code: 50006, msg: `用户 ${u.account} 未注册或者密码错误`, ...FAIL })
    const user = await db().user.findFirstOrThrow({ where: { phone: u.phone } })
    await setUserStatus(user.id, 'disabled')
    const disabled = await post(getJwt, '/login/jwt/get', { account: u.account, pwd: u.password })
    expect(disabled.status).toBe(200)
    expect(disabled.body).toEqual({ code: 50006, msg: `用户 ${u.account} 未注册或者密码错误`, ...FAIL })
  })

  it('disabling a user ends their jwts', async () => {
    const u = await signedIn()
    const user = await db().user.findFirstOrThrow({ where: { phone: u.phone } })
    await setUserStatus(user.id, 'disabled')
    expect((await post(jwtStatus, '/login/jwt/status', { jwt: u.jwt })).body).toEqual({ code: 9908, msg: '认证失败：jwt expired or revoked', ...FAIL })
    expect((await post(refreshJwt, '/login/jwt/refresh', { jwt: u.refreshJwt })).body).toEqual({
      code: 9908,
      msg: '认证失败：refresh jwt expred or others',
      ...FAIL,
    })
  })

  it("a disabled user's jwts are refused even while their session is live (#21 item 12)", async () => {
    const u = await signedIn()
    // The status written without ending the sessions (another instance, an old admin tool).
    await db().user.update({ where: { phone: u.phone }, data: { status: 'disabled' } })
    expect(await db().session.count({ where: { user: { phone: u.phone }, revokedAt: null } })).toBe(1)
    expect((await post(jwtStatus, '/login/jwt/status', { jwt: u.jwt })).body).toEqual({ code: 9908, msg: '认证失败：jwt expired or revoked', ...FAIL })
    expect((await post(refreshJwt, '/login/jwt/refresh', { jwt: u.refreshJwt })).body).toEqual({
      code: 9908,
      msg: '认证失败：refresh jwt expred or others',
      ...FAIL,
    })
    expect((await post(deactivateJwt, '/login/jwt/deactivate', { jwt: u.jwt })).body).toMatchObject({ code: 9908 })
  })

  it('9905 after too many attempts for one account', async () => {
    const from = ip()
    let last
    for (let i = 0; i <= config().LOGIN_LIMIT_PER_MINUTE; i++) last = await post(getJwt, '/login/jwt/get', { account: 'hammered', pwd: 'nope' }, from)
    expect(last!.body).toEqual({ code: 9905, msg: '当前用户较多，请稍后再试', ...FAIL })
  })

  it.each([
    [{}, 'account 账号必填'],
    [{ account: ['a'] }, 'account 账号必须为字符串'],
    [{ account: 'Foo' }, '密码必填'],
    [{ account: 'Foo', pwd: null }, '密码必填'],
  ])('422 9906: %j → %s', async (body, reason) => {
    const r = await post(getJwt, '/login/jwt/get', body)
    expect(r.status).toBe(422)
    expect(r.body).toEqual({ code: 9906, msg: `数据验证失败，原因如下：${reason}`, ...FAIL })
  })
})

describe('jwt kinds and validation', () => {
  it('a refresh jwt is not an access jwt, nor the other way round', async () => {
    const u = await signedIn()
    const status = await post(jwtStatus, '/login/jwt/status', { jwt: u.refreshJwt })
    expect(status.status).toBe(401)
    expect(status.body).toEqual({ code: 9908, msg: '认证失败：jwt expired or revoked', ...FAIL })
    const refresh = await post(refreshJwt, '/login/jwt/refresh', { jwt: u.jwt })
    expect(refresh.status).toBe(401)
    expect(refresh.body).toEqual({ code: 9908, msg: '认证失败：refresh jwt expred or others', ...FAIL })
    const deactivate = await post(deactivateJwt, '/login/jwt/deactivate', { jwt: u.refreshJwt })
    expect(deactivate.body).toEqual({ code: 9908, msg: '认证失败：jwt expired or revoked', ...FAIL })
  })

  it("an expired refresh jwt, and an expired access jwt on deactivate, get php-jwt's 401 9908 认证失败：Expired token", async () => {
    const u = await signedIn()
    const [key] = await keysOf('hyperf')
    const now = Math.floor(Date.now() / 1000)
    // The same claims, signed by hand with this service's key, expired an hour ago (well past php-jwt's leeway).
    const expire = (token: string) => signJwt(segment(token, 0), { ...segment(token, 1), iat: now - 7200, nbf: now - 7200, exp: now - 3600 }, key)
    const refresh = await post(refreshJwt, '/login/jwt/refresh', { refresh_jwt: await expire(u.refreshJwt) })
    expect(refresh.status).toBe(401)
    expect(refresh.body).toEqual({ code: 9908, msg: '认证失败：Expired token', ...FAIL })
    const deactivate = await post(deactivateJwt, '/login/jwt/deactivate', { jwt: await expire(u.jwt) })
    expect(deactivate.status).toBe(401)
    expect(deactivate.body).toEqual({ code: 9908, msg: '认证失败：Expired token', ...FAIL })
    // Neither ended anything: the live jwts still work.
    expect((await post(jwtStatus, '/login/jwt/status', { jwt: u.jwt })).body.code).toBe(200)
  })

  it.each([
    [jwtStatus, '/login/jwt/status', {}, 'jwt 必填'],
    [jwtStatus, '/login/jwt/status', { jwt: '' }, 'jwt 必填'],
    [jwtStatus, '/login/jwt/status', { jwt: 12 }, 'jwt 只能是字符串'],
    [deactivateJwt, '/login/jwt/deactivate', { jwt: null }, 'jwt 必填'],
    [deactivateJwt, '/login/jwt/deactivate', { jwt: { a: 1 } }, 'jwt 只能是字符串'],
    [refreshJwt, '/login/jwt/refresh', {}, 'jwt 必填'],
    [refreshJwt, '/login/jwt/refresh', { jwt: true }, 'jwt 只能是字符串'],
    [sendSms, '/login/send/sms', {}, 'phone 手机号必填'],
    [sendSms, '/login/send/sms', { phone: '1391111999' }, 'phone 非法'],
    [sendSms, '/login/send/sms', { phone: '12911119999' }, 'phone 非法'],
  ] as const)('%#: 422 9906 → %s', async (handler, path, body, reason) => {
    const r = await post(handler, path, body)
    expect(r.status).toBe(422)
    expect(r.body).toEqual({ code: 9906, msg: `数据验证失败，原因如下：${reason}`, ...FAIL })
  })
})

describe('bad bodies never give a 500', () => {
  it.each([
    ['malformed JSON', '{"phone": '],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"13911119999"'],
  ])('%s → 422 9906', async (_name, body) => {
    for (const [handler, path] of [
      [sendSms, '/login/send/sms'],
      [register, '/login/register'],
      [getJwt, '/login/jwt/get'],
      [refreshJwt, '/login/jwt/refresh'],
      [jwtStatus, '/login/jwt/status'],
      [deactivateJwt, '/login/jwt/deactivate'],
    ] as const) {
      const r = await post(handler, path, body)
      expect(r.status).toBe(422)
      expect(r.body).toMatchObject({ code: 9906, status: false, data: [] })
      expect(r.body.msg).toMatch(/^数据验证失败，原因如下：/)
    }
  })

  it('a 1 MB body → 422 9906', async () => {
    const r = await post(getJwt, '/login/jwt/get', { account: 'a'.repeat(1024 * 1024), pwd: 'x' })
    expect(r.status).toBe(422)
    expect(r.body).toMatchObject({ code: 9906, status: false, data: [] })
  })

  it('a 1 MB jwt in a form body → 422 9906', async () => {
    const r = await call(jwtStatus, formRequest('/login/jwt/status', { jwt: 'x'.repeat(1024 * 1024) }))
    expect(r.status).toBe(422)
    expect(r.body.code).toBe(9906)
  })
})

describe('routes', () => {
  it("lists every endpoint, POST only, lower-case, under /login (and UserController's one under /user, #23)", () => {
    expect(prefix).toBe('/login')
    expect(hyperf.morePrefixes).toEqual(['/user'])
    expect(hyperf.endpoints.map((e) => `${e.methods.join('|')} ${e.path}`).sort()).toEqual([
      'POST /login/jwt/deactivate',
      'POST /login/jwt/get',
      'POST /login/jwt/refresh',
      'POST /login/jwt/status',
      'POST /login/register',
      'POST /login/send/sms',
      'POST /user/update/password',
    ])
  })

  it('an unknown path is 404 9902; a known path with another method is 405 9903', async () => {
    const unknown = await call(fallback, jsonRequest('/login/jwt/nothing', {}))
    expect(unknown.status).toBe(404)
    expect(unknown.text).toBe('{"code":9902,"msg":"API地址错误或HTTP方法错误，请检查 :(","status":false,"data":[]}')
    const root = await call(fallback, getRequest('/login'))
    expect(root.status).toBe(404)
    const method = await call(fallback, getRequest('/login/jwt/get'))
    expect(method.status).toBe(405)
    expect(method.text).toBe('{"code":9903,"msg":"HTTP方法错误，请检查 :(","status":false,"data":[]}')
    // Paths are case-insensitive (SPEC §2): /login/Jwt/get is the same endpoint.
    expect((await call(fallback, getRequest('/login/Jwt/get'))).status).toBe(405)
  })

  it("the handlers answer on the seed's mixed-case path too", async () => {
    const u = await registered()
    const r = await call(getJwt, jsonRequest('/login/Jwt/get', { account: u.account, pwd: u.password }))
    expect(r.body.code).toBe(200)
  })

  it('answers carry the security headers and a request id', async () => {
    const r = await post(jwtStatus, '/login/jwt/status', { jwt: 'x' })
    expect(r.headers.get('content-type')).toBe('application/json')
    expect(r.headers.get('x-request-id')).toBeTruthy()
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
  })
})
