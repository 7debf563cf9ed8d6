// Issue #21 item 9, the attack itself on the built app, on both paths (`next start` = HTTP_NEXT_URL,
// server.ts = HTTP_FAST_URL): register through each dialect that sets a password with `1`,
// `password` and `12345678` — each refused in the dialect's own shape — then with a good password,
// accepted. The browser's sign-up refuses a common 8-character password its own form lets through,
// and a password with `-` set in the browser signs in through Hyperf (its sign-in used to apply the
// set-password character rule and answer 9906).
// Run by scripts/test-http.sh.
import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { apiRoutes } from '@/lib/http/api-routes'

const BASES = [process.env.HTTP_NEXT_URL, process.env.HTTP_FAST_URL].filter((b): b is string => !!b)
const has = (method: string, pattern: string) => apiRoutes.some((r) => r.pattern === pattern && r.methods.includes(method))

const WEAK = [
  ['1', 'too_short'],
  ['password', 'too_common'],
  ['12345678', 'too_common'],
] as const
const GOOD = 'Plum_Rain_2047'

const hex = (n = 4) => randomBytes(n).toString('hex')
const phone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
// Each request from its own documentation address, so the per-address limits of one run never meet.
const from = () => `198.51.100.${1 + Math.floor(Math.random() * 250)}`

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: JSON.parse(text), headers: res.headers }
}

describe.skipIf(BASES.length === 0 || !has('POST', '/api/v2/users'))('ThinkSNS+ register (POST /api/v2/users)', () => {
  it.each(BASES)('%s: weak passwords get 422 with the password listed; a good one registers', async (base) => {
    const p = phone()
    const sent = await post(base, '/api/v2/verifycodes/register', { phone: p })
    expect(sent.status).toBe(202)
    const reg = (password: string) =>
      post(base, '/api/v2/users', { phone: p, name: `pw_${hex()}`, password, verifiable_type: 'sms', verifiable_code: sent.body.code })
    for (const [password, reason] of WEAK) {
      const r = await reg(password)
      expect({ password, status: r.status }).toEqual({ password, status: 422 })
      expect(r.body).toEqual({
        message: '提交的信息验证错误',
        errors: { password: [reason === 'too_short' ? '密码长度不能少于8位' : '密码过于常见，请换一个'] },
      })
    }
    // The refusals did not spend the code: the owner registers with it and a good password.
    const ok = await reg(GOOD)
    expect(ok.status).toBe(201)
    expect(typeof ok.body.access_token).toBe('string')
  })
})

describe.skipIf(BASES.length === 0 || !has('POST', '/api/auth/register'))('Flask register (POST /api/auth/register)', () => {
  it.each(BASES)('%s: weak passwords get code 1 with a message; a good one registers and signs in', async (base) => {
    const username = `pw${hex()}`
    for (const [password, reason] of WEAK) {
      const r = await post(base, '/api/auth/register', { username, password })
      expect({ password, status: r.status, body: r.body }).toEqual({
        password,
        status: 200,
        body: { code: 1, data: null, msg: reason === 'too_short' ? '密码长度不能少于8位' : '密码过于常见，请换一个' },
      })
      // Nobody was created: the name is still free and that password signs nobody in.
      expect((await post(base, '/api/auth/login', { username, password })).body.msg).toBe('登录失败')
    }
    expect((await post(base, '/api/auth/register', { username, password: GOOD })).body).toEqual({ code: 0, data: null, msg: '注册成功' })
    expect((await post(base, '/api/auth/login', { username, password: GOOD })).body.code).toBe(0)
  })
})

describe.skipIf(BASES.length === 0 || !has('POST', '/login/register'))('Hyperf register (POST /login/register)', () => {
  it.each(BASES)('%s: weak passwords get 9906 naming the rule; a good one registers', async (base) => {
    const p = phone()
    const sent = await post(base, '/login/send/sms', { phone: p })
    expect(sent.body.code).toBe(200)
    const account = `pw_${hex()}`
    const reg = (password: string) => post(base, '/login/register', { account, password, password_confirmation: password, phone: p, code: sent.body.data.code })
    for (const [password, reason] of WEAK) {
      const r = await reg(password)
      expect({ password, status: r.status, body: r.body }).toEqual({
        password,
        status: 422,
        body: {
          code: 9906,
          msg: `数据验证失败，原因如下：${reason === 'too_short' ? 'password 密码不能少于 8 个字符' : 'password 密码过于常见，请换一个'}`,
          status: false,
          data: [],
        },
      })
    }
    // Hyperf's own rule stays where Hyperf sets a password.
    expect((await reg('Plum-Rain-2047')).body.msg).toBe('数据验证失败，原因如下：password 密码必须是字母或数字')
    expect((await reg(GOOD)).body).toEqual({ code: 200, msg: 'ok', status: true, data: [] })
    expect((await post(base, '/login/jwt/get', { account, pwd: GOOD })).body.code).toBe(200)
  })
})

/** The cookies a response sets, as one Cookie header with those already held. */
function keepCookies(jar: Map<string, string>, res: Response): string {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';')
    const i = pair.indexOf('=')
    jar.set(pair.slice(0, i), pair.slice(i + 1))
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
}

/** The browser's sign-up as the verify page submits it (next-auth's `sign-up` credentials), with a register code from the API. */
async function browserSignUp(base: string, name: string, password: string): Promise<{ status: number; url: string }> {
  const p = phone()
  const code = (await post(base, '/api/v2/verifycodes/register', { phone: p }, { 'x-forwarded-for': from() })).body.code as string
  const jar = new Map<string, string>()
  const csrfRes = await fetch(base + '/api/session/csrf')
  const cookie = keepCookies(jar, csrfRes)
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string }
  const res = await fetch(base + '/api/session/callback/sign-up', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, channel: 'sms', target: p, code, name, password, confirm: password, consent: 'true', json: 'true' }).toString(),
  })
  const body = (await res.json()) as { url: string }
  return { status: res.status, url: body.url }
}

describe.skipIf(BASES.length === 0 || !has('POST', '/login/jwt/get'))('browser passwords and the Hyperf sign-in', () => {
  it.each(BASES)('%s: the browser refuses a common 8-character password; one with `-` set there signs in through Hyperf', async (base) => {
    const weak = await browserSignUp(base, `bw_${hex()}`, 'password')
    expect(weak.status).toBe(401)
    expect(new URL(weak.url, base).searchParams.get('error')).toBe('password_too_common')

    const name = `bw_${hex()}`
    const password = 'plum-rain-2047'
    const ok = await browserSignUp(base, name, password)
    expect(ok.status).toBe(200)
    expect(new URL(ok.url, base).searchParams.get('error')).toBeNull()

    const got = await post(base, '/login/jwt/get', { account: name, pwd: password })
    expect({ code: got.body.code, msg: got.body.msg }).toEqual({ code: 200, msg: 'ok' })
    expect(typeof got.body.data.jwt).toBe('string')
    // A wrong password still gets Hyperf's 50006, and a missing one its 9906.
    expect((await post(base, '/login/jwt/get', { account: name, pwd: 'plum-rain-2048' })).body.code).toBe(50006)
    expect((await post(base, '/login/jwt/get', { account: name, pwd: '' })).body.msg).toBe('数据验证失败，原因如下：密码必填')
  })
})
