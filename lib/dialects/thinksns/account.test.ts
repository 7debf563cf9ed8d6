// The ThinkSNS+ account routes around sign-in (#23, docs/decisions/0013): PUT /api/v2/user/retrieve-password
// and PUT /api/v2/user/password, with ResetPasswordController's rules, Laravel's zh-CN messages and statuses.
import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db'
import { verifyPassword } from '@/lib/core/passwords'
import { setUserStatus } from '@/lib/core/users'
import { makeUser, phone } from '@/test/factories'
import { call, getRequest, jsonRequest } from '@/test/http'
import { keysOf } from '@/test/keys'
import { config } from '@/lib/config'
import { decodeJwtUnverified, signJwt } from '@/lib/core/jwt'
import { replaceCurrentJti } from '@/lib/core/sessions'
import { newJti } from '@/lib/core/tokens'
import * as h from './handlers'

let ipN = 0
const newIp = () => `198.19.${Math.floor(++ipN / 250)}.${(ipN % 250) + 1}`
const put = (handler: (r: Request) => Promise<Response>, path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(handler, jsonRequest(path, body, { method: 'PUT', headers: { 'x-forwarded-for': newIp(), ...headers } }))
const bearer = (t: string) => ({ authorization: `Bearer ${t}` })

async function userCode(target: { phone?: string; email?: string }, ip = newIp()) {
  const r = await call(h.sendUserCode, jsonRequest('/api/v2/verifycodes', target, { headers: { 'x-forwarded-for': ip } }))
  expect(r.status, r.text).toBe(202)
  return r.body.code as string
}
async function token(login: string, password: string) {
  const r = await call(h.login, jsonRequest('/api/v2/auth/login', { login, password }, { headers: { 'x-forwarded-for': newIp() } }))
  expect(r.status, r.text).toBe(200)
  return r.body.access_token as string
}
const me = async (t: string) => (await call(h.currentUser, getRequest('/api/v2/user', bearer(t)))).status
const hashOf = async (id: number) => (await db().user.findUniqueOrThrow({ where: { id } })).passwordHash

describe('PUT /api/v2/user/retrieve-password', () => {
  it('resets by a code sent to the phone: 204, every session ends, the new password signs in, the user is told', async () => {
    const { user, name, password } = await makeUser({ phone: phone(), email: `r${Date.now()}@example.com` })
    const t1 = await token(name, password!)
    const t2 = await token(user.phone!, password!)
    const code = await userCode({ phone: user.phone! })
    const r = await put(h.retrievePassword, '/api/v2/user/retrieve-password', {
      verifiable_type: 'sms',
      verifiable_code: code,
      phone: user.phone,
      password: 'a-new-pass-2026',
    })
    expect(r.status, r.text).toBe(204)
    expect(r.text).toBe('')
    expect(await me(t1)).toBe(401)
    expect(await me(t2)).toBe(401)
    expect((await verifyPassword((await hashOf(user.id))!, 'a-new-pass-2026')).ok).toBe(true)
    expect(await me(await token(name, 'a-new-pass-2026'))).toBe(200)
    // Told on both contacts; the code is spent.
    expect(await db().outboxMessage.count({ where: { recipient: { in: [user.phone!, user.email!] }, purpose: 'notice' } })).toBe(2)
    const again = await put(h.retrievePassword, '/api/v2/user/retrieve-password', {
      verifiable_type: 'sms',
      verifiable_code: code,
      phone: user.phone,
      password: 'third-pass-2026',
    })
    expect(again.status).toBe(422)
    expect(again.body).toEqual({ message: ['验证码错误或者已失效'] })
  })

  it('by mail too', async () => {
    const { user } = await makeUser({ email: `m${Date.now()}@example.com` })
    const code = await userCode({ email: user.email! })
    const r = await put(h.retrievePassword, '/api/v2/user/retrieve-password', {
      verifiable_type: 'mail',
      verifiable_code: code,
      email: user.email,
      password: 'a-new-pass-2026',
    })
    expect(r.status, r.text).toBe(204)
  })

  it('a wrong code: 422 [验证码错误或者已失效], the password stays', async () => {
    const { user } = await makeUser({ phone: phone() })
    const before = await hashOf(user.id)
    const r = await put(h.retrievePassword, '/api/v2/user/retrieve-password', {
      verifiable_type: 'sms',
      verifiable_code: '000000',
      phone: user.phone,
      password: 'a-new-pass-2026',
    })
    expect(r.status).toBe(422)
    expect(r.body).toEqual({ message: ['验证码错误或者已失效'] })
    expect(await hashOf(user.id)).toBe(before)
  })

  it('both a phone and an email: 400 [非法请求], before any rule', async () => {
    const r = await put(h.retrievePassword, '/api/v2/user/retrieve-password', { phone: '13800138000', email: 'a@b.cn' })
    expect(r.status).toBe(400)
    expect(r.body).toEqual({ message: ['非法请求'] })
  })

  it('every failing rule of every field, in Laravel words', async () => {
    const empty = await put(h.retrievePassword, '/api/v2/user/retrieve-password', {})
    expect(empty.status).toBe(422)
    expect(empty.body).toEqual({
      message: '提交的信息验证错误',
      errors: {
        verifiable_type: ['验证码类型 字段是必须的'],
        verifiable_code: ['验证码 字段是必须的'],
        phone: ['手机号码 字段是必须的，除非 验证码类型 是在 mail 中'],
        email: ['邮箱 字段是必须的，除非 验证码类型 是在 sms 中'],
        password: ['密码 字段是必须的'],
      },
    })
    const bad = await put(h.retrievePassword, '/api/v2/user/retrieve-password', {
      verifiable_type: 'fax',
      verifiable_code: '1',
      phone: '12345',
      password: 'abc',
    })
    expect(bad.body.errors).toEqual({
      verifiable_type: ['选定的 验证码类型 是无效的'],
      phone: ['手机号码 必须是大陆地区合法手机号码', '用户不存在'],
      email: ['邮箱 字段是必须的，除非 验证码类型 是在 sms 中'],
      password: [expect.stringMatching(/^密码长度不能少于\d+位$/)],
    })
    const mail = await put(h.retrievePassword, '/api/v2/user/retrieve-password', {
      verifiable_type: 'mail',
      verifiable_code: '1',
      email: 'nobody@nowhere.example',
      password: 'a-new-pass-2026',
    })
    expect(mail.body.errors).toEqual({ email: ['选定的 邮箱 是无效的.'] })
    const notEmail = await put(h.retrievePassword, '/api/v2/user/retrieve-password', {
      verifiable_type: 'mail',
      verifiable_code: '1',
      email: 'not-an-email',
      password: 'a-new-pass-2026',
    })
    expect(notEmail.body.errors).toEqual({ email: ['邮箱 必须是一个合法的电子邮件地址', '选定的 邮箱 是无效的.'] })
  })

  it('an unproved phone has no account to reset; a disabled account is refused after the code', async () => {
    const { user: unproved } = await makeUser({ phone: phone() }, { verified: false })
    const r = await put(h.retrievePassword, '/api/v2/user/retrieve-password', {
      verifiable_type: 'sms',
      verifiable_code: '123456',
      phone: unproved.phone,
      password: 'a-new-pass-2026',
    })
    expect(r.body.errors).toEqual({ phone: ['用户不存在'] })
    const { user } = await makeUser({ phone: phone() })
    const code = await userCode({ phone: user.phone! })
    await setUserStatus(user.id, 'disabled')
    const d = await put(h.retrievePassword, '/api/v2/user/retrieve-password', {
      verifiable_type: 'sms',
      verifiable_code: code,
      phone: user.phone,
      password: 'a-new-pass-2026',
    })
    // The exists rule looks at proved contacts of any status; the core then refuses the disabled account.
    expect(d.status).toBe(403)
    expect(d.body).toEqual({ message: '账号已被禁用，请联系管理员' })
  })

  it('a register code is not a retrieve code', async () => {
    const { user } = await makeUser({ phone: phone() })
    // A register code can only go to a new phone: send one, then give that phone to the user (as if registered elsewhere since).
    const fresh = phone()
    const sent = await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { phone: fresh }, { headers: { 'x-forwarded-for': newIp() } }))
    await db().user.update({ where: { id: user.id }, data: { phone: fresh, phoneVerifiedAt: new Date() } })
    const r = await put(h.retrievePassword, '/api/v2/user/retrieve-password', {
      verifiable_type: 'sms',
      verifiable_code: sent.body.code,
      phone: fresh,
      password: 'a-new-pass-2026',
    })
    expect(r.status).toBe(422)
    expect(r.body).toEqual({ message: ['验证码错误或者已失效'] })
  })
})

describe('PUT /api/v2/user/password', () => {
  it('changes it with the old one: 204, this session stays, the others end', async () => {
    const { user, name, password } = await makeUser()
    const mine = await token(name, password!)
    const other = await token(name, password!)
    const r = await put(
      h.changeOwnPassword,
      '/api/v2/user/password',
      { old_password: password, password: 'a-new-pass-2026', password_confirmation: 'a-new-pass-2026' },
      bearer(mine),
    )
    expect(r.status, r.text).toBe(204)
    expect(await me(mine)).toBe(200)
    expect(await me(other)).toBe(401)
    expect((await verifyPassword((await hashOf(user.id))!, 'a-new-pass-2026')).ok).toBe(true)
  })

  it('a wrong old password: 422 {old_password: [账户密码错误]}', async () => {
    const { name, password } = await makeUser()
    const t = await token(name, password!)
    const r = await put(
      h.changeOwnPassword,
      '/api/v2/user/password',
      { old_password: 'not-it', password: 'a-new-pass-2026', password_confirmation: 'a-new-pass-2026' },
      bearer(t),
    )
    expect(r.status).toBe(422)
    expect(r.body).toEqual({ old_password: ['账户密码错误'] })
  })

  it('the rules and their messages', async () => {
    const { name, password } = await makeUser()
    const t = await token(name, password!)
    const empty = await put(h.changeOwnPassword, '/api/v2/user/password', {}, bearer(t))
    expect(empty.body).toEqual({ message: '提交的信息验证错误', errors: { old_password: ['请输入账户密码'], password: ['请输入新密码'] } })
    const same = await put(h.changeOwnPassword, '/api/v2/user/password', { old_password: password, password, password_confirmation: 'x' }, bearer(t))
    expect(same.body.errors).toEqual({ password: ['新密码和旧密码相同', '确认输入的新密码不一致'] })
    const weak = await put(
      h.changeOwnPassword,
      '/api/v2/user/password',
      { old_password: password, password: 'password1', password_confirmation: 'password1' },
      bearer(t),
    )
    expect(weak.body.errors).toEqual({ password: ['密码过于常见，请换一个'] })
  })

  it('a user without a password sets one without old_password', async () => {
    const { user, name } = await makeUser({ password: null, phone: phone() })
    const code = await userCode({ phone: user.phone! })
    const signedIn = await call(
      h.login,
      jsonRequest('/api/v2/auth/login', { login: user.phone, verifiable_code: code }, { headers: { 'x-forwarded-for': newIp() } }),
    )
    const t = signedIn.body.access_token
    const r = await put(h.changeOwnPassword, '/api/v2/user/password', { password: 'a-new-pass-2026', password_confirmation: 'a-new-pass-2026' }, bearer(t))
    expect(r.status, r.text).toBe(204)
    expect(await me(await token(name, 'a-new-pass-2026'))).toBe(200)
  })

  it('without a token: 401 Unauthenticated.', async () => {
    const r = await put(h.changeOwnPassword, '/api/v2/user/password', {
      old_password: 'x',
      password: 'a-new-pass-2026',
      password_confirmation: 'a-new-pass-2026',
    })
    expect(r.status).toBe(401)
    expect(r.body).toEqual({ message: 'Unauthenticated.' })
  })
})

describe('the account routes: tokens and limits', () => {
  it('PUT /user/password: a malformed, an expired and a revoked token are 401 Unauthenticated.', async () => {
    const { name, password } = await makeUser()
    const t = await token(name, password!)
    const p = decodeJwtUnverified(t)!.payload as Record<string, unknown>
    const now = Math.floor(Date.now() / 1000)
    const jti = newJti()
    const expired = await signJwt({ typ: 'JWT', alg: 'HS256' }, { ...p, iat: now - 7200, nbf: now - 7200, exp: now - 3600, jti }, (await keysOf('thinksns'))[0])
    await replaceCurrentJti(p.sid as string, p.jti as string, jti)
    const body = { old_password: password, password: 'a-new-pass-2026', password_confirmation: 'a-new-pass-2026' }
    for (const headers of [bearer('abc.def'), bearer(expired), bearer(t)]) {
      const r = await put(h.changeOwnPassword, '/api/v2/user/password', body, headers)
      expect(r.status).toBe(401)
      expect(r.body).toEqual({ message: 'Unauthenticated.' })
    }
  })

  it('PUT /user/password: wrong old passwords count as sign-in failures: 429 past the limit', async () => {
    const { name, password } = await makeUser()
    const t = await token(name, password!)
    const statuses: number[] = []
    for (let i = 0; i <= config().LOGIN_LIMIT_PER_MINUTE; i++) {
      statuses.push(
        (
          await put(
            h.changeOwnPassword,
            '/api/v2/user/password',
            { old_password: `wrong-${i}`, password: 'a-new-pass-2026', password_confirmation: 'a-new-pass-2026' },
            bearer(t),
          )
        ).status,
      )
    }
    expect(statuses.slice(0, -1).every((s) => s === 422)).toBe(true)
    expect(statuses.at(-1)).toBe(429)
  })

  it('PUT /user/retrieve-password: its exists rule spends the profile lookups of the address: 429 past them', async () => {
    const ip = '198.19.250.1'
    let last = 0
    for (let i = 0; i < 61 && last !== 429; i++) {
      last = (
        await call(
          h.retrievePassword,
          jsonRequest(
            '/api/v2/user/retrieve-password',
            { verifiable_type: 'sms', verifiable_code: '1', phone: phone(), password: 'a-new-pass-2026' },
            { method: 'PUT', headers: { 'x-forwarded-for': ip } },
          ),
        )
      ).status
    }
    expect(last).toBe(429)
  })
})
