// Our tokens against what flask-jwt-extended itself produces, so a Flask service that verifies them
// with flask-jwt-extended and the same secret accepts them (SPEC §4, reference §3).
import { keysOf } from '@/test/keys'
import { describe, expect, it } from 'vitest'
import { webcrypto } from 'node:crypto'
import { makeUser } from '@/test/factories'
import { call, jsonRequest } from '@/test/http'
import { login, refresh } from './handlers'

/**
 * Fixture: the claim order of flask-jwt-extended 4.7.1's `_encode_jwt`
 * (flask_jwt_extended/tokens.py, lines 42-66), step for step:
 *   42-48  token_data = {"fresh", "iat", "jti", "type", identity_claim_key}
 *   50-51  if nbf: "nbf"              (JWT_ENCODE_NBF, default True: jwt_manager.py line 232)
 *   53-54  if csrf: "csrf"            (JWT_COOKIE_CSRF_PROTECT, default True: line 198)
 *   56-57  if audience: "aud"         (JWT_ENCODE_AUDIENCE, default None: line 209)
 *   59-60  if issuer: "iss"           (JWT_ENCODE_ISSUER, default None: line 210)
 *   62-63  if expires_delta: "exp"
 *   65-66  token_data.update(claim_overrides)  (additional_claims: new keys go last)
 * identity_claim_key is JWT_IDENTITY_CLAIM, default "sub" (line 214). PyJWT then writes the header
 * sorted, {"alg":"HS256","typ":"JWT"} (api_jws.py encode, sort_headers=True), and the payload with
 * separators (",", ":") (api_jwt.py encode).
 */
function encodeJwtClaimOrder(
  o: { nbf?: boolean; csrf?: boolean; audience?: string | null; issuer?: string | null; expires?: boolean; claimOverrides?: string[] } = {},
) {
  const { nbf = true, csrf = true, audience = null, issuer = null, expires = true, claimOverrides = [] } = o
  const keys = ['fresh', 'iat', 'jti', 'type', 'sub']
  if (nbf) keys.push('nbf')
  if (csrf) keys.push('csrf')
  if (audience) keys.push('aud')
  if (issuer) keys.push('iss')
  if (expires) keys.push('exp')
  for (const k of claimOverrides) if (!keys.includes(k)) keys.push(k)
  return keys
}

// The tokens printed in seed 003 (made by the seed project with flask-jwt-extended's defaults).
const SEED_ACCESS =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJmcmVzaCI6ZmFsc2UsImlhdCI6MTc0NDA4OTI3NiwianRpIjoiMDhkNWFkZWEtNjMwOC00YmJmLTk1ZGUtYzAxMDI4YTQxNTFmIiwidHlwZSI6ImFjY2VzcyIsInN1YiI6ImVjNjUxYTc4LTQ3YzctNGM4Ny1hZjVlLWExNjI4NjQxZWM5OCIsIm5iZiI6MTc0NDA4OTI3NiwiY3NyZiI6IjQ4NTBmMWQ2LWIzYWYtNDQ0MC1hNjA1LTNhM2UwZjcyMGZhZiIsImV4cCI6MTc0NDE3NTY3Nn0.1a_Jj1oy8FGA_4L1FQku5z0ZZoz8NyHDzm5Yfowz-8Y'
const SEED_REFRESH =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJmcmVzaCI6ZmFsc2UsImlhdCI6MTc0NDA4OTI3NiwianRpIjoiZmYwM2JiOWYtZjVhYy00NmRkLWI5YTctODUwNmNkZjk3MjU0IiwidHlwZSI6InJlZnJlc2giLCJzdWIiOiJlYzY1MWE3OC00N2M3LTRjODctYWY1ZS1hMTYyODY0MWVjOTgiLCJuYmYiOjE3NDQwODkyNzYsImNzcmYiOiJmYTc3MzFjZS1lOWZkLTRlYmEtOWQ2NS04MTRhNWJmNzViMmUiLCJleHAiOjE3NDY2ODEyNzZ9.e2EsW6mAJ9DZFH7Eta649iRTlqmPfBZaRrK6epzUjr8'

const segment = (t: string, i: number) => Buffer.from(t.split('.')[i], 'base64url').toString('utf8')
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('flask-jwt-extended claim set', () => {
  it('the fixture reproduces the seed tokens (defaults: no issuer, no additional claims)', () => {
    for (const t of [SEED_ACCESS, SEED_REFRESH]) {
      expect(segment(t, 0)).toBe('{"alg":"HS256","typ":"JWT"}')
      expect(Object.keys(JSON.parse(segment(t, 1)))).toEqual(encodeJwtClaimOrder())
    }
  })

  it('our tokens are what _encode_jwt makes with JWT_ENCODE_ISSUER set and additional claim sid', async () => {
    const { user, name, password } = await makeUser()
    const r = await call(login, jsonRequest('/api/auth/login', { username: name, password }))
    const expected = encodeJwtClaimOrder({ issuer: 'set', claimOverrides: ['sid'] })
    const lifetimes = { access: 86400, refresh: 30 * 86400 } // seed: exp - iat of its two tokens
    for (const type of ['access', 'refresh'] as const) {
      const t: string = r.body.data[`${type}_token`]
      // The same header bytes as the seed's tokens.
      expect(t.split('.')[0]).toBe(SEED_ACCESS.split('.')[0])
      const raw = segment(t, 1)
      expect(raw).not.toMatch(/[:,] /) // compact, as PyJWT writes it
      const c = JSON.parse(raw)
      expect(Object.keys(c)).toEqual(expected)
      expect(c.fresh).toBe(false)
      expect(c.type).toBe(type)
      expect(c.sub).toBe(user.uuid)
      expect(c.jti).toMatch(UUID4)
      expect(c.csrf).toMatch(UUID4)
      expect(Number.isInteger(c.iat)).toBe(true)
      expect(c.nbf).toBe(c.iat)
      expect(c.exp - c.iat).toBe(lifetimes[type])
      expect(c.iss).toBe('identity-service') // PUBLIC_URL unset: the fixed issuer, whatever host was asked
      expect(typeof c.sid).toBe('string')
      // Without our two additions the claim set is exactly the seed's.
      const { iss: _i, sid: _s, ...theirs } = c
      expect(Object.keys(theirs)).toEqual(Object.keys(JSON.parse(segment(SEED_REFRESH, 1))))
    }
  })

  it('a refresh token made the way flask-jwt-extended makes it (no iss) is accepted by /api/auth/refresh', async () => {
    const { user, name, password } = await makeUser()
    const ours = await call(login, jsonRequest('/api/auth/login', { username: name, password }))
    const sid = JSON.parse(segment(ours.body.data.refresh_token, 1)).sid
    const now = Math.floor(Date.now() / 1000)
    const values: Record<string, unknown> = {
      fresh: false,
      iat: now,
      jti: crypto.randomUUID(),
      type: 'refresh',
      sub: user.uuid,
      nbf: now,
      csrf: crypto.randomUUID(),
      exp: now + 60,
      sid,
    }
    const payload = Object.fromEntries(encodeJwtClaimOrder({ claimOverrides: ['sid'] }).map((k) => [k, values[k]]))
    const [key] = await keysOf('flask')
    const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
    const sig = Buffer.from(await webcrypto.subtle.sign('HMAC', key.signKey as webcrypto.CryptoKey, new TextEncoder().encode(input))).toString('base64url')
    const r = await call(refresh, jsonRequest('/api/auth/refresh', '', { headers: { authorization: `Bearer ${input}.${sig}` } }))
    expect(r.body.msg).toBe('刷新令牌成功')
  })
})

describe('inspector', () => {
  it("knows Flask tokens, live or not, and nobody else's", async () => {
    const { inspector } = await import('./introspect')
    const { revokeSession } = await import('@/lib/core/sessions')
    const { user, name, password } = await makeUser()
    const r = await call(login, jsonRequest('/api/auth/login', { username: name, password }))
    const access = await inspector.inspect(r.body.data.access_token)
    expect(access).toMatchObject({ active: true, dialect: 'flask', tokenType: 'access', userId: user.id })
    expect(await inspector.inspect(r.body.data.refresh_token)).toMatchObject({ active: true, tokenType: 'refresh' })
    await revokeSession(access!.sessionId, 'logout')
    expect(await inspector.inspect(r.body.data.access_token)).toMatchObject({ active: false, tokenType: 'access' })
    expect(await inspector.inspect(SEED_ACCESS)).toBeNull() // the seed project's secret, not ours
    expect(await inspector.inspect('neRlaCJcbMQHgPmZqRjqYgVBfFZUe7lm_1527339048')).toBeNull()
  })
})

describe('issuer', () => {
  it('a token signed with our key but naming another issuer is refused by /api/auth/refresh', async () => {
    const { user, name, password } = await makeUser()
    const ours = await call(login, jsonRequest('/api/auth/login', { username: name, password }))
    const claims = JSON.parse(segment(ours.body.data.refresh_token, 1))
    const [key] = await keysOf('flask')
    const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, iss: 'https://evil.example.com', sub: user.uuid })).toString('base64url')}`
    const sig = Buffer.from(await webcrypto.subtle.sign('HMAC', key.signKey as webcrypto.CryptoKey, new TextEncoder().encode(input))).toString('base64url')
    const r = await call(refresh, jsonRequest('/api/auth/refresh', '', { headers: { authorization: `Bearer ${input}.${sig}` } }))
    expect(r.status).toBe(422)
    expect(r.body).toEqual({ msg: 'Invalid issuer' })
  })
})
