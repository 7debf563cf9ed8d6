// Issue #23 on the built app, on both paths (`next start` = HTTP_NEXT_URL, server.ts = HTTP_FAST_URL):
// a member registered through RageFrame's TinyShop calls is signed in through every dialect and the
// browser; RageFrame's up-pwd ends every one of those sessions, and the new password then signs in
// through ThinkSNS+, Hyperf, Flask, RageFrame and the browser. ThinkSNS+'s retrieve-password answers
// its 204 with no body on both paths. Run by scripts/test-http.sh.
import { describe, expect, it } from 'vitest'

const BASES = [process.env.HTTP_NEXT_URL, process.env.HTTP_FAST_URL].filter((b): b is string => !!b)
const phone = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
// Each run from its own documentation address, so the per-address limits of one never meet another's.
const from = () => `203.0.113.${1 + Math.floor(Math.random() * 250)}`

async function send(base: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    redirect: 'manual',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, text, body: text ? JSON.parse(text) : null }
}
const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) => send(base, 'POST', path, body, headers)

/** A browser sign-in with the password form (next-auth's `password` credentials): the cookie jar after it, and whether it was refused. */
async function browserSignIn(base: string, login: string, password: string): Promise<{ ok: boolean; cookie: string }> {
  const jar = new Map<string, string>()
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = pair.indexOf('=')
      jar.set(pair.slice(0, i), pair.slice(i + 1))
    }
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  }
  const csrfRes = await fetch(base + '/api/session/csrf')
  const cookie = keep(csrfRes)
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string }
  const res = await fetch(base + '/api/session/callback/password', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, login, password, json: 'true' }).toString(),
  })
  const { url } = (await res.json()) as { url: string }
  return { ok: res.status === 200 && new URL(url, base).searchParams.get('error') === null, cookie: keep(res) }
}
const browserLive = async (base: string, cookie: string) => {
  const res = await fetch(base + '/api/session/session', { headers: { cookie } })
  const body = (await res.json()) as { sid?: string } | null
  return typeof body?.sid === 'string'
}

describe.skipIf(BASES.length === 0)('a reset through RageFrame up-pwd, seen by every dialect and the browser', () => {
  it.each(BASES)('%s', async (base) => {
    const ip = { 'x-forwarded-for': from() }
    const mobile = phone()
    const first = 'Plum_Rain_2047' // letters, digits and _: valid in every dialect (Hyperf's pwd rule)
    const next = 'Tiny_Shop_2048'

    const code = await post(base, '/v1/site/sms-code', { mobile, usage: 'register' }, ip)
    expect(code.body, code.text).toMatchObject({ code: 200, message: 'OK' })
    const reg = await post(base, '/v1/site/register', { mobile, code: code.body.data, password: first, password_repetition: first, group: 'app' }, ip)
    expect(reg.body.code, reg.text).toBe(200)
    const name: string = reg.body.data.member.username

    // Signed in everywhere with the first password.
    const rf = reg.body.data
    const tsn = await post(base, '/api/v2/auth/login', { login: mobile, password: first }, ip)
    expect(tsn.status, tsn.text).toBe(200)
    const hy = await post(base, '/login/jwt/get', { account: name, pwd: first }, ip)
    expect(hy.body.code, hy.text).toBe(200)
    const fl = await post(base, '/api/auth/login', { username: name, password: first }, ip)
    expect(fl.body.msg, fl.text).toBe('登录成功')
    const browser = await browserSignIn(base, mobile, first)
    expect(browser.ok).toBe(true)

    const alive = async () => ({
      rageframe: (await send(base, 'GET', '/v1/member/info', undefined, { authorization: `Bearer ${rf.access_token}` })).body.code === 200,
      thinksns: (await send(base, 'GET', '/api/v2/user', undefined, { authorization: `Bearer ${tsn.body.access_token}` })).status === 200,
      hyperf: (await post(base, '/login/jwt/status', { jwt: hy.body.data.jwt })).body.code === 200,
      flask: (await post(base, '/api/auth/refresh', undefined, { authorization: `Bearer ${fl.body.data.refresh_token}` })).body?.msg === '刷新令牌成功',
      browser: await browserLive(base, browser.cookie),
    })
    expect(await alive()).toEqual({ rageframe: true, thinksns: true, hyperf: true, flask: true, browser: true })

    // A login code is not an up-pwd code.
    await new Promise((r) => setTimeout(r, 10))
    const loginCode = await post(base, '/v1/site/sms-code', { mobile, usage: 'login' }, ip)
    expect(loginCode.body.code, loginCode.text).toBe(200)
    const upCode = await post(base, '/v1/site/sms-code', { mobile, usage: 'up-pwd' }, ip)
    expect(upCode.body.code, upCode.text).toBe(200)
    const wrongUsage = await post(base, '/v1/site/up-pwd', { mobile, code: loginCode.body.data, password: next, group: 'wechat' }, ip)
    expect(wrongUsage.text).toBe('{"code":422,"message":"验证码错误","data":[]}')

    const reset = await post(base, '/v1/site/up-pwd', { mobile, code: upCode.body.data, password: next, group: 'wechat' }, ip)
    expect(reset.body.code, reset.text).toBe(200)
    expect(await alive()).toEqual({ rageframe: false, thinksns: false, hyperf: false, flask: false, browser: false })

    // The old password is refused everywhere, the new one signs in everywhere.
    expect((await post(base, '/api/v2/auth/login', { login: mobile, password: first }, ip)).status).toBe(422)
    expect((await post(base, '/api/v2/auth/login', { login: mobile, password: next }, ip)).status).toBe(200)
    expect((await post(base, '/login/jwt/get', { account: name, pwd: next }, ip)).body.code).toBe(200)
    expect((await post(base, '/api/auth/login', { username: name, password: next }, ip)).body.msg).toBe('登录成功')
    expect((await post(base, '/v1/site/login', { username: name, password: next }, ip)).body.code).toBe(200)
    expect((await browserSignIn(base, mobile, first)).ok).toBe(false)
    expect((await browserSignIn(base, mobile, next)).ok).toBe(true)
    // The pair up-pwd answered is live; the reset's own sign-in is not ended by it.
    expect((await send(base, 'GET', '/v1/member/info', undefined, { authorization: `Bearer ${reset.body.data.access_token}` })).body.code).toBe(200)
  })
})

describe.skipIf(BASES.length === 0)('ThinkSNS+ retrieve-password and password change over HTTP', () => {
  it.each(BASES)('%s: 204 with no body; the other sessions end', async (base) => {
    const ip = { 'x-forwarded-for': from() }
    const mobile = phone()
    const regCode = await post(base, '/api/v2/verifycodes/register', { phone: mobile }, ip)
    const reg = await post(
      base,
      '/api/v2/users',
      { phone: mobile, name: `ap_${Date.now().toString(36)}`, password: 'Plum_Rain_2047', verifiable_type: 'sms', verifiable_code: regCode.body.code },
      ip,
    )
    expect(reg.status, reg.text).toBe(201)
    const code = await post(base, '/api/v2/verifycodes', { phone: mobile }, ip)
    expect(code.status, code.text).toBe(202)
    const r = await send(
      base,
      'PUT',
      '/api/v2/user/retrieve-password',
      { verifiable_type: 'sms', verifiable_code: code.body.code, phone: mobile, password: 'Tiny_Shop_2048' },
      ip,
    )
    expect({ status: r.status, text: r.text }).toEqual({ status: 204, text: '' })
    expect((await send(base, 'GET', '/api/v2/user', undefined, { authorization: `Bearer ${reg.body.access_token}` })).status).toBe(401)

    const a = await post(base, '/api/v2/auth/login', { login: mobile, password: 'Tiny_Shop_2048' }, ip)
    const b = await post(base, '/api/v2/auth/login', { login: mobile, password: 'Tiny_Shop_2048' }, ip)
    const change = await send(
      base,
      'PUT',
      '/api/v2/user/password',
      { old_password: 'Tiny_Shop_2048', password: 'Third_Pass_2049', password_confirmation: 'Third_Pass_2049' },
      { ...ip, authorization: `Bearer ${a.body.access_token}` },
    )
    expect({ status: change.status, text: change.text }).toEqual({ status: 204, text: '' })
    expect((await send(base, 'GET', '/api/v2/user', undefined, { authorization: `Bearer ${a.body.access_token}` })).status).toBe(200)
    expect((await send(base, 'GET', '/api/v2/user', undefined, { authorization: `Bearer ${b.body.access_token}` })).status).toBe(401)
  })
})

describe.skipIf(BASES.length === 0)('Hyperf POST /user/update/password over HTTP (its second prefix)', () => {
  it.each(BASES)('%s: routed on both paths, case-insensitive, behind the jwt and the route permission', async (base) => {
    const ip = { 'x-forwarded-for': from() }
    const body = { password: 'Bar_87654321', password_confirmation: 'Bar_87654321' }
    expect((await post(base, '/user/update/password', body, ip)).text).toBe('{"code":50009,"msg":"jwt 缺失","status":false,"data":[]}')
    const mobile = phone()
    const code = await post(base, '/login/send/sms', { phone: mobile }, ip)
    const account = `hy_${Date.now().toString(36)}`
    const reg = await post(
      base,
      '/login/register',
      { account, password: 'Foo_12345678', password_confirmation: 'Foo_12345678', phone: mobile, code: code.body.data.code },
      ip,
    )
    expect(reg.body.code, reg.text).toBe(200)
    const jwt = (await post(base, '/login/jwt/get', { account, pwd: 'Foo_12345678' }, ip)).body.data.jwt
    // A plain user's role lists no route: AuthMiddleware's 50013, at any spelling of the path.
    for (const path of ['/user/update/password', '/User/Update/Password']) {
      expect((await post(base, path, body, { ...ip, authorization: `Bearer ${jwt}` })).text).toBe('{"code":50013,"msg":"权限不足","status":false,"data":[]}')
    }
    const unknown = await post(base, '/user/auth/info', {}, ip)
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 9902 })
  })
})
