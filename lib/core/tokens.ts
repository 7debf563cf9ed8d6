// Session-bound tokens (SPEC §3-§4). JWT dialects sign their own claim sets (jwt.ts) and name the
// session in `sid`; this module checks that the session is live and, for dialects where a refresh
// ends the previous access token, that the token is the session's newest. Opaque tokens (the
// RageFrame dialect) are rows holding only a hash of the token.
import { config } from '../config'
import { db } from '../db'
import { AuthError } from './errors'
import { audit } from './audit'
import { hmac, newId, randomAlnum, randomUrlSafe, sha256 } from './ids'
import { verifyJwt, type VerifiedJwt, type VerifyOptions } from './jwt'
import { isActive } from './rules'
import { getLiveSession, reloadLiveSession, revokeSession, touchSession, type Session, type SessionClient } from './sessions'
import { findUserById, type User } from './users'
import { findAccessTokenByHash, findRefreshTokenByHash, insertRotatedPair, revokeSessionAccessTokens, spendRefreshToken } from './store'

/** A jti as tymon/jwt-auth makes them: 16 alphanumerics. */
export const newJti = () => randomAlnum(16)

export type AuthenticatedJwt = VerifiedJwt & { session: Session; user: User }

/**
 * The session's user, if still active; otherwise token_revoked. Every token check of every dialect
 * ends here (or asks isActive itself), so a disabled user's tokens are refused even if a session of
 * theirs were still live (disabling also ends their sessions, users.ts setUserStatus).
 */
async function activeUserOf(session: Session): Promise<User> {
  const user = await findUserById(session.userId)
  if (!user || !isActive(user)) throw new AuthError('token_revoked', { reason: 'user_inactive' })
  return user
}

/**
 * Verifies a JWT of one dialect and its session: the session must be live, belong to that
 * dialect, and (when it tracks a current jti) this must be its current access token.
 */
export async function authenticateSessionJwt(
  token: string,
  opts: VerifyOptions & { client: SessionClient; checkCurrentJti?: boolean; ip?: string | null },
): Promise<AuthenticatedJwt> {
  const v = await verifyJwt(token, opts)
  const sid = v.payload.sid
  if (typeof sid !== 'string') throw new AuthError('token_invalid', { reason: 'missing_claims' })
  let session = await getLiveSession(sid)
  if (!session || session.client !== opts.client) throw new AuthError('token_revoked')
  if (opts.checkCurrentJti && session.currentJti !== null && session.currentJti !== v.payload.jti) {
    // The cached row may predate a refresh made on another instance: the newer token's jti is only
    // in the database. Ask it before refusing (a stale cache may delay a refusal, never cause one).
    session = await reloadLiveSession(sid)
    if (!session || session.client !== opts.client || session.currentJti !== v.payload.jti) throw new AuthError('token_revoked')
  }
  const user = await activeUserOf(session)
  await touchSession(session, opts.ip)
  return { ...v, session, user }
}

// ---------------------------------------------------------------------------------------------
// Opaque tokens: `<32 url-safe chars>_<unix time>` (seed 004), stored as sha256.

export type OpaquePair = { accessToken: string; refreshToken: string; accessExpiresAt: Date; refreshExpiresAt: Date }
export type OpaqueTtls = { accessTtlSeconds: number; refreshTtlSeconds: number }

const opaque = (random32: string, at: Date) => `${random32}_${Math.floor(at.getTime() / 1000)}`

/**
 * The pair that replaces a spent refresh token is derived from it with the server's secret, so a
 * parallel retry inside the grace window can be given the same pair without the plaintext ever
 * being stored.
 */
function derivedPair(spent: string, at: Date): { access: string; refresh: string } {
  const secret = config().authSecret
  return {
    access: opaque(hmac(secret, `opaque-access:${spent}`).slice(0, 32), at),
    refresh: opaque(hmac(secret, `opaque-refresh:${spent}`).slice(0, 32), at),
  }
}

async function storePair(sessionId: string, pair: { access: string; refresh: string }, at: Date, ttl: OpaqueTtls): Promise<OpaquePair> {
  const accessExpiresAt = new Date(at.getTime() + ttl.accessTtlSeconds * 1000)
  const refreshExpiresAt = new Date(at.getTime() + ttl.refreshTtlSeconds * 1000)
  await db().$transaction([
    db().accessToken.create({ data: { id: newId(), sessionId, tokenHash: sha256(pair.access), createdAt: at, expiresAt: accessExpiresAt } }),
    db().refreshToken.create({ data: { id: newId(), sessionId, tokenHash: sha256(pair.refresh), createdAt: at, expiresAt: refreshExpiresAt } }),
  ])
  return { accessToken: pair.access, refreshToken: pair.refresh, accessExpiresAt, refreshExpiresAt }
}

export async function issueOpaquePair(session: Session, ttl: OpaqueTtls): Promise<OpaquePair> {
  const at = new Date(Math.floor(Date.now() / 1000) * 1000)
  return storePair(session.id, { access: opaque(randomUrlSafe(32), at), refresh: opaque(randomUrlSafe(32), at) }, at, ttl)
}

export type Rotation = OpaquePair & { session: Session; user: User; replayed: boolean }

/**
 * Exchanges a refresh token for a new pair; the old pair is dead. A repeat of the just-spent token
 * within `graceSeconds` (a client's parallel retry) gets the same new pair; any later reuse of a
 * spent token revokes the whole session (refresh_reused).
 */
export async function rotateOpaqueRefresh(
  token: string,
  opts: OpaqueTtls & { graceSeconds: number; client: SessionClient; group?: string | null; ip?: string | null },
): Promise<Rotation> {
  // Prepared statements (store.ts), not Prisma: this is a hot path (issue 28: refresh ≥ 1,000/s).
  const row = await findRefreshTokenByHash(sha256(token))
  if (!row) throw new AuthError('token_invalid', { reason: 'unknown' })
  const session = await getLiveSession(row.sessionId)
  if (!session || session.client !== opts.client || (opts.group !== undefined && session.clientGroup !== opts.group)) throw new AuthError('token_revoked')
  if (row.expiresAt.getTime() <= Date.now()) throw new AuthError('refresh_expired')
  const user = await activeUserOf(session)

  let spentAt = row.spentAt
  if (spentAt === null) {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000)
    const pair = derivedPair(token, at)
    if (await spendRefreshToken(row.id, at, sha256(pair.refresh))) {
      // The old pair's access token dies with it; then the new pair is written.
      await revokeSessionAccessTokens(session.id, at)
      const accessExpiresAt = new Date(at.getTime() + opts.accessTtlSeconds * 1000)
      const refreshExpiresAt = new Date(at.getTime() + opts.refreshTtlSeconds * 1000)
      await insertRotatedPair(
        { id: newId(), sessionId: session.id, tokenHash: sha256(pair.access), createdAt: at, expiresAt: accessExpiresAt },
        { id: newId(), sessionId: session.id, tokenHash: sha256(pair.refresh), createdAt: at, expiresAt: refreshExpiresAt },
      )
      await audit({ kind: 'token.refreshed', userId: session.userId, sessionId: session.id, client: opts.client, ip: opts.ip })
      return { accessToken: pair.access, refreshToken: pair.refresh, accessExpiresAt, refreshExpiresAt, session, user, replayed: false }
    }
    spentAt = (await findRefreshTokenByHash(row.tokenHash))!.spentAt!
  }

  if (Date.now() - spentAt.getTime() <= opts.graceSeconds * 1000) {
    const pair = derivedPair(token, spentAt)
    // The winner of the race may still be writing the new rows: wait for them (bounded).
    for (let i = 0; i < 50; i++) {
      const access = await findAccessTokenByHash(sha256(pair.access))
      if (access) {
        return {
          accessToken: pair.access,
          refreshToken: pair.refresh,
          accessExpiresAt: access.expiresAt,
          refreshExpiresAt: new Date(spentAt.getTime() + opts.refreshTtlSeconds * 1000),
          session,
          user,
          replayed: true,
        }
      }
      await new Promise((r) => setTimeout(r, 20))
    }
    throw new AuthError('token_revoked')
  }

  await audit({ kind: 'token.reuse_detected', userId: session.userId, sessionId: session.id, client: opts.client, ip: opts.ip })
  await revokeSession(session.id, 'refresh_reuse', { ip: opts.ip })
  throw new AuthError('refresh_reused')
}

/** The live session of an opaque access token, and its (active) user. */
export async function authenticateOpaqueAccess(token: string, opts: { client: SessionClient; ip?: string | null }): Promise<{ session: Session; user: User }> {
  const row = await findAccessTokenByHash(sha256(token))
  if (!row || row.revokedAt) throw new AuthError('token_revoked')
  if (row.expiresAt.getTime() <= Date.now()) throw new AuthError('token_expired')
  const session = await getLiveSession(row.sessionId)
  if (!session || session.client !== opts.client) throw new AuthError('token_revoked')
  const user = await activeUserOf(session)
  await touchSession(session, opts.ip)
  return { session, user }
}
