// ThinkSNS+ access tokens over core sessions: issue, authenticate, refresh (SPEC §3-§4, §5.1).
//
// Only the newest token of a session is valid (Session.currentJti): a refresh exchanges the current
// token once and the old one is dead at once, as jwt-auth's blacklist does. An expired token is
// still refreshable while inside refresh_ttl, which counts from the session's first token: the
// refreshed token keeps that first `iat` (jwt-auth keeps it too) and the session's expiry is its
// first iat + refresh_ttl.
import { audit } from '../../core/audit'
import { AuthError } from '../../core/errors'
import { decodeJwtUnverified, signJwt, verifyJwt, type JwtPayload, type VerifyOptions } from '../../core/jwt'
import { dialectKeys } from '../../core/keys'
import { createSession, findSessionById, replaceCurrentJti, type Session } from '../../core/sessions'
import { authenticateSessionJwt, newJti } from '../../core/tokens'
import { findUserById, recordSignIn, type User } from '../../core/users'
import { isActive } from '../../core/rules'
import { legacyJwtSession } from '../../core/legacy-tokens'
import { legacyIntIdOf } from '../../core/legacy-ids'
import { acceptsIssuer, claims, CLIENT, issuerBases, issuerFor, JWT_HEADER, lifetimesFor, PRV, type Lifetimes, type SessionGroup, TOKENS } from './profile'

export type Issued = { token: string; lifetimes: Lifetimes; session: Session }

type Ctx = { url: URL; ip: string | null; userAgent: string | null }

const REQUIRED = ['iat', 'nbf', 'jti', 'sub', 'prv', 'sid']

async function verifyOptions(origin: string | null, legacy = false): Promise<VerifyOptions> {
  return { keys: await dialectKeys(TOKENS), issuer: acceptsIssuer(issuerBases(origin)), required: legacy ? REQUIRED.filter((c) => c !== 'sid') : REQUIRED }
}

/** A token the old ThinkSNS+ signed (no `sid`; #22): accepted until LEGACY_TOKENS_UNTIL, see lib/core/legacy-tokens.ts. */
const isLegacy = (token: string): boolean => {
  const d = decodeJwtUnverified(token)
  return d !== null && d.payload.prv === PRV && d.payload.sid === undefined
}

/** The session an old ThinkSNS+ token stands for, made on its first use. */
function legacySession(token: string, payload: JwtPayload, ip: string | null): Promise<Session> {
  const iat = typeof payload.iat === 'number' ? payload.iat : null
  return legacyJwtSession(token, {
    system: CLIENT,
    legacyId: String(checkSubject(payload)),
    client: CLIENT,
    issuedAt: iat,
    endsAt: (iat ?? Math.floor(Date.now() / 1000)) + lifetimesFor(null).refreshTtlMinutes * 60,
    jti: payload.jti as string,
    ip,
  })
}

/** Our claims beyond the signature: the subject lock and an integer subject. */
function checkSubject(p: JwtPayload): number {
  if (p.prv !== PRV || typeof p.sub !== 'number' || !Number.isInteger(p.sub) || typeof p.jti !== 'string')
    throw new AuthError('token_invalid', { reason: 'missing_claims' })
  return p.sub
}

/**
 * Whether a token's `sub` names its session's user: the user's ThinkSNS+ id (signed at sign-in), or
 * our own id (a token signed before an import gave the user another ThinkSNS+ id; nobody is
 * signed out by an import). No lookup but the cached id map.
 */
export async function isSubjectOf(sub: number, user: { id: number; uuid: string }): Promise<boolean> {
  return sub === user.id || sub === (await legacyIntIdOf(user, CLIENT))
}

/** Opens a session for a signed-in user and signs its first token. */
export async function issueToken(user: User, group: SessionGroup, ctx: Ctx): Promise<Issued> {
  const lifetimes = lifetimesFor(group)
  const session = await createSession({
    userId: user.id,
    client: CLIENT,
    group,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    ttlSeconds: lifetimes.refreshTtlMinutes * 60,
  })
  const iat = Math.floor(session.createdAt.getTime() / 1000)
  const jti = newJti()
  const [key] = await dialectKeys(TOKENS)
  const token = await signJwt(
    { ...JWT_HEADER },
    claims({ iss: issuerFor(ctx.url), iat, now: iat, ttlMinutes: lifetimes.ttlMinutes, jti, sub: await legacyIntIdOf(user, CLIENT), sessionId: session.id }),
    key,
  )
  await replaceCurrentJti(session.id, null, jti)
  await recordSignIn(user, { ip: ctx.ip, client: CLIENT, sessionId: session.id })
  return { token, lifetimes, session }
}

/** The signed-in user of a request's token (authenticated routes): any failure is a 401. */
export async function authenticate(token: string | null, ctx: Ctx): Promise<{ user: User; session: Session }> {
  if (!token) throw new AuthError('token_missing')
  if (isLegacy(token)) {
    const { payload } = await verifyJwt(token, await verifyOptions(ctx.url.origin, true))
    const session = await legacySession(token, payload, ctx.ip)
    const user = await findUserById(session.userId)
    // Only its newest token: once refreshed here, the old one is dead, as for ours.
    if (!user || session.currentJti !== payload.jti) throw new AuthError('token_revoked')
    return { user, session }
  }
  const { payload, session, user } = await authenticateSessionJwt(token, {
    ...(await verifyOptions(ctx.url.origin)),
    client: CLIENT,
    checkCurrentJti: true,
    ip: ctx.ip,
  })
  if (!(await isSubjectOf(checkSubject(payload), user))) throw new AuthError('token_revoked')
  return { user, session }
}

/**
 * Exchanges the current token of a session for a new one (jwt-auth's refresh). Checks, in
 * jwt-auth's order: the token is ours (signature, claims) whether or not it has expired; the
 * refresh window; then that it is the session's live, current token.
 */
export async function refreshToken(token: string | null, ctx: Ctx): Promise<Issued> {
  if (!token) throw new AuthError('token_missing')
  const segments = token.split('.').length
  const decoded = decodeJwtUnverified(token)
  if (segments !== 3 || !decoded) throw new AuthError('token_invalid', { reason: 'malformed', segments })
  const nowMs = Date.now()
  const exp = decoded.payload.exp
  // Every check but expiry: an expired token is refreshable (its refresh window is checked below).
  const legacy = isLegacy(token)
  const { payload } = await verifyJwt(token, {
    ...(await verifyOptions(ctx.url.origin, legacy)),
    now: typeof exp === 'number' ? Math.min(nowMs, (exp - 1) * 1000) : nowMs,
  })
  checkSubject(payload)
  const session = legacy ? await legacySession(token, payload, ctx.ip) : typeof payload.sid === 'string' ? await findSessionById(payload.sid) : null
  if (!session || session.client !== CLIENT) throw new AuthError('token_revoked')
  const lifetimes = lifetimesFor(session.clientGroup)
  const now = Math.floor(nowMs / 1000)
  const firstIat = payload.iat as number
  if (firstIat + lifetimes.refreshTtlMinutes * 60 <= now || session.expiresAt.getTime() <= nowMs) throw new AuthError('refresh_expired')
  if (session.revokedAt || session.currentJti !== payload.jti) throw new AuthError('token_revoked')
  const user = await findUserById(session.userId)
  if (!user || !isActive(user)) throw new AuthError('token_revoked')

  const jti = newJti()
  const [key] = await dialectKeys(TOKENS)
  const next = await signJwt(
    { ...JWT_HEADER },
    claims({
      iss: issuerFor(ctx.url),
      iat: firstIat,
      now,
      ttlMinutes: lifetimes.ttlMinutes,
      jti,
      sub: await legacyIntIdOf(user, CLIENT),
      sessionId: session.id,
    }),
    key,
  )
  // One conditional write: of two refreshes of the same token, exactly one wins.
  if (!(await replaceCurrentJti(session.id, payload.jti as string, jti))) throw new AuthError('token_revoked')
  await audit({ kind: 'token.refreshed', userId: user.id, sessionId: session.id, client: CLIENT, ip: ctx.ip })
  return { token: next, lifetimes, session }
}

/**
 * For the token inspector: the verified payload of one of our tokens, expired or not (there is no
 * request, so any issuer URL under /api/v2 is accepted); null when it is not ours.
 */
export async function verifiedPayload(token: string) {
  const decoded = decodeJwtUnverified(token)
  if (!decoded || decoded.payload.prv !== PRV) return null
  const exp = decoded.payload.exp
  const nowMs = Date.now()
  // Outside the try: keys that cannot be read (ES256/EdDSA keys live in the database) say nothing
  // about the token.
  const keys = await dialectKeys(TOKENS)
  try {
    const { payload } = await verifyJwt(token, {
      keys,
      required: REQUIRED,
      issuer: (iss) => /^https?:\/\/[^/]+(\/.*)?\/api\/v2\//.test(iss),
      now: typeof exp === 'number' ? Math.min(nowMs, (exp - 1) * 1000) : nowMs,
    })
    return payload
  } catch {
    return null
  }
}
