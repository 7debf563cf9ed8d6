// Issue #21 items 3, 4, 5 and 8 performed against the built app, on both serving paths:
// - forged X-Forwarded-For (item 4): without TRUST_PROXY no forwarded header is believed; with it,
//   the address our trusted proxy saw, never an entry the client wrote to its left;
// - password guessing (item 3) under every spelling of an account and through every dialect, from
//   many addresses at once: refused per account, while the owner at home and by SMS code gets in;
// - code sending (items 5, 8): a burnt code does not make the next send immediate, and ThinkSNS+'s
//   send-code lookups are throttled per address.
// The scripts/test-http.sh servers run without TRUST_PROXY. For many client addresses this file
// starts one more pair on the same database with TRUST_PROXY=127.0.0.1, as if behind a proxy on this
// machine: the test then names each client address the way such a proxy would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { freePort } from '../ports'
import { randomBytes } from 'node:crypto'

const NEXT = process.env.HTTP_NEXT_URL ?? ''
const FAST = process.env.HTTP_FAST_URL ?? ''
const BASES = [NEXT, FAST].filter(Boolean)

const post = (base: string, path: string, body: unknown, from?: string) =>
  fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
    body: JSON.stringify(body),
  })

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`not answering: ${url}`)
}

const proxied: string[] = []
const children: ChildProcess[] = []

beforeAll(async () => {
  if (BASES.length === 0) return
  const env = { ...process.env, NODE_ENV: 'production' as const, TRUST_PROXY: '127.0.0.1', LOG_LEVEL: 'error' }
  const [nextPort, fastPort] = [await freePort(), await freePort()]
  children.push(spawn('node_modules/.bin/next', ['start', '-p', String(nextPort), '-H', '127.0.0.1'], { env, stdio: 'ignore' }))
  children.push(spawn('node_modules/.bin/tsx', ['server.ts'], { env: { ...env, PORT: String(fastPort), HOST: '127.0.0.1' }, stdio: 'ignore' }))
  proxied.push(`http://127.0.0.1:${nextPort}`, `http://127.0.0.1:${fastPort}`)
  await Promise.all(proxied.map((b) => waitFor(b + '/api/health')))
}, 120_000)

afterAll(() => {
  for (const c of children) c.kill('SIGTERM')
})

/** A fresh documentation address (198.18.0.0/15, benchmarking) for each simulated client. */
let n = 1
const address = () => `198.18.${Math.floor(n / 250)}.${(n++ % 250) + 1}`
const phone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
const name = () => `z${randomBytes(5).toString('hex')}`

/** A user registered through ThinkSNS+ with a phone (its SMS code from the console provider). */
async function register(base: string, from: string): Promise<{ name: string; phone: string; password: string }> {
  const user = { name: name(), phone: phone(), password: 'secret_123' }
  const sent = await (await post(base, '/api/v2/verifycodes/register', { phone: user.phone }, from)).json()
  const reg = await post(base, '/api/v2/users', { ...user, verifiable_type: 'sms', verifiable_code: sent.code }, from)
  expect(reg.status).toBe(201)
  return user
}

const rageframeLogin = (base: string, username: string, password: string, from?: string) =>
  post(base, '/v1/site/login', { username, password, group: 'app' }, from).then(async (r) => ({ status: r.status, body: await r.json() }))

describe.skipIf(BASES.length === 0)('client addresses on the built app (#21 item 4)', () => {
  it.each(BASES)('%s without TRUST_PROXY: a forged X-Forwarded-For is not the address recorded', async (base) => {
    const user = await register(base, '6.6.6.5')
    const r = await rageframeLogin(base, user.name, user.password, '6.6.6.6')
    expect(r.body.code).toBe(200)
    expect(r.body.data.member.last_ip).toBe('127.0.0.1')
  })

  it('with TRUST_PROXY: the address our proxy saw, never what the client wrote left of it', async () => {
    for (const base of proxied) {
      const user = await register(base, address())
      const r = await rageframeLogin(base, user.name, user.password, '6.6.6.6, 198.51.100.7')
      expect(r.body.code).toBe(200)
      expect(r.body.data.member.last_ip).toBe('198.51.100.7')
    }
  })
})

describe.skipIf(BASES.length === 0)('password guessing from many addresses (#21 item 3)', () => {
  it('30 wrong tries under every spelling, through every dialect, on both paths: refused for the account, not for its owner', async () => {
    const [a, b] = proxied
    const home = address()
    const user = await register(a, home)
    // The owner signs in from home once: that address is theirs.
    expect((await rageframeLogin(b, user.name, user.password, home)).body.code).toBe(200)

    const spellings = [user.name, user.name.toUpperCase(), `+86${user.phone}`, `0086 ${user.phone}`, user.phone]
    const tries: Array<(base: string, login: string, from: string) => Promise<Response>> = [
      (base, login, from) => post(base, '/api/v2/auth/login', { login, password: 'wrong_pw_1' }, from),
      (base, login, from) => post(base, '/api/auth/login', { username: login, password: 'wrong_pw_1' }, from),
      (base, login, from) => post(base, '/login/jwt/get', { account: login, pwd: 'wrong_pw_1' }, from),
      (base, login, from) => post(base, '/v1/site/login', { username: login, password: 'wrong_pw_1', group: 'app' }, from),
    ]
    for (let i = 0; i < 30; i++) {
      const r = await tries[i % tries.length](i % 2 ? a : b, spellings[i % spellings.length], address())
      expect(r.status).not.toBe(429)
      expect(r.status).toBeLessThan(500)
    }

    // The attacker, even with the right password, from yet another address: each dialect's throttle answer.
    const thinksns = await post(a, '/api/v2/auth/login', { login: user.phone, password: user.password }, address())
    expect(thinksns.status).toBe(429)
    expect(await thinksns.json()).toEqual({ message: 'Too Many Attempts.' })
    expect(thinksns.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(Number(thinksns.headers.get('retry-after'))).toBeLessThanOrEqual(60)
    const rageframe = await rageframeLogin(b, user.name, user.password, address())
    expect(rageframe.body).toMatchObject({ code: 429, message: 'Rate limit exceeded.' })

    // The owner at home, with the password, on either path.
    expect((await rageframeLogin(a, user.name, user.password, home)).body.code).toBe(200)
    // And from a new address by SMS code (ThinkSNS+ login by code).
    const away = address()
    const sent = await (await post(b, '/api/v2/verifycodes', { phone: user.phone }, away)).json()
    const byCode = await post(b, '/api/v2/auth/login', { login: user.phone, verifiable_code: sent.code }, away)
    expect(byCode.status).toBe(200)
    expect((await byCode.json()).access_token).toBeTruthy()
  })
})

describe.skipIf(BASES.length === 0)('code sending under attack (#21 items 5, 8)', () => {
  it('Hyperf: send, five wrong codes, send again at once: the second send is refused (50017), one SMS', async () => {
    const [a, b] = proxied
    const p = phone()
    const first = await (await post(a, '/login/send/sms', { phone: p }, address())).json()
    expect(first.code).toBe(200)
    for (let i = 0; i < 5; i++) {
      await post(b, '/login/register', { account: name(), password: 'secret_123', password_confirmation: 'secret_123', phone: p, code: '000000' }, address())
    }
    const again = await (await post(b, '/login/send/sms', { phone: p }, address())).json()
    expect(again).toMatchObject({ code: 50017, msg: '短信还在有效期内, 请勿重复发送' })
  })

  it('ThinkSNS+: probing POST /api/v2/verifycodes for accounts from one address is throttled, message kept', async () => {
    const [a] = proxied
    const from = address()
    const statuses: number[] = []
    for (let i = 0; i < 70; i++) {
      const r = await post(a, '/api/v2/verifycodes', { phone: phone() }, from)
      statuses.push(r.status)
      const body = await r.json()
      if (r.status === 422) expect(JSON.stringify(body)).toContain('用户不存在')
      if (r.status === 429) expect(body).toEqual({ message: 'Too Many Attempts.' })
    }
    expect(statuses[0]).toBe(422)
    expect(statuses.at(-1)).toBe(429)
  })
})
