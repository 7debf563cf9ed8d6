// #21 item 12 (a): a sign-in racing a disable must not leave a live session, and no token of a
// disabled user is accepted, whatever its session says.
import { describe, expect, it } from 'vitest'
import { makeUser } from '../../test/factories'
import { kindOf } from '../../test/errors'
import { db } from '../db'
import { hmacKey, signJwt } from './jwt'
import { createSession, getLiveSession, revokeOwnSession } from './sessions'
import { insertSession } from './store'
import { authenticateOpaqueAccess, authenticateSessionJwt, issueOpaquePair, newJti, rotateOpaqueRefresh } from './tokens'
import { authenticateWithPassword, setUserStatus } from './users'

const TTL = { accessTtlSeconds: 3600, refreshTtlSeconds: 86400 }

/** What another instance or an old admin tool does: the status only, no session revoked. */
const disableWithoutRevoking = (userId: number) => db().user.update({ where: { id: userId }, data: { status: 'disabled' } })

describe('a sign-in racing a disable', () => {
  it('the password check passed, then the user was disabled: no session is created', async () => {
    const { user, name, password } = await makeUser()
    const signedIn = await authenticateWithPassword(name, password!, { client: 'hyperf' })
    // The admin disables the account between the password check and the session insert.
    await setUserStatus(user.id, 'disabled')
    expect(await kindOf(createSession({ userId: signedIn.id, client: 'hyperf', ttlSeconds: 3600 }))).toBe('user_disabled')
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
  })

  it('the same check inside a transaction', async () => {
    const { user } = await makeUser()
    await disableWithoutRevoking(user.id)
    const now = new Date()
    const row = {
      id: newJti(),
      userId: user.id,
      client: 'flask',
      clientGroup: null,
      ip: null,
      userAgent: null,
      createdAt: now,
      lastUsedAt: now,
      authAt: null,
      expiresAt: new Date(now.getTime() + 60_000),
      currentJti: null,
      revokedAt: null,
      revokeReason: null,
    }
    expect(await kindOf(db().$transaction((tx) => insertSession(row, tx)))).toBe('user_disabled')
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
  })

  it('a disable that comes after the session ends it', async () => {
    const { user } = await makeUser()
    const session = await createSession({ userId: user.id, client: 'hyperf', ttlSeconds: 3600 })
    await setUserStatus(user.id, 'disabled')
    expect(await getLiveSession(session.id)).toBeNull()
  })

  it('an active user still gets a session', async () => {
    const { user } = await makeUser()
    const session = await createSession({ userId: user.id, client: 'hyperf', ttlSeconds: 3600 })
    expect(await getLiveSession(session.id)).not.toBeNull()
  })
})

describe("a disabled user's tokens are refused even while the session is live", () => {
  it('session-bound JWTs (Hyperf, ThinkSNS+)', async () => {
    const { user } = await makeUser()
    const session = await createSession({ userId: user.id, client: 'hyperf', ttlSeconds: 3600 })
    const key = await hmacKey('k'.repeat(40))
    const now = Math.floor(Date.now() / 1000)
    const token = await signJwt({ typ: 'JWT' }, { iat: now, nbf: now, exp: now + 600, jti: newJti(), sid: session.id }, key)
    expect(await kindOf(authenticateSessionJwt(token, { keys: [key], client: 'hyperf' }))).toBe('ok')
    await disableWithoutRevoking(user.id)
    expect(await getLiveSession(session.id)).not.toBeNull()
    expect(await kindOf(authenticateSessionJwt(token, { keys: [key], client: 'hyperf' }))).toBe('token_revoked')
  })

  it('opaque access and refresh tokens (RageFrame); the refresh token is not spent', async () => {
    const { user } = await makeUser()
    const session = await createSession({ userId: user.id, client: 'rageframe', group: 'app', ttlSeconds: 86400 })
    const pair = await issueOpaquePair(session, TTL)
    expect(await kindOf(authenticateOpaqueAccess(pair.accessToken, { client: 'rageframe' }))).toBe('ok')
    await disableWithoutRevoking(user.id)
    expect(await kindOf(authenticateOpaqueAccess(pair.accessToken, { client: 'rageframe' }))).toBe('token_revoked')
    expect(await kindOf(rotateOpaqueRefresh(pair.refreshToken, { ...TTL, graceSeconds: 10, client: 'rageframe', group: 'app' }))).toBe('token_revoked')
    expect(await db().refreshToken.count({ where: { sessionId: session.id, spentAt: { not: null } } })).toBe(0)
  })
})

describe('revokeOwnSession (the account page)', () => {
  it("ends the user's own live session, never another user's, and says when there was nothing to end", async () => {
    const { user } = await makeUser()
    const { user: other } = await makeUser()
    const mine = await createSession({ userId: user.id, client: 'browser', ttlSeconds: 3600 })
    const theirs = await createSession({ userId: other.id, client: 'browser', ttlSeconds: 3600 })
    expect(await revokeOwnSession(user.id, theirs.id)).toBeNull()
    expect(await getLiveSession(theirs.id)).not.toBeNull()
    expect((await revokeOwnSession(user.id, mine.id, { ip: '203.0.113.4' }))?.id).toBe(mine.id)
    expect(await getLiveSession(mine.id)).toBeNull()
    expect(await revokeOwnSession(user.id, mine.id)).toBeNull()
    const audit = await db().auditEvent.findFirst({ where: { sessionId: mine.id, kind: 'session.revoked' } })
    expect(audit).toMatchObject({ actorId: user.id, ip: '203.0.113.4' })
  })
})
