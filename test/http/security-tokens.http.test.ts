// #21 item 12 on the built app, on both paths (`next start` = HTTP_NEXT_URL, server.ts =
// HTTP_FAST_URL): non-canonical spellings of a real token are refused in every dialect with its
// own invalid-token answer; a Hyperf refresh jwt has its own `aud`; a disabled user's Hyperf
// jwts are refused even while the session row is still live. Run by scripts/test-http.sh.
import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import { apiRoutes } from '@/lib/http/api-routes'
import { nonCanonical } from '../base64url'

const BASES = [process.env.HTTP_NEXT_URL, process.env.HTTP_FAST_URL].filter((b): b is string => !!b)
const has = (method: string, pattern: string) => apiRoutes.some((r) => r.pattern === pattern && r.methods.includes(method))
const json = async (res: Response) => ({ status: res.status, body: await res.json() })
const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(json)
const get = (base: string, path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers }).then(json)
const segment = (token: string, i: number) => JSON.parse(Buffer.from(token.split('.')[i], 'base64url').toString('utf8'))
const name = () => `k${randomBytes(5).toString('hex')}`
const phone = () => `139${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`

/** A Hyperf account signed in: its access and refresh jwt. */
async function hyperfSignedIn(base: string) {
  const p = phone()
  const account = name()
  const sms = await post(base, '/login/send/sms', { phone: p })
  expect(sms.body).toMatchObject({ code: 200 })
  const reg = await post(base, '/login/register', { account, password: 'secret_123', password_confirmation: 'secret_123', phone: p, code: sms.body.data.code })
  expect(reg.body).toMatchObject({ code: 200 })
  const got = await post(base, '/login/jwt/get', { account, pwd: 'secret_123' })
  expect(got.body).toMatchObject({ code: 200 })
  return { phone: p, jwt: got.body.data.jwt as string, refreshJwt: got.body.data.refresh_jwt as string }
}

/** A user registered through Flask (one account for every dialect). */
async function registered(base: string) {
  const username = name()
  expect((await post(base, '/api/auth/register', { username, password: 'secret_123' })).body.msg).toBe('注册成功')
  return username
}

describe.skipIf(BASES.length === 0 || !has('POST', '/login/jwt/get'))('token hardening on the running app (#21 item 12)', () => {
  it.each(BASES)('%s: Hyperf refuses padded or junk jwts with php-jwt\'s "Signature verification failed"', async (base) => {
    const { jwt, refreshJwt } = await hyperfSignedIn(base)
    expect((await post(base, '/login/jwt/status', { jwt })).body).toMatchObject({ code: 200 })
    for (const bad of nonCanonical(jwt)) {
      expect(await post(base, '/login/jwt/status', { jwt: bad })).toEqual({
        status: 401,
        body: { code: 9908, msg: '认证失败：Signature verification failed', status: false, data: [] },
      })
    }
    for (const bad of nonCanonical(refreshJwt)) {
      expect((await post(base, '/login/jwt/refresh', { jwt: bad })).body).toMatchObject({ code: 9908, msg: '认证失败：Signature verification failed' })
    }
  })

  it.each(BASES)("%s: Flask refuses padded or junk refresh tokens (422, PyJWT's message)", async (base) => {
    const username = await registered(base)
    const login = await post(base, '/api/auth/login', { username, password: 'secret_123' })
    const refresh = login.body.data.refresh_token as string
    expect((await post(base, '/api/auth/refresh', {}, { authorization: `Bearer ${refresh}` })).status).toBe(200)
    for (const bad of nonCanonical(refresh).filter((t) => !/\s/.test(t))) {
      const r = await post(base, '/api/auth/refresh', {}, { authorization: `Bearer ${bad}` })
      // PyJWT's own message for the spelling: a bad signature, or a padding it cannot read.
      expect(r).toEqual({ status: 422, body: { msg: expect.stringMatching(/^(Signature verification failed|Invalid (crypto|header|payload) padding)$/) } })
    }
  })

  it.each(BASES)('%s: ThinkSNS+ refuses padded or junk tokens (401)', async (base) => {
    const username = await registered(base)
    const login = await post(base, '/api/v2/auth/login', { login: username, password: 'secret_123' })
    const token = login.body.access_token as string
    expect((await get(base, '/api/v2/user', { authorization: `Bearer ${token}` })).status).toBe(200)
    for (const bad of nonCanonical(token).filter((t) => !/\s/.test(t))) {
      const r = await get(base, '/api/v2/user', { authorization: `Bearer ${bad}` })
      expect(r.status).toBe(401)
      expect(r.body.message).toEqual(expect.any(String))
    }
  })

  it.each(BASES)('%s: RageFrame refuses its opaque token with padding or junk appended', async (base) => {
    const username = await registered(base)
    const login = await post(base, '/v1/site/login', { username, password: 'secret_123', group: 'app' })
    const token = login.body.data.access_token as string
    expect((await get(base, `/v1/member/info?access-token=${token}`)).body.code).toBe(200)
    for (const bad of [`${token}=`, `${token}==`, `${token}!`]) {
      expect((await get(base, `/v1/member/info?access-token=${encodeURIComponent(bad)}`)).body.code).toBe(401)
    }
  })

  it.each(BASES)('%s: a Hyperf refresh jwt has its own aud; the access jwt keeps aud pc', async (base) => {
    const { jwt, refreshJwt } = await hyperfSignedIn(base)
    expect(segment(jwt, 1)).toMatchObject({ aud: 'pc', typ: 'access' })
    expect(segment(refreshJwt, 1)).toMatchObject({ aud: 'pc:refresh', typ: 'refresh' })
    // Still a refresh jwt here, and still not an access jwt.
    expect((await post(base, '/login/jwt/refresh', { jwt: refreshJwt })).body).toMatchObject({ code: 200 })
    expect((await post(base, '/login/jwt/status', { jwt: refreshJwt })).body).toMatchObject({ code: 9908 })
  })

  it.each(BASES)("%s: a disabled user's Hyperf jwts are refused while the session row is still live", async (base) => {
    const url = process.env.DATABASE_URL ?? ''
    if (!url.startsWith('file:')) return expect(url).toMatch(/^file:/)
    const u = await hyperfSignedIn(base)
    expect((await post(base, '/login/jwt/status', { jwt: u.jwt })).body).toMatchObject({ code: 200 })
    // The status alone, as another instance or an old admin tool writes it: no session is ended.
    const db = new Database(url.slice('file:'.length), { timeout: 10_000 })
    try {
      expect(db.prepare(`UPDATE "User" SET "status" = 'disabled' WHERE "phone" = ?`).run(u.phone).changes).toBe(1)
      const live = db
        .prepare(`SELECT COUNT(*) AS n FROM "Session" s JOIN "User" x ON x."id" = s."userId" WHERE x."phone" = ? AND s."revokedAt" IS NULL`)
        .get(u.phone)
      expect(live).toEqual({ n: 1 })
    } finally {
      db.close()
    }
    expect((await post(base, '/login/jwt/status', { jwt: u.jwt })).body).toEqual({
      code: 9908,
      msg: '认证失败：jwt expired or revoked',
      status: false,
      data: [],
    })
    expect((await post(base, '/login/jwt/refresh', { jwt: u.refreshJwt })).body).toEqual({
      code: 9908,
      msg: '认证失败：refresh jwt expred or others',
      status: false,
      data: [],
    })
  })
})
