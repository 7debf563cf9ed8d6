// Introspection, revocation and /api/me over the tokens of every dialect (issue 8): a token just
// issued is active; after that dialect's logout, or /oauth/revoke, it is not; forged tokens (alg
// none, HS256 keyed with the public key, a tampered payload, a foreign iss, an expired exp, a
// future nbf) are refused by every endpoint that takes a token. Tokens are obtained through each
// dialect's own login handler, the way its clients get them.
import { apiRoutes } from '@/lib/http/api-routes'
import { JWT_ISSUERS } from '@/lib/dialects'
import { keysOf, type JwtDialectId } from '@/test/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SignJWT, type JWTHeaderParameters, type JWTPayload } from 'jose'
import { loadConfig, setConfigForTests } from '@/lib/config'
import { db } from '@/lib/db'
import { decodeJwtUnverified, signJwt } from '@/lib/core/jwt'
import { createOAuthClient } from '@/lib/core/oauth-clients'
import { invalidateSigningKeys, publishedJwks } from '@/lib/core/signing-keys'
import { makeUser } from '@/test/factories'
import { call, formRequest, getRequest, jsonRequest } from '@/test/http'
import { introspect, me, revoke } from './handlers'

type Tokens = { access: string; refresh?: string }
type User = Awaited<ReturnType<typeof makeUser>>
type Dialect = {
  name: 'thinksns' | 'hyperf' | 'flask' | 'rageframe'
  jwt: boolean
  /** Whether sign-in also gives a separate refresh token. */
  refresh: boolean
  login(h: Handlers, u: User): Promise<Tokens>
  /** The dialect's own way to end a session, where it has one. */
  logout?(h: Handlers, t: Tokens, u: User): Promise<void>
}
type Handlers = (method: string, pattern: string) => (req: Request) => Promise<Response>

const bearer = (t: string) => ({ authorization: `Bearer ${t}` })

const DIALECTS: Dialect[] = [
  {
    name: 'thinksns',
    refresh: false,
    jwt: true,
    async login(h, u) {
      const r = await call(h('POST', '/api/v2/auth/login'), jsonRequest('/api/v2/auth/login', { login: u.name, password: u.password }))
      expect(r.status).toBe(200)
      return { access: r.body.access_token }
    },
    async logout(h, t) {
      const r = await call(h('POST', '/api/v2/auth/logout'), jsonRequest('/api/v2/auth/logout', {}, { headers: bearer(t.access) }))
      expect(r.body).toEqual({ message: '退出成功' })
    },
  },
  {
    name: 'hyperf',
    refresh: true,
    jwt: true,
    async login(h, u) {
      const r = await call(h('POST', '/login/jwt/get'), jsonRequest('/login/jwt/get', { account: u.name, pwd: u.password }))
      expect(r.body.code).toBe(200)
      return { access: r.body.data.jwt, refresh: r.body.data.refresh_jwt }
    },
    async logout(h, t) {
      const r = await call(h('POST', '/login/jwt/deactivate'), jsonRequest('/login/jwt/deactivate', { jwt: t.access }))
      expect(r.body).toEqual({ code: 200, msg: 'ok', status: true, data: [] })
    },
  },
  {
    name: 'flask',
    refresh: true,
    jwt: true,
    // Seed 003 has no logout endpoint: /oauth/revoke is how its sessions end from outside.
    async login(h, u) {
      const r = await call(h('POST', '/api/auth/login'), jsonRequest('/api/auth/login', { username: u.name, password: u.password }))
      expect(r.body.msg).toBe('登录成功')
      return { access: r.body.data.access_token, refresh: r.body.data.refresh_token }
    },
  },
  {
    name: 'rageframe',
    refresh: true,
    jwt: false,
    async login(h, u) {
      const r = await call(h('POST', '/v1/site/login'), jsonRequest('/v1/site/login', { username: u.name, password: u.password, group: 'app' }))
      expect(r.body.code).toBe(200)
      return { access: r.body.data.access_token, refresh: r.body.data.refresh_token }
    },
    // The TinyShop app's /v1/site/logout (#23) ends the pair presented.
    async logout(h, t) {
      const r = await call(h('POST', '/v1/site/logout'), jsonRequest('/v1/site/logout', {}, { headers: bearer(t.access) }))
      expect(r.body.message).toBe('退出成功')
    },
  },
]

async function handlersOf(d: string): Promise<Handlers> {
  const routes = apiRoutes.filter((r) => r.group === d)
  return (method, pattern) => {
    const r = routes.find((x) => x.pattern.toLowerCase() === pattern.toLowerCase() && x.methods.includes(method))
    if (!r) throw new Error(`${d} has no ${method} ${pattern}`)
    return r.handler
  }
}

let client: { id: string; secret: string }
const auth = () => ({ authorization: 'Basic ' + Buffer.from(`${client.id}:${client.secret}`).toString('base64') })
const introspection = async (token: string) => (await call(introspect, formRequest('/oauth/introspect', { token }, { headers: auth() }))).body
const userinfo = (token: string) => call(me, getRequest('/api/me', bearer(token)))

beforeAll(async () => {
  client = await createOAuthClient('tests')
})

afterAll(() => {
  setConfigForTests(undefined)
  invalidateSigningKeys()
})

for (const alg of ['HS256', 'ES256'] as const) {
  describe(`signing with ${alg}`, () => {
    beforeAll(() => {
      setConfigForTests(loadConfig({ ...process.env, JWT_SIGNING_ALG: alg }))
      invalidateSigningKeys()
    })

    for (const d of DIALECTS) {
      if (alg !== 'HS256' && !d.jwt) continue
      describe(d.name, () => {
        let h: Handlers
        beforeAll(async () => {
          h = await handlersOf(d.name)
        })

        it('introspection: a fresh access token is active, with its user and session', async () => {
          const u = await makeUser()
          const t = await d.login(h, u)
          const info = await introspection(t.access)
          expect(info).toMatchObject({ active: true, sub: String(u.user.id), username: u.name, uuid: u.user.uuid, token_type: 'access_token', dialect: d.name })
          expect(info.exp).toBeGreaterThan(Date.now() / 1000)
          expect(typeof info.iat).toBe('number')
          const session = await db().session.findUniqueOrThrow({ where: { id: info.sid } })
          expect(session.userId).toBe(u.user.id)
          if (t.refresh)
            expect(await introspection(t.refresh)).toMatchObject({ active: true, sub: String(u.user.id), token_type: 'refresh_token', sid: info.sid })
        })

        it('/api/me: the access token gives the user; a refresh token is refused', async () => {
          const u = await makeUser()
          const t = await d.login(h, u)
          const res = await userinfo(t.access)
          expect(res.status).toBe(200)
          expect(res.body).toEqual({ id: u.user.id, uuid: u.user.uuid, name: u.name, roles: ['USER'], permissions: ['profile:read', 'profile:write'] })
          if (t.refresh) {
            const r = await userinfo(t.refresh)
            expect(r.status).toBe(401)
            expect(r.body).toEqual({ error: 'invalid_token', error_description: 'This is not an access token' })
          }
        })

        it.skipIf(!d.logout)("after the dialect's logout the tokens are inactive", async () => {
          const u = await makeUser()
          const t = await d.login(h, u)
          await d.logout!(h, t, u)
          expect(await introspection(t.access)).toEqual({ active: false })
          if (t.refresh) expect(await introspection(t.refresh)).toEqual({ active: false })
          expect((await userinfo(t.access)).status).toBe(401)
        })

        it('/oauth/revoke ends the session of an access token (RFC 7009)', async () => {
          const u = await makeUser()
          const t = await d.login(h, u)
          const sid = (await introspection(t.access)).sid
          const res = await call(revoke, formRequest('/oauth/revoke', { token: t.access, token_type_hint: 'access_token' }, { headers: auth() }))
          expect(res.status).toBe(200)
          const session = await db().session.findUniqueOrThrow({ where: { id: sid } })
          expect(session.revokedAt).not.toBeNull()
          expect(session.revokeReason).toBe('oauth_revoke')
          expect(await introspection(t.access)).toEqual({ active: false })
          if (t.refresh) expect(await introspection(t.refresh)).toEqual({ active: false })
          const after = await userinfo(t.access)
          expect(after.status).toBe(401)
          expect(after.body.error).toBe('invalid_token')
          // Revoking it again, or an unknown token, is still 200.
          expect((await call(revoke, formRequest('/oauth/revoke', { token: t.access }, { headers: auth() }))).status).toBe(200)
        })

        it.skipIf(!d.refresh)('/oauth/revoke with a refresh token ends the session too', async () => {
          const u = await makeUser()
          const t = await d.login(h, u)
          expect((await call(revoke, formRequest('/oauth/revoke', { token: t.refresh! }, { headers: auth() }))).status).toBe(200)
          expect(await introspection(t.access)).toEqual({ active: false })
          expect((await userinfo(t.access)).status).toBe(401)
        })

        it.skipIf(d.jwt)('an altered opaque token is unknown to introspection and /api/me', async () => {
          const u = await makeUser()
          const t = await d.login(h, u)
          const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1)
          for (const token of [flip(t.access), t.access.replace(/_\d+$/, '_1'), t.access + 'x']) {
            expect(await introspection(token)).toEqual({ active: false })
            expect((await userinfo(token)).status).toBe(401)
          }
          expect((await introspection(t.access)).active).toBe(true)
        })

        it.skipIf(!d.jwt)('forged tokens are refused by introspection and /api/me', async () => {
          const u = await makeUser()
          const t = await d.login(h, u)
          const { header, payload } = decodeJwtUnverified(t.access)!
          const [h64, , s64] = t.access.split('.')
          const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
          const [key] = await keysOf(d.name as JwtDialectId)
          const now = Math.floor(Date.now() / 1000)
          const resign = (p: Record<string, unknown>) => signJwt(header, p, key)

          const forged: Record<string, string> = {
            'alg none': `${enc({ ...header, alg: 'none' })}.${enc(payload)}.`,
            'tampered payload': `${h64}.${enc({ ...payload, jti: String(payload.jti) + 'x' })}.${s64}`,
            'foreign iss': await resign({ ...payload, iss: 'https://evil.example.com/' }),
            'expired exp': await resign({ ...payload, iat: now - 7200, nbf: now - 7200, exp: now - 3600 }),
            'future nbf': await resign({ ...payload, nbf: now + 3600 }),
          }
          if (alg === 'HS256') {
            // The HS256 secret is the dialect's own: a token signed with another secret is foreign.
            forged['another secret'] = await new SignJWT(payload as JWTPayload)
              .setProtectedHeader({ ...header, alg: 'HS256' } as JWTHeaderParameters)
              .sign(new TextEncoder().encode('x'.repeat(48)))
          } else {
            const jwk = (await publishedJwks(JWT_ISSUERS)).keys.find((k) => k.kid === header.kid)!
            expect(jwk).toBeDefined()
            forged['HS256 keyed with the public key'] = await new SignJWT(payload as JWTPayload)
              .setProtectedHeader({ ...header, alg: 'HS256' } as JWTHeaderParameters)
              .sign(new TextEncoder().encode(JSON.stringify(jwk)))
          }
          // The genuine token is still fine: each refusal below is the forgery's doing.
          expect((await introspection(t.access)).active).toBe(true)
          for (const [what, token] of Object.entries(forged)) {
            expect(await introspection(token), what).toEqual({ active: false })
            const r = await userinfo(token)
            expect(r.status, what).toBe(401)
            expect(r.body.error, what).toBe('invalid_token')
            expect((await call(revoke, formRequest('/oauth/revoke', { token }, { headers: auth() }))).status, what).toBe(200)
          }
          // Revoking forgeries ended nothing.
          expect((await introspection(t.access)).active).toBe(true)
        })
      })
    }
  })
}
