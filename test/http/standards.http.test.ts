// The standards endpoints on the built app, on both paths (`next start` = HTTP_NEXT_URL, server.ts
// = HTTP_FAST_URL): discovery names the JWKS, /api/me answers for a Flask access token, and when the
// app signs asymmetrically (JWT_SIGNING_ALG=ES256|EdDSA) the token verifies with jose's remote JWKS
// pointed at the running app. Run by scripts/test-http.sh.
import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { apiRoutes } from '@/lib/http/api-routes'

const BASES = [process.env.HTTP_NEXT_URL, process.env.HTTP_FAST_URL].filter((b): b is string => !!b)
const has = (method: string, pattern: string) => apiRoutes.some((r) => r.pattern === pattern && r.methods.includes(method))
const post = (base: string, path: string, body: unknown) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe.skipIf(BASES.length === 0 || !has('POST', '/api/auth/register'))('standards endpoints on the running app', () => {
  it.each(BASES)('%s: discovery, JWKS, /api/me', async (base) => {
    const discovery = await (await fetch(base + '/.well-known/openid-configuration')).json()
    expect(discovery.jwks_uri).toMatch(/\/\.well-known\/jwks\.json$/)
    // Fetched before any token exists: the keys must already be there for a verifier to cache.
    const jwksUrl = new URL('/.well-known/jwks.json', base)
    const jwks = await (await fetch(jwksUrl)).json()

    const username = `s${randomBytes(5).toString('hex')}`
    expect((await (await post(base, '/api/auth/register', { username, password: 'secret_123' })).json()).msg).toBe('注册成功')
    const login = await (await post(base, '/api/auth/login', { username, password: 'secret_123' })).json()
    const token = login.data.access_token as string

    const me = await fetch(base + '/api/me', { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ name: username, roles: ['USER'] })

    const alg = decodeProtectedHeader(token).alg
    if (alg === 'HS256') {
      // No dialect key: only the OpenID Connect provider's (docs/oidc.md).
      expect(jwks.keys.map((k: { kid: string }) => k.kid.split('-')[0])).toEqual(['oidc'])
    } else {
      const { protectedHeader } = await jwtVerify(token, createRemoteJWKSet(jwksUrl))
      expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(protectedHeader.kid)
    }
  })
})
