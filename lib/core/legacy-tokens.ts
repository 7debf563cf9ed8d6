// Sign-ins the old systems made before the move (#22: nobody is logged out). A token the old
// system signed carries no `sid`; it is known here by a session whose id is derived from the
// token's hash, so the same token always finds the same session (no lookup table, and a second
// import or a second first use changes nothing):
//
// - Hyperf keeps each user's current access and refresh JWT on the user row: the importer makes
//   that pair a session of ours (its access token the session's current one, its refresh token a
//   refresh row), and the dialect accepts both while the session lives.
// - ThinkSNS+ and Flask keep nothing: a token signed with the old secret (no `sid`) is accepted
//   until LEGACY_TOKENS_UNTIL and gets its session on first use, so it is listed, can be signed
//   out, and its refresh exchanges it for one of ours.
import { config } from '../config'
import { db, isUniqueViolation } from '../db'
import { decodeJwtUnverified } from './jwt'
import { sha256 } from './ids'
import { AuthError } from './errors'
import { isActive } from './rules'
import { getLiveSession, reloadLiveSession, touchSession, type Session, type SessionClient } from './sessions'
import { findUserBy } from './store'

/** The session id that stands for one legacy token. */
export const legacySessionId = (token: string): string => `legacy_${sha256(token).slice(0, 40)}`

/** The marker kept as the session's current jti while the legacy access token is its newest. */
export const legacyJti = (token: string): string => `legacy:${sha256(token).slice(0, 40)}`

const seconds = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/**
 * A Hyperf row's stored pair, as a session: null when the tokens are unreadable or both expired.
 * (The signature is checked when the token is used, with HYPERF_JWT_KEY.)
 */
export function hyperfLegacySession(access: string, refresh: string | null, now = Date.now()) {
  const a = decodeJwtUnverified(access)
  const r = refresh ? decodeJwtUnverified(refresh) : null
  if (!a) return null
  const aExp = seconds(a.payload.exp)
  const rExp = r ? seconds(r.payload.exp) : null
  const iat = seconds(a.payload.iat) ?? Math.floor(now / 1000)
  const end = Math.max(aExp ?? 0, rExp ?? 0) * 1000
  if (end <= now) return null
  return {
    id: legacySessionId(access),
    marker: legacyJti(access),
    issuedAt: new Date(iat * 1000),
    expiresAt: new Date(end),
    refresh: refresh && r && rExp ? { hash: sha256(refresh), expiresAt: new Date(rExp * 1000) } : null,
  }
}

/** Whether tokens the old systems signed are still accepted now (LEGACY_TOKENS_UNTIL; unset: never). */
function legacyTokensAccepted(now = Date.now()): boolean {
  const until = config().LEGACY_TOKENS_UNTIL
  return until !== undefined && now < until.getTime()
}

/**
 * The live session of a token the old system signed (ThinkSNS+, Flask; its signature already
 * checked by the dialect): made on its first use for the user the old id `legacyId` was imported
 * as (the per-system id map), lasting until the token's own end (refresh window included) but
 * never past LEGACY_TOKENS_UNTIL. token_expired once that date has passed (the dialect's usual
 * answer for an old token); token_revoked when it is unset, the session was ended or the user was
 * never imported.
 */
export async function legacyJwtSession(
  token: string,
  input: { system: string; legacyId: string; client: SessionClient; issuedAt: number | null; endsAt: number; jti?: string | null; ip?: string | null },
): Promise<Session> {
  // Unset: such a token is no session of ours (as before any import); past the date: it has expired.
  if (config().LEGACY_TOKENS_UNTIL === undefined) throw new AuthError('token_revoked', { reason: 'legacy_tokens_off' })
  if (!legacyTokensAccepted()) throw new AuthError('token_expired', { reason: 'legacy_tokens_until' })
  const id = legacySessionId(token)
  let session = await getLiveSession(id)
  if (!session && !(await db().session.findUnique({ where: { id }, select: { id: true } }))) {
    const account = await db().legacyAccount.findUnique({ where: { system_legacyId: { system: input.system, legacyId: input.legacyId } } })
    if (!account) throw new AuthError('token_revoked', { reason: 'not_imported' })
    const until = config().LEGACY_TOKENS_UNTIL!.getTime()
    const at = new Date((input.issuedAt ?? Math.floor(Date.now() / 1000)) * 1000)
    try {
      await db().session.create({
        data: {
          id,
          userId: account.userId,
          client: input.client,
          createdAt: at,
          lastUsedAt: new Date(),
          authAt: at,
          expiresAt: new Date(Math.min(input.endsAt * 1000, until)),
          currentJti: input.jti ?? null,
          ip: input.ip ?? null,
        },
      })
    } catch (e) {
      // Two first uses at once: the other made it.
      if (!isUniqueViolation(e)) throw e
    }
    session = await getLiveSession(id)
  }
  if (!session || session.client !== input.client) throw new AuthError('token_revoked')
  const user = await findUserBy('id', session.userId)
  if (!user || !isActive(user)) throw new AuthError('token_revoked', { reason: 'user_inactive' })
  await touchSession(session, input.ip)
  return session
}

/**
 * A Hyperf access or refresh JWT the old project issued and the importer made a session of (its
 * signature already checked by the dialect). The access token is accepted while it is its
 * session's current one (a refresh here replaces it); the refresh token while its row lives.
 */
export async function authenticateImportedJwt(token: string, kind: 'access' | 'refresh', client: SessionClient, ip?: string | null): Promise<Session> {
  let session: Session | null
  if (kind === 'access') {
    const id = legacySessionId(token)
    session = await getLiveSession(id)
    if (session && session.currentJti !== legacyJti(token)) session = await reloadLiveSession(id)
    if (session && session.currentJti !== legacyJti(token)) session = null
  } else {
    const row = await db().refreshToken.findUnique({ where: { tokenHash: sha256(token) } })
    session = row && row.expiresAt.getTime() > Date.now() ? await getLiveSession(row.sessionId) : null
  }
  if (!session || session.client !== client) throw new AuthError('token_revoked')
  const user = await findUserBy('id', session.userId)
  if (!user || !isActive(user)) throw new AuthError('token_revoked', { reason: 'user_inactive' })
  await touchSession(session, ip)
  return session
}
