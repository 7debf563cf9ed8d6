import { describe, expect, it } from 'vitest'
import { makeUser } from '../../test/factories'
import { createSession, revokeSession, replaceCurrentJti, getLiveSession, clearSessionCache } from './sessions'
import { issueOpaquePair, rotateOpaqueRefresh, authenticateOpaqueAccess, authenticateSessionJwt, newJti } from './tokens'
import { hmacKey, signJwt } from './jwt'
import { AuthError } from './errors'
import { db } from '../db'
import { kindOf } from '../../test/errors'

const TTL = { accessTtlSeconds: 3600, refreshTtlSeconds: 86400 }
const kind = kindOf

async function opaqueSession() {
  const { user } = await makeUser()
  const session = await createSession({ userId: user.id, client: 'rageframe', group: 'app', ttlSeconds: 86400 })
  const pair = await issueOpaquePair(session, TTL)
  return { user, session, pair }
}

const rotate = (token: string, graceSeconds = 10) => rotateOpaqueRefresh(token, { ...TTL, graceSeconds, client: 'rageframe', group: 'app' })

describe('opaque tokens', () => {
  it('have the seed 004 form: 32 url-safe characters, _, unix time', async () => {
    const { pair } = await opaqueSession()
    expect(pair.accessToken).toMatch(/^[A-Za-z0-9_-]{32}_\d{10}$/)
    expect(pair.refreshToken).toMatch(/^[A-Za-z0-9_-]{32}_\d{10}$/)
    const rows = await db().accessToken.findMany()
    expect(rows.every((r) => r.tokenHash !== pair.accessToken)).toBe(true)
  })

  it('rotation gives a new pair and kills the old access token', async () => {
    const { pair } = await opaqueSession()
    const next = await rotate(pair.refreshToken)
    expect(next.refreshToken).not.toBe(pair.refreshToken)
    expect(next.replayed).toBe(false)
    expect(await kind(authenticateOpaqueAccess(pair.accessToken, { client: 'rageframe' }))).toBe('token_revoked')
    expect(await kind(authenticateOpaqueAccess(next.accessToken, { client: 'rageframe' }))).toBe('ok')
  })

  it('a repeat inside the grace window gets the same pair', async () => {
    const { pair } = await opaqueSession()
    const a = await rotate(pair.refreshToken)
    const b = await rotate(pair.refreshToken)
    expect(b.replayed).toBe(true)
    expect([b.accessToken, b.refreshToken]).toEqual([a.accessToken, a.refreshToken])
  })

  it('20 concurrent rotations of one token produce exactly one new pair', async () => {
    const { pair, session } = await opaqueSession()
    const results = await Promise.all(Array.from({ length: 20 }, () => rotate(pair.refreshToken).catch((e: AuthError) => e)))
    const ok = results.filter((r): r is Awaited<ReturnType<typeof rotate>> => !(r instanceof Error))
    expect(ok.filter((r) => !r.replayed)).toHaveLength(1)
    // every other answer is the grace answer (the same pair) or a clear refusal
    for (const r of results) {
      if (r instanceof Error) expect(r).toBeInstanceOf(AuthError)
      else expect(r.refreshToken).toBe(ok[0].refreshToken)
    }
    expect(await db().refreshToken.count({ where: { sessionId: session.id } })).toBe(2)
  })

  it('reuse of a spent refresh token after the grace window revokes the whole session', async () => {
    const { pair, session } = await opaqueSession()
    const next = await rotate(pair.refreshToken)
    await db().refreshToken.updateMany({ where: { spentAt: { not: null } }, data: { spentAt: new Date(Date.now() - 60_000) } })
    expect(await kind(rotate(pair.refreshToken))).toBe('refresh_reused')
    expect(await getLiveSession(session.id)).toBeNull()
    expect(await kind(authenticateOpaqueAccess(next.accessToken, { client: 'rageframe' }))).toBe('token_revoked')
    expect(await kind(rotate(next.refreshToken))).toBe('token_revoked')
    expect(await db().auditEvent.count({ where: { kind: 'token.reuse_detected', sessionId: session.id } })).toBe(1)
  })

  it('an expired refresh token is refused as refresh_expired', async () => {
    const { pair } = await opaqueSession()
    await db().refreshToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await kind(rotate(pair.refreshToken))).toBe('refresh_expired')
  })

  it('an unknown token is token_invalid; another client is refused', async () => {
    const { pair } = await opaqueSession()
    expect(await kind(rotate('x'.repeat(32) + '_1700000000'))).toBe('token_invalid')
    expect(await kind(rotateOpaqueRefresh(pair.refreshToken, { ...TTL, graceSeconds: 10, client: 'hyperf' }))).toBe('token_revoked')
    expect(await kind(authenticateOpaqueAccess(pair.accessToken, { client: 'flask' }))).toBe('token_revoked')
  })
})

describe('session-bound JWTs', () => {
  async function jwtFor(client: 'hyperf' | 'flask', extra: Record<string, unknown> = {}) {
    const { user } = await makeUser()
    const session = await createSession({ userId: user.id, client, ttlSeconds: 3600 })
    const key = await hmacKey('k'.repeat(40))
    const now = Math.floor(Date.now() / 1000)
    const jti = newJti()
    const token = await signJwt({ typ: 'JWT' }, { iat: now, nbf: now, exp: now + 600, jti, sid: session.id, ...extra }, key)
    return { user, session, key, token, jti }
  }

  it('accepts a token of a live session and refuses it once the session is revoked', async () => {
    const { session, key, token } = await jwtFor('hyperf')
    expect(await kind(authenticateSessionJwt(token, { keys: [key], client: 'hyperf' }))).toBe('ok')
    await revokeSession(session.id, 'logout')
    expect(await kind(authenticateSessionJwt(token, { keys: [key], client: 'hyperf' }))).toBe('token_revoked')
  })

  it('a token is accepted only by the dialect whose session it names', async () => {
    const { key, token } = await jwtFor('hyperf')
    expect(await kind(authenticateSessionJwt(token, { keys: [key], client: 'flask' }))).toBe('token_revoked')
  })

  it('with checkCurrentJti only the newest token of the session is live', async () => {
    const { session, key, token, jti } = await jwtFor('hyperf')
    expect(await replaceCurrentJti(session.id, null, jti)).toBe(true)
    expect(await kind(authenticateSessionJwt(token, { keys: [key], client: 'hyperf', checkCurrentJti: true }))).toBe('ok')
    expect(await replaceCurrentJti(session.id, jti, 'newer')).toBe(true)
    expect(await replaceCurrentJti(session.id, jti, 'racing')).toBe(false)
    expect(await kind(authenticateSessionJwt(token, { keys: [key], client: 'hyperf', checkCurrentJti: true }))).toBe('token_revoked')
  })

  it('a revocation made by another instance is seen once the cache bound has passed', async () => {
    const { session, key, token } = await jwtFor('flask')
    expect(await kind(authenticateSessionJwt(token, { keys: [key], client: 'flask' }))).toBe('ok')
    // another instance writes the revocation straight to the database
    await db().session.update({ where: { id: session.id }, data: { revokedAt: new Date() } })
    clearSessionCache() // what SESSION_CACHE_MS expiring does (it is 0 in tests)
    expect(await kind(authenticateSessionJwt(token, { keys: [key], client: 'flask' }))).toBe('token_revoked')
  })
})
