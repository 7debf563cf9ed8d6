// Seed replay: each example of seeds 000 and 001, sent as the seed writes it; the answer must have
// the seed's status, keys (in order), value types and literal values. The example bodies below are
// copied from the seeds verbatim.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, getRequest, jsonRequest } from '../../../test/http'
import { makeUser, phone } from '../../../test/factories'
import { loadConfig, setConfigForTests } from '../../config'
import { decodeJwtUnverified } from '../../core/jwt'
import { startFakeWechat, type FakeWechat } from '../../providers/wechat/fake-server'
import * as h from './handlers'

// seed 000, 用户注册 / 用户登录 / 小程序注册登录 (one body for all three), and 刷新 Token ("见 用户登录")
const SEED_000_TOKEN = {
  access_token:
    'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJodHRwOi8vcGx1cy5pby9hcGkvdjIvYXV0aC9sb2dpbiIsImlhdCI6MTUxNTU3NDE0MSwiZXhwIjoxNTE1NTc3NzQxLCJuYmYiOjE1MTU1NzQxNDEsImp0aSI6Imx1MWtFcDd1UjZpWnoxV3giLCJzdWIiOjEsInBydiI6IjQ4ZTQ1MzgzMWNlYmE1ZTU3YTQ3NWU2ODY0OWNmZGVlNmU5N2Q4ZDIifQ.0_u1dgb-rSr2o7nIx4Q1n1NNcr1LMAtgTbKsFFdUvmg',
  token_type: 'bearer',
  expires_in: 60,
  refresh_ttl: 20160,
}
// seed 000 and 001, 用户退出
const SEED_LOGOUT = { message: '退出成功' }
// seed 001, 用户登录 (the older page: expires_in in seconds)
const SEED_001_LOGIN = {
  access_token: SEED_000_TOKEN.access_token,
  token_type: 'bearer',
  expires_in: 3600,
}
// seed 001, 创建一个用户授权令牌
const SEED_001_TOKENS = {
  token:
    'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOjEsImlzcyI6Imh0dHA6Ly9wbHVzLmlvL2FwaS92Mi90b2tlbnMiLCJpYXQiOjE1MDEzMTQyNTIsImV4cCI6MTUwMjUyMzg1MiwibmJmIjoxNTAxMzE0MjUyLCJqdGkiOiJvU0VpdGUwTnp4Y0RTSTJQIn0.1Xga2eSZS013Baao0PO2rx6s1riL0goJIsAvU93DLgc',
  user: {
    id: 1,
    name: 'Seven',
    bio: 'Seven 的个人传记',
    sex: 2,
    location: '成都 中国',
    created_at: '2017-06-02 08:43:54',
    updated_at: '2017-07-25 03:59:39',
    avatar: 'http://plus.io/api/v2/users/1/avatar',
    bg: 'http://plus.io/storage/user-bg/000/000/000/01.png',
    verified: null,
    extra: {
      user_id: 1,
      likes_count: 0,
      comments_count: 8,
      followers_count: 0,
      followings_count: 1,
      updated_at: '2017-07-28 08:38:54',
      feeds_count: 0,
      questions_count: 4,
    },
    wallet: { id: 1, user_id: 1, balance: 87, created_at: '2017-06-02 08:43:54', updated_at: '2017-07-28 03:15:04', deleted_at: null },
    phone: '18781993582',
    email: 'shiweidu@outlook.com',
  },
  ttl: 20160,
  refresh_ttl: 40320,
}
// seed 001, 刷新授权令牌
const SEED_001_TOKEN_REFRESH = { token: SEED_001_TOKENS.token, ttl: 20160, refresh_ttl: 40320 }

/** Same keys in the same order; numbers, strings and booleans of the same type. */
function expectSeedShape(actual: unknown, seed: unknown, path = '$'): void {
  if (seed !== null && typeof seed === 'object' && !Array.isArray(seed)) {
    expect(actual !== null && typeof actual === 'object', path).toBe(true)
    expect(Object.keys(actual as object), path).toEqual(Object.keys(seed))
    for (const [k, v] of Object.entries(seed)) {
      const a = (actual as Record<string, unknown>)[k]
      // Fields this service has no data for are null (SPEC §5.4's rule, issue 11): bio, avatar, wallet…
      if (a === null) continue
      expectSeedShape(a, v, `${path}.${k}`)
    }
    return
  }
  if (seed === null) return
  expect(typeof actual, path).toBe(typeof seed)
}

const payloadKeys = (jwt: string) => Object.keys(decodeJwtUnverified(jwt)!.payload)

describe('seed 000', () => {
  it('用户注册: POST api/v2/users with phone, name, password, verifiableType, verifiableCode', async () => {
    const p = phone()
    const code = (await call(h.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { phone: p }))).body.code
    const r = await call(
      h.register,
      jsonRequest('/api/v2/users', { phone: p, name: 'Seven', password: 'secret_123', verifiableType: 'sms', verifiableCode: code }),
    )
    expect(r.status).toBe(201) // the real server's status; reference §1
    const { token, ttl, ...seedPart } = r.body
    expectSeedShape(seedPart, SEED_000_TOKEN)
    expect(seedPart).toMatchObject({ token_type: 'bearer', expires_in: 60, refresh_ttl: 20160 })
    expect(token).toBe(r.body.access_token)
    expect(ttl).toBe(60)
    // the seed's token carries jwt-auth's claims in this order (ours adds `sid` at the end)
    expect(payloadKeys(r.body.access_token).slice(0, 7)).toEqual(payloadKeys(SEED_000_TOKEN.access_token))
  })

  it('用户登录: POST api/v2/auth/login with login and password, then 刷新 Token and 用户退出', async () => {
    const { name, password } = await makeUser()
    const login = await call(h.login, jsonRequest('/api/v2/auth/login', { login: name, password }))
    expect(login.status).toBe(200)
    expectSeedShape(login.body, SEED_000_TOKEN)
    expect(login.body).toMatchObject({ token_type: 'bearer', expires_in: 60, refresh_ttl: 20160 })

    const refreshed = await call(h.refresh, getRequest('/api/v2/auth/refresh', { authorization: `Bearer ${login.body.access_token}` }, 'POST'))
    expect(refreshed.status).toBe(200)
    expectSeedShape(refreshed.body, SEED_000_TOKEN)

    const out = await call(h.logout, getRequest('/api/v2/auth/logout', { authorization: `Bearer ${refreshed.body.access_token}` }, 'POST'))
    expect(out.status).toBe(200)
    expect(out.body).toEqual(SEED_LOGOUT)
  })

  describe('小程序注册登录', () => {
    let wx: FakeWechat
    beforeAll(async () => {
      wx = await startFakeWechat('seed-app', 'seed-secret')
      setConfigForTests(loadConfig({ ...process.env, WECHAT_APPID: 'seed-app', WECHAT_SECRET: 'seed-secret', WECHAT_API_BASE: wx.url }))
    })
    afterAll(async () => {
      setConfigForTests(undefined)
      await wx.close()
    })

    it('POST api/v2/wechat/mini-program with code', async () => {
      const r = await call(h.miniProgram, jsonRequest('/api/v2/wechat/mini-program', { code: 'ok:oSeed000' }))
      expect(r.status).toBe(200)
      expectSeedShape(r.body, SEED_000_TOKEN)
      expect(r.body).toMatchObject({ token_type: 'bearer', expires_in: 60, refresh_ttl: 20160 })
    })
  })
})

describe('seed 001', () => {
  it('用户登录 with THINKSNS_EXPIRES_IN_SECONDS: expires_in 3600 as the older page shows', async () => {
    setConfigForTests(loadConfig({ ...process.env, THINKSNS_EXPIRES_IN_SECONDS: 'true' }))
    try {
      const { name, password } = await makeUser()
      const r = await call(h.login, jsonRequest('/api/v2/auth/login', { login: name, password }))
      expect(r.status).toBe(200)
      const { refresh_ttl, ...older } = r.body
      expectSeedShape(older, SEED_001_LOGIN)
      expect(older.expires_in).toBe(3600)
      expect(refresh_ttl).toBe(20160)
    } finally {
      setConfigForTests(undefined)
    }
  })

  it('创建一个用户授权令牌 (POST /tokens) then 刷新授权令牌 (PATCH /tokens/:token)', async () => {
    const { name, password } = await makeUser({ phone: phone(), email: 'seven@example.com' })
    const created = await call(h.createLegacyToken, jsonRequest('/api/v2/tokens', { login: name, password }))
    expect(created.status).toBe(201)
    expectSeedShape(created.body, SEED_001_TOKENS)
    expect(created.body).toMatchObject({ ttl: 20160, refresh_ttl: 40320 })
    expect(created.body.user.email).toBe('seven@example.com')

    const refreshed = await call(h.refreshLegacyToken, getRequest(`/api/v2/tokens/${created.body.token}`, {}, 'PATCH'))
    expect(refreshed.status).toBe(201)
    expectSeedShape(refreshed.body, SEED_001_TOKEN_REFRESH)
    expect(refreshed.body).toMatchObject({ ttl: 20160, refresh_ttl: 40320 })
  })

  it('用户退出 with GET (POST|PUT|PATCH|GET)', async () => {
    const { name, password } = await makeUser()
    const token = (await call(h.login, jsonRequest('/api/v2/auth/login', { login: name, password }))).body.access_token
    const out = await call(h.logout, getRequest('/api/v2/auth/logout', { authorization: `Bearer ${token}` }))
    expect(out.body).toEqual(SEED_LOGOUT)
  })
})
