// #21 item 7 on the built app, on both paths (`next start` = HTTP_NEXT_URL, server.ts =
// HTTP_FAST_URL): the pre-account takeover through an email Flask's register stored unproved, and a
// registration flood from one address. Each test sends from its own loopback address (127.x.y.z;
// the servers listen on 127.0.0.1 and, without TRUST_PROXY, take the peer's address), so the
// per-address registration limit it spends is nobody else's. Run by scripts/test-http.sh.
import { describe, expect, it } from 'vitest'
import { randomBytes, randomInt } from 'node:crypto'
import http from 'node:http'
import { apiRoutes } from '@/lib/http/api-routes'

const BASES = [process.env.HTTP_NEXT_URL, process.env.HTTP_FAST_URL].filter((b): b is string => !!b)
const has = (method: string, pattern: string) => apiRoutes.some((r) => r.pattern === pattern && r.methods.includes(method))
// scripts/test-http.sh sets it for both servers (the default would be shared by every HTTP test on 127.0.0.1).
const REGISTER_LIMIT = Number(process.env.REGISTER_LIMIT_PER_HOUR_PER_IP ?? 20)

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: any }

/** One JSON request from the local address `from`. */
function send(base: string, from: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, base)
  const data = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        localAddress: from,
        agent: false,
        headers: {
          accept: 'application/json',
          ...(data ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: unknown = text
          try {
            parsed = JSON.parse(text)
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed })
        })
      },
    )
    req.on('error', reject)
    if (data) req.write(data)
    req.end()
  })
}

const loopback = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`
const hex = () => randomBytes(4).toString('hex')

describe.skipIf(BASES.length === 0 || !has('POST', '/api/auth/register') || !has('POST', '/api/v2/verifycodes') || !has('POST', '/api/v2/users'))(
  'unverified contacts on the running app (#21 item 7)',
  () => {
    it.each(BASES)("%s: an email stored by Flask's register does not sign its owner in to the squatter's account", async (base) => {
      const from = loopback()
      const victim = `victim-${hex()}@example.com`
      const attacker = `att${hex()}`
      const reg = await send(base, from, 'POST', '/api/auth/register', { username: attacker, password: 'attacker_pw_1', email: victim })
      expect(reg.body).toMatchObject({ code: 0, msg: '注册成功' })

      // The victim asks ThinkSNS+ for a sign-in code for their address: there is no account proved
      // to own it, so no code is sent (before the fix: 202, and the code signed them in as the attacker).
      const loginCode = await send(base, from, 'POST', '/api/v2/verifycodes', { email: victim })
      expect(loginCode.status).toBe(422)
      expect(loginCode.body.errors).toEqual({ email: ['请求的用户不存在'] })
      expect(loginCode.body.code).toBeUndefined()

      // The victim registers with the address and its code: the code takes it from the squatter.
      const regCode = await send(base, from, 'POST', '/api/v2/verifycodes/register', { email: victim })
      expect(regCode.status).toBe(202)
      const name = `v${hex()}`
      const created = await send(base, from, 'POST', '/api/v2/users', {
        email: victim,
        name,
        password: 'victim_pw_1',
        verifiable_type: 'mail',
        verifiable_code: regCode.body.code,
      })
      expect(created.status).toBe(201)

      // Now a sign-in code for the address lands in the victim's own account, not the attacker's.
      const again = await send(base, from, 'POST', '/api/v2/verifycodes', { email: victim })
      expect(again.status).toBe(202)
      const signedIn = await send(base, from, 'POST', '/api/v2/auth/login', { login: victim, verifiable_code: again.body.code })
      expect(signedIn.status).toBe(200)
      const me = await send(base, from, 'GET', '/api/v2/user', undefined, { authorization: `Bearer ${signedIn.body.access_token}` })
      expect(me.status).toBe(200)
      expect(me.body.name).toBe(name)
      expect(me.body.email).toBe(victim)

      // The squatter keeps their account (by name), but not the address: its password opens nothing by it.
      const byName = await send(base, from, 'POST', '/api/auth/login', { username: attacker, password: 'attacker_pw_1' })
      expect(byName.body).toMatchObject({ code: 0 })
      const byMail = await send(base, from, 'POST', '/api/v2/auth/login', { login: victim, password: 'attacker_pw_1' })
      expect(byMail.status).toBe(422)
      expect(byMail.body).toEqual({ message: '账号或密码不正确' })
    })

    it.each(BASES)('%s: a registration flood from one address is refused with each dialect\'s "too many" answer', async (base) => {
      const from = loopback()
      const username = `flood${hex()}`
      // Every attempt counts, a refused one (name taken) too: the first creates the user.
      for (let i = 0; i < REGISTER_LIMIT; i++) {
        const r = await send(base, from, 'POST', '/api/auth/register', { username, password: 'secret_123' })
        expect(r.status).toBe(200)
        expect(r.body.msg).toBe(i === 0 ? '注册成功' : '用户名已存在')
      }
      const flask = await send(base, from, 'POST', '/api/auth/register', { username: `other${hex()}`, password: 'secret_123' })
      expect(flask.status).toBe(429)
      expect(flask.body).toEqual({ code: 1, data: null, msg: '请求过于频繁，请稍后再试' })

      // The same address on ThinkSNS+ (429 "Too Many Attempts." with Retry-After): refused before its code is looked at.
      const sns = await send(base, from, 'POST', '/api/v2/users', {
        email: `flood-${hex()}@example.com`,
        name: `f${hex()}`,
        password: 'secret_123',
        verifiable_type: 'mail',
        verifiable_code: '000000',
      })
      expect(sns.status).toBe(429)
      expect(sns.body).toEqual({ message: 'Too Many Attempts.' })
      expect(Number(sns.headers['retry-after'])).toBeGreaterThan(60)
      // Hyperf checks the code first (reference §2), so with a good one: 9905.
      if (has('POST', '/login/register') && has('POST', '/login/send/sms')) {
        const phone = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`
        const sent = await send(base, from, 'POST', '/login/send/sms', { phone })
        expect(sent.body.code).toBe(200)
        const account = `h${hex()}`
        const hyperf = await send(base, from, 'POST', '/login/register', {
          account,
          password: 'abc_123',
          password_confirmation: 'abc_123',
          phone,
          code: sent.body.data.code,
        })
        expect(hyperf.body).toMatchObject({ code: 9905, msg: '当前用户较多，请稍后再试' })
      }

      // Another address still registers.
      const elsewhere = await send(base, loopback(), 'POST', '/api/auth/register', { username: `ok${hex()}`, password: 'secret_123' })
      expect(elsewhere.body).toMatchObject({ code: 0, msg: '注册成功' })
    })
  },
)
