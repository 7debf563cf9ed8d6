// Seed 003 replayed against the handlers: every success and failure body, literal strings from the
// seed and reference §3.
import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import { config } from '@/lib/config'
import { db } from '@/lib/db'
import { assignRole } from '@/lib/core/roles'
import { revokeSession } from '@/lib/core/sessions'
import { setUserStatus } from '@/lib/core/users'
import { serveRoutes, type LocalServer } from '@/lib/http/standards/local-server'
import { makeUser } from '@/test/factories'
import { call, formRequest, jsonRequest } from '@/test/http'
import { login, refresh, register } from './handlers'
import { apiRoutes } from '@/lib/http/api-routes'

const bearer = (t: string) => ({ authorization: `Bearer ${t}` })
const refreshReq = (headers: Record<string, string> = {}) => jsonRequest('/api/auth/refresh', '', { headers })
const payloadOf = (t: string) => JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString())
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

describe('POST /api/auth/login', () => {
  it('answers the seed body: tokens, roles, de-duplicated permissions, user', async () => {
    const { user, name, password } = await makeUser({ email: `${Date.now()}@example.com` })
    // A second role sharing USER's permission: the permission is still listed once.
    const role = await db().role.create({ data: { name: `R${Date.now()}`, description: '测试角色' } })
    const perm = await db().permission.findUniqueOrThrow({ where: { name: 'profile:read' } })
    await db().rolePermission.create({ data: { roleId: role.id, permissionId: perm.id } })
    await assignRole(user.id, role.name)

    const r = await call(login, jsonRequest('/api/auth/login', { username: name, password }))
    expect(r.status).toBe(200)
    expect(r.body.code).toBe(0)
    expect(r.body.msg).toBe('登录成功')
    // Key order as the seed shows it (Flask's jsonify sorts keys).
    expect(Object.keys(r.body)).toEqual(['code', 'data', 'msg'])
    expect(Object.keys(r.body.data)).toEqual(['access_token', 'payload', 'refresh_token'])
    expect(Object.keys(r.body.data.payload)).toEqual(['permissions', 'role', 'user'])
    const u = r.body.data.payload.user
    expect(Object.keys(u)).toEqual(['created_at', 'email', 'faceInfo', 'last_login', 'phone', 'status', 'updated_at', 'user_id', 'username'])
    expect(u.user_id).toBe(user.uuid)
    expect(u.username).toBe(name)
    expect(u.email).toBe(user.email)
    expect(u.phone).toBeNull()
    expect(u.faceInfo).toBeNull()
    expect(u.status).toBe(true)
    expect(u.created_at).toMatch(TIME)
    expect(u.last_login).toMatch(TIME)
    expect(u.updated_at).toMatch(TIME)

    const roles = r.body.data.payload.role
    expect(roles.map((x: any) => Object.keys(x))).toEqual(roles.map(() => ['description', 'role_id', 'role_name']))
    expect(roles).toContainEqual({ description: '普通用户', role_id: expect.any(Number), role_name: 'USER' })
    const perms = r.body.data.payload.permissions
    expect(Object.keys(perms[0])).toEqual(['description', 'permission_id', 'permission_name'])
    const names = perms.map((p: any) => p.permission_name)
    expect(names.filter((n: string) => n === 'profile:read')).toHaveLength(1)
    expect(new Set(names).size).toBe(names.length)

    expect(payloadOf(r.body.data.access_token)).toMatchObject({ type: 'access', sub: user.uuid, fresh: false })
    expect(payloadOf(r.body.data.refresh_token)).toMatchObject({ type: 'refresh', sub: user.uuid, fresh: false })
  })

  it('prints times in Beijing time as the seed (iat 1744089276 = 2025-04-08 13:14:36)', async () => {
    const { flaskTime } = await import('./profile')
    expect(flaskTime(new Date(1744089276 * 1000))).toBe('2025-04-08 13:14:36')
  })

  it('accepts a form body too', async () => {
    const { name, password } = await makeUser()
    const r = await call(login, formRequest('/api/auth/login', { username: name, password: password! }))
    expect(r.body.msg).toBe('登录成功')
  })

  it.each([
    ['empty body', {}],
    ['no password', { username: 'someone' }],
    ['no username', { password: 'x' }],
    ['empty strings', { username: '', password: '' }],
    ['a number as username', { username: 5, password: 'x' }],
  ])('missing fields (%s): 用户名密码不能为空', async (_, body) => {
    const r = await call(login, jsonRequest('/api/auth/login', body))
    expect(r.status).toBe(200)
    expect(r.text).toBe('{"code":1,"data":null,"msg":"用户名密码不能为空"}')
  })

  it('unknown user and wrong password: 登录失败 alike', async () => {
    const { name } = await makeUser()
    for (const body of [
      { username: 'nobody-here', password: 'secret_123' },
      { username: name, password: 'wrong' },
    ]) {
      const r = await call(login, jsonRequest('/api/auth/login', body))
      expect(r.status).toBe(200)
      expect(r.text).toBe('{"code":1,"data":null,"msg":"登录失败"}')
    }
  })

  it('disabled: 账号被禁用 only with the right password', async () => {
    const { user, name, password } = await makeUser()
    await setUserStatus(user.id, 'disabled')
    const wrong = await call(login, jsonRequest('/api/auth/login', { username: name, password: 'wrong' }))
    expect(wrong.text).toBe('{"code":1,"data":null,"msg":"登录失败"}')
    const right = await call(login, jsonRequest('/api/auth/login', { username: name, password }))
    expect(right.text).toBe('{"code":1,"data":null,"msg":"账号被禁用"}')
  })

  it('too many tries for one account: 429 with the envelope, 请求过于频繁，请稍后再试', async () => {
    const username = `flood-${Date.now()}`
    let last
    for (let i = 0; i <= config().LOGIN_LIMIT_PER_MINUTE; i++) {
      last = await call(login, jsonRequest('/api/auth/login', { username, password: 'x' }, { headers: { 'x-forwarded-for': `10.41.${i}.1` } }))
    }
    expect(last).toMatchObject({ status: 429, text: '{"code":1,"data":null,"msg":"请求过于频繁，请稍后再试"}' })
  })

  it('malformed JSON and oversized bodies get the envelope, never a 500', async () => {
    const bad = await call(login, jsonRequest('/api/auth/login', '{"username": "a",'))
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ code: 1, data: null, msg: '请求数据格式错误' })
    const big = await call(login, jsonRequest('/api/auth/login', JSON.stringify({ username: 'a', password: 'x'.repeat(1024 * 1024) })))
    expect(big.status).toBe(413)
    expect(big.body).toEqual({ code: 1, data: null, msg: '请求数据过大' })
  })
})

describe('POST /api/auth/register', () => {
  it('注册成功, then the user signs in', async () => {
    const username = `reg.${Date.now()}`
    const r = await call(register, jsonRequest('/api/auth/register', { username, password: 'Zhougezuishuai22', email: `${username}@cat1hay.fr` }))
    expect(r.status).toBe(200)
    expect(r.text).toBe('{"code":0,"data":null,"msg":"注册成功"}')
    const l = await call(login, jsonRequest('/api/auth/login', { username, password: 'Zhougezuishuai22' }))
    expect(l.body.msg).toBe('登录成功')
    expect(l.body.data.payload.user.email).toBe(`${username}@cat1hay.fr`)
  })

  it('用户名已存在 (names compare case-insensitively), 邮箱已经存在, 用户名密码不能为空', async () => {
    const { name, user } = await makeUser({ email: `taken${Date.now()}@example.com` })
    const dupName = await call(register, jsonRequest('/api/auth/register', { username: name.toUpperCase(), password: 'p_strong_123' }))
    expect(dupName.text).toBe('{"code":1,"data":null,"msg":"用户名已存在"}')
    const dupEmail = await call(register, jsonRequest('/api/auth/register', { username: `n${Date.now()}`, password: 'p_strong_123', email: user.email }))
    expect(dupEmail.text).toBe('{"code":1,"data":null,"msg":"邮箱已经存在"}')
    // Missing fields come first, before the name is looked at.
    for (const body of [{}, { username: name }, { password: 'p' }, { username: '', password: 'p', email: 'bad' }]) {
      const r = await call(register, jsonRequest('/api/auth/register', body))
      expect(r.text).toBe('{"code":1,"data":null,"msg":"用户名密码不能为空"}')
    }
  })

  it('refuses a password the password policy refuses, and creates nobody (issue #21 item 9)', async () => {
    const username = `w${Date.now()}`
    for (const [password, msg] of [
      ['1', '密码长度不能少于8位'],
      ['password', '密码过于常见，请换一个'],
      ['12345678', '密码过于常见，请换一个'],
      ['x'.repeat(65), '密码长度不能超过64位'],
    ]) {
      const r = await call(register, jsonRequest('/api/auth/register', { username, password }))
      expect(r.body).toEqual({ code: 1, data: null, msg })
    }
    expect((await call(register, jsonRequest('/api/auth/register', { username, password: 'p_strong_123' }))).body.msg).toBe('注册成功')
  })

  it('refuses names that would read as an email or a phone number, and bad emails', async () => {
    for (const username of ['a@b.cn', '13912345678']) {
      const r = await call(register, jsonRequest('/api/auth/register', { username, password: 'p' }))
      expect(r.body).toEqual({ code: 1, data: null, msg: '用户名格式不正确' })
    }
    const r = await call(register, jsonRequest('/api/auth/register', { username: `e${Date.now()}`, password: 'p', email: 'not-an-email' }))
    expect(r.body).toEqual({ code: 1, data: null, msg: '邮箱格式不正确' })
  })
})

describe('POST /api/auth/refresh', () => {
  async function signIn() {
    const { user, name, password } = await makeUser()
    const r = await call(login, jsonRequest('/api/auth/login', { username: name, password }))
    return { user, access: r.body.data.access_token as string, refresh: r.body.data.refresh_token as string }
  }

  it('刷新令牌成功 with a new access token; the refresh token is not rotated', async () => {
    const { user, refresh: rt } = await signIn()
    const first = await call(refresh, refreshReq(bearer(rt)))
    expect(first.status).toBe(200)
    expect(Object.keys(first.body)).toEqual(['code', 'data', 'msg'])
    expect(first.body.code).toBe(0)
    expect(first.body.msg).toBe('刷新令牌成功')
    expect(Object.keys(first.body.data)).toEqual(['access_token'])
    const claims = payloadOf(first.body.data.access_token)
    expect(claims).toMatchObject({ type: 'access', sub: user.uuid, fresh: false, sid: payloadOf(rt).sid })
    // Clients keep using the same refresh token (SPEC §3).
    const second = await call(refresh, refreshReq(bearer(rt)))
    expect(second.body.msg).toBe('刷新令牌成功')
  })

  it('a revoked session: 401 Token has been revoked', async () => {
    const { refresh: rt } = await signIn()
    await revokeSession(payloadOf(rt).sid, 'logout')
    const r = await call(refresh, refreshReq(bearer(rt)))
    expect(r.status).toBe(401)
    expect(r.text).toBe('{"msg":"Token has been revoked"}')
  })

  it("the seed's own missing-header answer", async () => {
    const r = await call(refresh, refreshReq())
    expect(r.status).toBe(401)
    expect(r.body).toEqual({ msg: 'Missing Authorization Header' })
  })
})

// The seed's JavaScript examples, verbatim but for the host.
const SEED_LOGIN = `var myHeaders = new Headers();
myHeaders.append("Content-Type", "application/json");
var raw = JSON.stringify({
"username": "licheng.zhou9",
"password": "Zhougezuishuai22"
});
var requestOptions = {
method: 'POST',
headers: myHeaders,
body: raw,
redirect: 'follow'
};
fetch("http://localhost:5000/api/auth/login", requestOptions)
.then(response => response.text())
.then(result => console.log(result))
.catch(error => console.log('error', error));`

const SEED_REGISTER = `var myHeaders = new Headers();
myHeaders.append("User-Agent", "Apifox/1.0.0 (https://apifox.com)");
myHeaders.append("Content-Type", "application/json");
myHeaders.append("Accept", "*/*");
myHeaders.append("Host", "localhost:5000");
myHeaders.append("Connection", "keep-alive");
var raw = JSON.stringify({
"username": "licheng.zhou334",
"password": "Zhougezuishuai22",
"email": "licheng.zhou@cat1hay.fr"
});
var requestOptions = {
method: 'POST',
headers: myHeaders,
body: raw,
redirect: 'follow'
};
fetch("http://localhost:5000/api/auth/register", requestOptions)
.then(response => response.text())
.then(result => console.log(result))
.catch(error => console.log('error', error));`

describe('seed 003 fetch examples, run as written', () => {
  let server: LocalServer
  beforeAll(async () => {
    server = await serveRoutes(apiRoutes)
  })
  afterAll(async () => server.close())

  /** Runs an example with the host changed; resolves with what it logs. */
  function runExample(code: string): Promise<unknown[]> {
    return new Promise((resolve) => {
      const console = { log: (...args: unknown[]) => resolve(args) }
      new Function('console', code.replace('http://localhost:5000', server.url))(console)
    })
  }

  it('registers licheng.zhou334, then signs in licheng.zhou9', async () => {
    const [reg] = await runExample(SEED_REGISTER)
    expect(reg).toBe('{"code":0,"data":null,"msg":"注册成功"}')
    const again = await runExample(SEED_REGISTER)
    expect(again[0]).toBe('{"code":1,"data":null,"msg":"用户名已存在"}')

    await makeUser({ name: 'licheng.zhou9', password: 'Zhougezuishuai22' })
    const [text] = await runExample(SEED_LOGIN)
    const body = JSON.parse(text as string)
    expect(body.code).toBe(0)
    expect(body.msg).toBe('登录成功')
    expect(body.data.payload.user.username).toBe('licheng.zhou9')
    expect(body.data.payload.role[0]).toMatchObject({ description: '普通用户', role_name: 'USER' })
  })
})

describe('unknown paths and methods under /api/auth (the fallback both serving paths share)', () => {
  it("answers Werkzeug's own 404 and 405 pages, byte for byte (Flask 3.1 / Werkzeug 3.1.9)", async () => {
    const { default: flask } = await import('.')
    const missing = await call(flask.fallback, jsonRequest('/api/auth/nothing', {}))
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(missing.text).toBe(
      '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n',
    )
    const wrongMethod = await call(flask.fallback, new Request('http://localhost:3000/api/auth/login', { method: 'GET' }))
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get('allow')).toBe('OPTIONS, POST')
    expect(wrongMethod.text).toBe(
      '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n',
    )
  })
})
