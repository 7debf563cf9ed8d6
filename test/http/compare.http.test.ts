// The two ways the built app serves an API request must give the same answer (SPEC §9): Next's
// pipeline (`next start` alone, HTTP_NEXT_URL) and server.ts's fast path (HTTP_FAST_URL), both on
// one database. Same requests to both: same status, byte-identical (decoded) bodies, same headers
// apart from the per-request ones (date, x-request-id) and message framing (content-length vs
// chunked, connection). Endpoints of dialects not written yet are skipped, by asking the route table.
// Run by scripts/test-http.sh.
import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { apiRoutes } from '@/lib/http/api-routes'

const NEXT = process.env.HTTP_NEXT_URL ?? ''
const FAST = process.env.HTTP_FAST_URL ?? ''

const has = (method: string, pattern: string) => apiRoutes.some((r) => r.pattern === pattern && r.methods.includes(method))

// Per request (date, x-request-id), message framing (content-length or chunked; connection), and
// Next's marker of a proxy.ts rewrite (x-middleware-rewrite, naming Next's internal origin): not
// part of the API's answer.
const PER_REQUEST = new Set(['date', 'x-request-id', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'x-middleware-rewrite'])

type Answer = { status: number; headers: Record<string, string>; text: string }

async function send(base: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(base + path, { redirect: 'manual', ...init })
  const headers: Record<string, string> = {}
  res.headers.forEach((v, k) => {
    if (!PER_REQUEST.has(k)) headers[k] = v
  })
  return { status: res.status, headers, text: await res.text() }
}

/** Sends the same request to both paths and expects the same answer; returns it. */
async function same(path: string, init: () => RequestInit = () => ({})): Promise<Answer> {
  const a = await send(NEXT, path, init())
  const b = await send(FAST, path, init())
  expect({ path, status: b.status, body: b.text }).toEqual({ path, status: a.status, body: a.text })
  expect(b.headers).toEqual(a.headers)
  return b
}

const jsonInit =
  (body: unknown, method = 'POST') =>
  () => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
const rawInit =
  (body: string, type = 'application/json') =>
  (): RequestInit => ({ method: 'POST', headers: { 'content-type': type }, body })

const unique = () => randomBytes(4).toString('hex')
const phone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`

/** A body with its values replaced by their types, except the envelope fields clients branch on. */
const KEEP = new Set(['code', 'msg', 'message', 'status', 'token_type', 'expires_in', 'refresh_ttl', 'ttl', 'expiration_time'])
function shape(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => shape(x))
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x, k)]))
  // Envelope codes are numbers (Hyperf's data.code is an SMS code string: not kept).
  return KEEP.has(key) && (typeof v !== 'string' || key !== 'code') ? v : v === null ? null : typeof v
}

const LOGINS = ['/api/v2/auth/login', '/login/jwt/get', '/api/auth/login', '/v1/site/login'].filter((p) => has('POST', p))

describe.skipIf(!NEXT || !FAST)('next start and server.ts answer alike', () => {
  it('health, with and without compression', async () => {
    const a = await same('/api/health')
    expect(a.status).toBe(200)
    expect(a.headers['x-content-type-options']).toBe('nosniff')
    const gz = await same('/api/health', () => ({ headers: { 'accept-encoding': 'gzip, deflate, br' } }))
    expect(gz.headers['content-encoding']).toBe('gzip')
    const deflate = await same('/api/health', () => ({ headers: { 'accept-encoding': 'deflate' } }))
    expect(deflate.headers['content-encoding']).toBe('deflate')
  })

  it('keeps a well-formed x-request-id the client sends', async () => {
    const id = `req-${unique()}`
    for (const base of [NEXT, FAST]) {
      const res = await fetch(base + '/api/health', { headers: { 'x-request-id': id } })
      expect(res.headers.get('x-request-id')).toBe(id)
    }
  })

  it.each(LOGINS)('%s: empty, malformed, form, oversized and wrong-typed bodies', async (path) => {
    await same(path, jsonInit({}))
    await same(path, rawInit('{"account": "x", '))
    await same(path, rawInit('not json at all', 'text/plain'))
    await same(path, rawInit('', 'application/x-www-form-urlencoded'))
    await same(path, rawInit('username=&password=', 'application/x-www-form-urlencoded'))
    await same(path, jsonInit({ account: ['a'], pwd: 1, login: {}, username: 5, password: null }))
    const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) })
    const tooBig = await same(path, rawInit(big))
    expect(tooBig.status).toBeLessThan(500)
    // and with no content-length (chunked upload)
    await same(
      path,
      () =>
        ({
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: new Blob([big]).stream(),
          duplex: 'half',
        }) as RequestInit,
    )
    // The refused upload must not spoil the kept-alive connection for the next request.
    await same(path, jsonInit({}))
  })

  it('unknown paths and methods under each API prefix', async () => {
    await same('/login/no-such-endpoint', jsonInit({}))
    await same('/login/jwt/get', () => ({ method: 'GET' }))
    await same('/login/jwt/get/', jsonInit({}))
    await same('/api/v2/no-such-endpoint')
    await same('/api/v2/auth/login', () => ({ method: 'DELETE' }))
    await same('/api/auth/no-such-endpoint', jsonInit({}))
    await same('/api/auth/login', () => ({ method: 'GET' }))
    await same('/v1/site/no-such-endpoint', jsonInit({}))
    await same('/oauth/no-such-endpoint', jsonInit({}))
    await same('/api/health', () => ({ method: 'POST' }))
  })

  it.skipIf(!has('POST', '/login/jwt/get'))('/login paths are case-insensitive on both paths (SPEC §2)', async () => {
    const body = { account: `nobody_${unique()}`, pwd: 'abc123' }
    const lower = await same('/login/jwt/get', jsonInit(body))
    const mixed = await same('/login/Jwt/get', jsonInit(body))
    const upper = await same('/LOGIN/JWT/GET', jsonInit(body))
    expect(mixed.text).toBe(lower.text)
    expect(upper.text).toBe(lower.text)
    expect(lower.text).toContain('50006')
  })

  it.skipIf(!has('POST', '/api/auth/register') || !has('POST', '/api/auth/login'))('Flask: register and sign in', async () => {
    const answers: Record<string, unknown>[] = []
    for (const base of [NEXT, FAST]) {
      const username = `f${unique()}`
      const reg = await send(base, '/api/auth/register', jsonInit({ username, password: 'secret_123' })())
      const login = await send(base, '/api/auth/login', jsonInit({ username, password: 'secret_123' })())
      answers.push({ reg: [reg.status, shape(JSON.parse(reg.text)), reg.headers], login: [login.status, shape(JSON.parse(login.text)), login.headers] })
    }
    expect(answers[1]).toEqual(answers[0])
    expect(JSON.stringify(answers[0])).toContain('登录成功')
  })

  it.skipIf(!has('POST', '/login/register') || !has('POST', '/login/send/sms') || !has('POST', '/login/jwt/status'))(
    'Hyperf: code, register, sign in, status; a token works on the other path',
    async () => {
      const answers: unknown[] = []
      const jwts: string[] = []
      for (const base of [NEXT, FAST]) {
        const p = phone()
        const account = `h${unique()}`
        const sms = await send(base, '/login/send/sms', jsonInit({ phone: p })())
        const code = (JSON.parse(sms.text) as { data?: { code?: string } }).data?.code
        expect(code, sms.text).toMatch(/^\d{6}$/)
        const reg = await send(base, '/login/register', jsonInit({ account, password: 'abc_12345', password_confirmation: 'abc_12345', phone: p, code })())
        const get = await send(base, '/login/Jwt/get', jsonInit({ account, pwd: 'abc_12345' })())
        const jwt = (JSON.parse(get.text) as { data: { jwt: string } }).data.jwt
        jwts.push(jwt)
        const status = await send(base, '/login/jwt/status', jsonInit({ jwt })())
        answers.push([
          sms.status,
          shape(JSON.parse(sms.text)),
          reg.status,
          shape(JSON.parse(reg.text)),
          get.status,
          shape(JSON.parse(get.text)),
          status.status,
          shape(JSON.parse(status.text)),
        ])
      }
      expect(answers[1]).toEqual(answers[0])
      // Same database, same keys: a token issued on one path is checked alike on the other.
      await same('/login/jwt/status', jsonInit({ jwt: jwts[0] }))
      await same('/login/jwt/status', jsonInit({ jwt: jwts[1] }))
    },
  )

  it.skipIf(!has('POST', '/api/v2/users') || !has('POST', '/api/v2/verifycodes/register') || !has('GET', '/api/v2/user'))(
    'ThinkSNS+: code, register, sign in, current user; a token works on the other path',
    async () => {
      const answers: unknown[] = []
      const tokens: string[] = []
      for (const base of [NEXT, FAST]) {
        const p = phone()
        const name = `t${unique()}`
        const sent = await send(base, '/api/v2/verifycodes/register', jsonInit({ phone: p })())
        const code = (JSON.parse(sent.text) as { code?: string }).code
        expect(code, sent.text).toMatch(/^\d{6}$/)
        const reg = await send(base, '/api/v2/users', jsonInit({ phone: p, name, password: 'secret_123', verifiable_type: 'sms', verifiable_code: code })())
        const login = await send(base, '/api/v2/auth/login', jsonInit({ login: name, password: 'secret_123' })())
        const token = (JSON.parse(login.text) as { access_token: string }).access_token
        tokens.push(token)
        const me = await send(base, '/api/v2/user', { headers: { authorization: `Bearer ${token}` } })
        answers.push([sent.status, reg.status, shape(JSON.parse(reg.text)), login.status, shape(JSON.parse(login.text)), me.status, shape(JSON.parse(me.text))])
      }
      expect(answers[1]).toEqual(answers[0])
      for (const t of tokens) await same('/api/v2/user', () => ({ headers: { authorization: `Bearer ${t}` } }))
      await same('/api/v2/user', () => ({ headers: { authorization: 'Bearer not.a.token' } }))
      await same('/api/v2/user')
    },
  )

  it.skipIf(!has('POST', '/v1/site/login') || !has('POST', '/api/auth/register'))('RageFrame: a Flask-registered user signs in', async () => {
    const answers: unknown[] = []
    for (const base of [NEXT, FAST]) {
      const username = `r${unique()}`
      await send(base, '/api/auth/register', jsonInit({ username, password: 'secret_123' })())
      const login = await send(base, '/v1/site/login', jsonInit({ username, password: 'secret_123', group: 'app' })())
      answers.push([login.status, shape(JSON.parse(login.text)), login.headers])
    }
    expect(answers[1]).toEqual(answers[0])
  })
})
