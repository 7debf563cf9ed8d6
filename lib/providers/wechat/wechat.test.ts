import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, setConfigForTests } from '../../config'
import { AuthError } from '../../core/errors'
import { db } from '../../db'
import { code2Session, userForWechat } from '.'
import { startFakeWechat, type FakeWechat } from './fake-server'

let wx: FakeWechat

const failure = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (e) {
    if (e instanceof AuthError) return { kind: e.kind, ...e.detail }
    throw e
  }
  throw new Error('expected a failure')
}

beforeAll(async () => {
  wx = await startFakeWechat('wx-test-app', 'wx-test-secret')
  setConfigForTests(loadConfig({ ...process.env, WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'wx-test-secret', WECHAT_API_BASE: wx.url }))
})

afterAll(async () => {
  setConfigForTests(undefined)
  await wx.close()
})

describe('jscode2session client', () => {
  it('sends appid, secret, js_code and grant_type to the configured base URL and returns the openid and unionid', async () => {
    expect(await code2Session('ok:o-abc:u-xyz')).toEqual({ openid: 'o-abc', unionid: 'u-xyz' })
    const q = wx.requests.at(-1)!
    expect(q.pathname).toBe('/sns/jscode2session')
    expect(Object.fromEntries(q.searchParams)).toEqual({
      appid: 'wx-test-app',
      secret: 'wx-test-secret',
      js_code: 'ok:o-abc:u-xyz',
      grant_type: 'authorization_code',
    })
    expect(await code2Session('ok:o-only')).toEqual({ openid: 'o-only', unionid: null })
  })

  it("reports WeChat's errcode: 40029 invalid code, 40163 used, 45011 too frequent, -1 busy", async () => {
    expect(await failure(code2Session('bad'))).toMatchObject({ kind: 'wechat_failed', errcode: 40029 })
    expect(await failure(code2Session('used'))).toMatchObject({ kind: 'wechat_failed', errcode: 40163 })
    expect(await failure(code2Session('limit'))).toMatchObject({ kind: 'wechat_failed', errcode: 45011 })
    expect(await failure(code2Session('busy'))).toMatchObject({ kind: 'wechat_failed', errcode: -1 })
  })

  it('reports an answer that is not WeChat JSON, and an unreachable server, without an errcode', async () => {
    expect(await failure(code2Session('html'))).toMatchObject({ kind: 'wechat_failed', reason: 'bad_response' })
    setConfigForTests(loadConfig({ ...process.env, WECHAT_APPID: 'a', WECHAT_SECRET: 'b', WECHAT_API_BASE: 'http://127.0.0.1:1' }))
    try {
      expect(await failure(code2Session('ok:x'))).toMatchObject({ kind: 'wechat_failed', reason: 'unreachable' })
    } finally {
      setConfigForTests(loadConfig({ ...process.env, WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'wx-test-secret', WECHAT_API_BASE: wx.url }))
    }
  })

  it('refuses to run without an app id and secret', async () => {
    setConfigForTests(loadConfig({ ...process.env, WECHAT_APPID: '', WECHAT_SECRET: '', WECHAT_API_BASE: wx.url }))
    try {
      expect(await failure(code2Session('ok:x'))).toMatchObject({ kind: 'not_configured', what: 'wechat' })
    } finally {
      setConfigForTests(loadConfig({ ...process.env, WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'wx-test-secret', WECHAT_API_BASE: wx.url }))
    }
  })
})

describe('users for openids', () => {
  it('creates a user for an unknown openid and finds the same one next time', async () => {
    const first = await userForWechat({ openid: 'o-new-1', unionid: null })
    expect(first.wechatOpenid).toBe('o-new-1')
    expect(first.passwordHash).toBeNull()
    expect(first.name).toMatch(/^wx_[A-Za-z0-9]{10}$/)
    const again = await userForWechat({ openid: 'o-new-1', unionid: 'u-1' })
    expect(again.id).toBe(first.id)
    expect(again.wechatUnionid).toBe('u-1')
    // The unionid learnt while signing in is no profile change: updatedAt (public as ThinkSNS+'s updated_at) stays.
    expect(again.updatedAt).toEqual(first.updatedAt)
  })

  it('ends with one user when the same new openid signs in 10 times at once', async () => {
    const users = await Promise.all(Array.from({ length: 10 }, () => userForWechat({ openid: 'o-race', unionid: null })))
    expect(new Set(users.map((u) => u.id)).size).toBe(1)
    expect(await db().user.count({ where: { wechatOpenid: 'o-race' } })).toBe(1)
  })
})
