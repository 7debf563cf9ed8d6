// Seed 004 replayed against the handlers, with the literal bodies of the seed and reference §4.
import { describe, expect, it } from 'vitest'
import { config } from '@/lib/config'
import { db } from '@/lib/db'
import { sha256 } from '@/lib/core/ids'
import { setUserStatus } from '@/lib/core/users'
import { makeUser } from '@/test/factories'
import { call, formRequest, getRequest, jsonRequest } from '@/test/http'
import { login, memberInfo, refresh } from './handlers'
import { inspector } from './introspect'

const TOKEN = /^[A-Za-z0-9_-]{32}_\d+$/
const MEMBER_FIELDS = [
  'id',
  'username',
  'type',
  'nickname',
  'realname',
  'head_portrait',
  'sex',
  'qq',
  'email',
  'birthday',
  'user_money',
  'accumulate_money',
  'frozen_money',
  'user_integral',
  'address_id',
  'visit_count',
  'home_phone',
  'mobile',
  'role',
  'last_time',
  'last_ip',
  'provinces',
  'city',
  'area',
  'allowance',
  'allowance_updated_at',
  'status',
  'append',
  'updated',
]
const UNAUTHORIZED =
  '{"code":401,"message":"Your request was made with invalid credentials.","data":{"name":"Unauthorized","message":"Your request was made with invalid credentials.","code":0,"status":401}}'
const NO_USER = '{"code":400,"message":"找不到用户","data":{"name":"Bad Request","message":"找不到用户","code":0,"status":400}}'

const signIn = (username: string, password: string, group?: string, headers: Record<string, string> = {}) =>
  call(login, jsonRequest('/v1/site/login', { username, password, ...(group ? { group } : {}) }, { headers }))
const doRefresh = (refresh_token: string, group?: string) => call(refresh, jsonRequest('/v1/site/refresh', { refresh_token, ...(group ? { group } : {}) }))
const info = (token: string, how: 'query' | 'bearer' | 'x-api-key' = 'bearer') =>
  call(
    memberInfo,
    how === 'query'
      ? getRequest(`/v1/member/info?access-token=${encodeURIComponent(token)}`)
      : getRequest('/v1/member/info', how === 'bearer' ? { authorization: `Bearer ${token}` } : { 'x-api-key': token }),
  )

describe('POST /v1/site/login', () => {
  it('answers the seed body: opaque pair, expiration_time, member with the seed fields in order', async () => {
    const { user, name, password } = await makeUser({ email: `${Date.now()}@qq.com` })
    // Real clients send an empty X-Api-Key before sign-in: ignored.
    const r = await signIn(name, password!, undefined, { 'x-api-key': '' })
    expect(r.status).toBe(200)
    expect(r.body.code).toBe(200)
    expect(r.body.message).toBe('OK')
    expect(Object.keys(r.body)).toEqual(['code', 'message', 'data'])
    expect(Object.keys(r.body.data)).toEqual(['refresh_token', 'access_token', 'expiration_time', 'member'])
    expect(r.body.data.refresh_token).toMatch(TOKEN)
    expect(r.body.data.access_token).toMatch(TOKEN)
    expect(r.body.data.expiration_time).toBe(172800)
    const m = r.body.data.member
    expect(Object.keys(m)).toEqual(MEMBER_FIELDS)
    expect(m).toMatchObject({
      id: user.id,
      username: name,
      email: user.email,
      mobile: null,
      visit_count: 1,
      last_ip: '127.0.0.1',
      user_money: '0.00',
      address_id: '0',
      status: 10,
    })
    expect(Math.abs(m.last_time - Date.now() / 1000)).toBeLessThan(60)
    // Tokens are stored hashed only.
    expect(await db().accessToken.count({ where: { tokenHash: r.body.data.access_token } })).toBe(0)
    expect(await db().accessToken.count({ where: { tokenHash: sha256(r.body.data.access_token) } })).toBe(1)
    const again = await signIn(name, password!)
    expect(again.body.data.member.visit_count).toBe(2)
  })

  it('defaults to group app and accepts form bodies', async () => {
    const { name, password } = await makeUser()
    const r = await call(login, formRequest('/v1/site/login', { username: name, password: password! }))
    expect(r.body.message).toBe('OK')
    const row = await db().accessToken.findUniqueOrThrow({ where: { tokenHash: sha256(r.body.data.access_token) }, include: { session: true } })
    expect(row.session.clientGroup).toBe('app')
  })

  it.each([
    ['no username', { password: 'x' }, '登录帐号不能为空。'],
    ['empty username', { username: '', password: 'x' }, '登录帐号不能为空。'],
    ['no password', { username: 'someone' }, '登录密码不能为空。'],
    ['both missing: the first only', {}, '登录帐号不能为空。'],
    ['a bad group', { username: 'someone', password: 'x', group: 'web' }, '组别是无效的。'],
  ])('%s: 422 with data []', async (_, body, message) => {
    const r = await call(login, jsonRequest('/v1/site/login', body))
    expect(r.status).toBe(200)
    expect(r.text).toBe(JSON.stringify({ code: 422, message, data: [] }))
  })

  it('unknown user, wrong password, disabled: 账号或者密码错误.', async () => {
    const { user, name, password } = await makeUser()
    const expected = '{"code":422,"message":"账号或者密码错误.","data":[]}'
    expect((await signIn('no-such-member', 'secret_123')).text).toBe(expected)
    expect((await signIn(name, 'wrong')).text).toBe(expected)
    await setUserStatus(user.id, 'disabled')
    expect((await signIn(name, password!)).text).toBe(expected)
  })

  it('too many tries for one account: HTTP 200 with code 429 Rate limit exceeded. and the object data', async () => {
    const username = `flood-${Date.now()}`
    let last
    for (let i = 0; i <= config().LOGIN_LIMIT_PER_MINUTE; i++)
      last = await call(login, jsonRequest('/v1/site/login', { username, password: 'x' }, { headers: { 'x-forwarded-for': `10.51.${i}.1` } }))
    expect(last!.status).toBe(200)
    expect(last!.text).toBe(
      '{"code":429,"message":"Rate limit exceeded.","data":{"name":"Too Many Requests","message":"Rate limit exceeded.","code":0,"status":429}}',
    )
  })

  it('malformed JSON and 1 MB bodies: the envelope with HTTP 200, never a 500', async () => {
    const bad = await call(login, jsonRequest('/v1/site/login', '{"username":'))
    expect(bad.status).toBe(200)
    expect(bad.text).toBe(
      '{"code":400,"message":"Invalid JSON data in request body: Syntax error.","data":{"name":"Bad Request","message":"Invalid JSON data in request body: Syntax error.","code":0,"status":400}}',
    )
    const big = await call(login, jsonRequest('/v1/site/login', JSON.stringify({ username: 'x'.repeat(1024 * 1024) })))
    expect(big.status).toBe(200)
    expect(big.body.code).toBe(413)
  })

  it('one live pair per member and group: a new login ends the same group only', async () => {
    const { name, password } = await makeUser()
    const app1 = await signIn(name, password!, 'app')
    const wechat = await signIn(name, password!, 'wechat')
    const app2 = await signIn(name, password!, 'app')
    expect((await info(app1.body.data.access_token)).text).toBe(UNAUTHORIZED)
    expect((await doRefresh(app1.body.data.refresh_token, 'app')).text).toBe(NO_USER)
    expect((await info(wechat.body.data.access_token)).body.code).toBe(200)
    expect((await info(app2.body.data.access_token)).body.code).toBe(200)
  })
})

describe('POST /v1/site/refresh', () => {
  it('a new pair and member; the old pair is dead', async () => {
    const { name, password } = await makeUser()
    const first = await signIn(name, password!, 'miniProgram')
    const r = await doRefresh(first.body.data.refresh_token, 'miniProgram')
    expect(r.body.code).toBe(200)
    expect(r.body.message).toBe('OK')
    expect(Object.keys(r.body.data)).toEqual(['refresh_token', 'access_token', 'expiration_time', 'member'])
    expect(r.body.data.refresh_token).not.toBe(first.body.data.refresh_token)
    expect(r.body.data.access_token).toMatch(TOKEN)
    expect(Object.keys(r.body.data.member)).toEqual(MEMBER_FIELDS)
    expect(r.body.data.member.visit_count).toBe(2)
    expect((await info(first.body.data.access_token)).text).toBe(UNAUTHORIZED)
    expect((await info(r.body.data.access_token)).body.code).toBe(200)
    expect((await doRefresh(r.body.data.refresh_token, 'miniProgram')).body.code).toBe(200)
  })

  it('two parallel refreshes with one token get the same pair; reuse after the window ends the session', async () => {
    const { name, password } = await makeUser()
    const first = await signIn(name, password!)
    const rt = first.body.data.refresh_token
    const [a, b] = await Promise.all([doRefresh(rt), doRefresh(rt)])
    expect(a.body.code).toBe(200)
    expect(b.body.code).toBe(200)
    expect(a.body.data.access_token).toBe(b.body.data.access_token)
    expect(a.body.data.refresh_token).toBe(b.body.data.refresh_token)
    expect((await info(a.body.data.access_token)).body.code).toBe(200)

    // The grace window is over (spentAt moved back rather than sleeping).
    await db().refreshToken.update({ where: { tokenHash: sha256(rt) }, data: { spentAt: new Date(Date.now() - 60_000) } })
    expect((await doRefresh(rt)).text).toBe(NO_USER)
    // The whole session is gone: the pair the retry got too.
    expect((await info(a.body.data.access_token)).text).toBe(UNAUTHORIZED)
    expect((await doRefresh(a.body.data.refresh_token)).text).toBe(NO_USER)
  })

  it('failures: missing token, unknown, other group, expired, disabled member', async () => {
    expect((await call(refresh, jsonRequest('/v1/site/refresh', {}))).text).toBe('{"code":422,"message":"重置令牌不能为空。","data":[]}')
    expect((await call(refresh, jsonRequest('/v1/site/refresh', { refresh_token: 'x', group: 'pc' }))).text).toBe(
      '{"code":422,"message":"组别是无效的。","data":[]}',
    )
    expect((await doRefresh('1V1XLG8DQkROK6g-Rh5k17hZuZHQVZB9_1527339048')).text).toBe(NO_USER)

    const { user, name, password } = await makeUser()
    const s = await signIn(name, password!, 'wechat')
    expect((await doRefresh(s.body.data.refresh_token, 'app')).text).toBe(NO_USER)

    await db().refreshToken.update({ where: { tokenHash: sha256(s.body.data.refresh_token) }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect((await doRefresh(s.body.data.refresh_token, 'wechat')).text).toBe(
      '{"code":400,"message":"您的重置令牌已经过期，请重新登陆","data":{"name":"Bad Request","message":"您的重置令牌已经过期，请重新登陆","code":0,"status":400}}',
    )

    const t = await signIn(name, password!, 'app')
    await setUserStatus(user.id, 'disabled')
    expect((await doRefresh(t.body.data.refresh_token, 'app')).text).toBe(NO_USER)
  })

  it('ignores a stale X-Api-Key', async () => {
    const { name, password } = await makeUser()
    const s = await signIn(name, password!)
    const r = await call(refresh, jsonRequest('/v1/site/refresh', { refresh_token: s.body.data.refresh_token }, { headers: { 'x-api-key': 'stale' } }))
    expect(r.body.code).toBe(200)
  })
})

describe('GET /v1/member/info', () => {
  it('takes the access token as ?access-token=, Bearer or X-Api-Key', async () => {
    const { user, name, password } = await makeUser()
    const s = await signIn(name, password!)
    for (const how of ['query', 'bearer', 'x-api-key'] as const) {
      const r = await info(s.body.data.access_token, how)
      expect(r.status).toBe(200)
      expect(r.body.code).toBe(200)
      expect(r.body.message).toBe('OK')
      expect(Object.keys(r.body.data)).toEqual(MEMBER_FIELDS)
      expect(r.body.data.id).toBe(user.id)
    }
  })

  it('401 with the object data for a missing, unknown or refresh token', async () => {
    const { name, password } = await makeUser()
    const s = await signIn(name, password!)
    for (const r of [await call(memberInfo, getRequest('/v1/member/info')), await info('nope'), await info(s.body.data.refresh_token)]) {
      expect(r.status).toBe(200)
      expect(r.text).toBe(UNAUTHORIZED)
    }
  })

  it('401 for an expired access token; the refresh token still buys a new pair', async () => {
    const { name, password } = await makeUser()
    const s = await signIn(name, password!)
    await db().accessToken.update({ where: { tokenHash: sha256(s.body.data.access_token) }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const r = await info(s.body.data.access_token)
    expect(r.status).toBe(200)
    expect(r.text).toBe(UNAUTHORIZED)
    expect((await doRefresh(s.body.data.refresh_token)).body.code).toBe(200)
  })
})

describe('inspector', () => {
  it('knows its access and refresh tokens, and says when they are dead', async () => {
    const { user, name, password } = await makeUser()
    const s = await signIn(name, password!)
    const a = await inspector.inspect(s.body.data.access_token)
    expect(a).toMatchObject({ active: true, dialect: 'rageframe', tokenType: 'access', userId: user.id })
    expect(await inspector.inspect(s.body.data.refresh_token)).toMatchObject({ active: true, tokenType: 'refresh' })
    await doRefresh(s.body.data.refresh_token)
    expect(await inspector.inspect(s.body.data.access_token)).toMatchObject({ active: false, tokenType: 'access' })
    expect(await inspector.inspect(s.body.data.refresh_token)).toMatchObject({ active: false, tokenType: 'refresh' })
    expect(await inspector.inspect('eyJhbGciOiJIUzI1NiJ9.e30.x')).toBeNull()
    expect(await inspector.inspect('1V1XLG8DQkROK6g-Rh5k17hZuZHQVZB9_1527339048')).toBeNull()
  })
})

describe('unknown paths and methods under /v1 (the fallback both serving paths share)', () => {
  it("answers Yii's NotFoundHttpException and VerbFilter's 405 in RageFrame's envelope, HTTP 200", async () => {
    const { default: rageframe } = await import('.')
    const missing = await call(rageframe.fallback, jsonRequest('/v1/site/nothing', {}))
    expect(missing.status).toBe(200)
    expect(missing.text).toBe('{"code":404,"message":"页面未找到。","data":{"name":"Not Found","message":"页面未找到。","code":0,"status":404}}')
    const wrongMethod = await call(rageframe.fallback, getRequest('/v1/site/login'))
    expect(wrongMethod.status).toBe(200)
    expect(wrongMethod.headers.get('allow')).toBe('POST')
    expect(wrongMethod.body).toEqual({
      code: 405,
      message: 'Method Not Allowed. This URL can only handle the following request methods: POST.',
      data: { name: 'Method Not Allowed', message: 'Method Not Allowed. This URL can only handle the following request methods: POST.', code: 0, status: 405 },
    })
  })
})
