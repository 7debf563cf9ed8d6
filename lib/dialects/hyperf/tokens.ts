// Hyperf access and refresh jwts over core sessions (SPEC §3-§4, §5.2; reference §2).
//
// A sign-in opens a session that lives as long as the refresh jwt. The refresh jwt is reusable
// until it expires or the session ends; each refresh signs a new access jwt and makes it the
// session's current one, so the previous access jwt is refused from then on. Every check first
// runs the php-jwt-compatible decoder (php-jwt.ts), so a bad token gets php-jwt's exact message,
// then the core's session check (live, ours, current jti).
import { audit } from '../../core/audit'
import { AuthError } from '../../core/errors'
import { signJwt } from '../../core/jwt'
import { dialectKeys } from '../../core/keys'
import { rolesOf } from '../../core/roles'
import { createSession, replaceCurrentJti, type Session } from '../../core/sessions'
import { authenticateSessionJwt, newJti } from '../../core/tokens'
import { authenticateImportedJwt, legacyJti, legacySessionId } from '../../core/legacy-tokens'
import { findUserById, recordSignIn, type User } from '../../core/users'
import { legacyIntIdOf } from '../../core/legacy-ids'
import { phpJwtDecode, type PhpJwtClaims } from './php-jwt'
import {
  accessTtlSeconds,
  audienceFits,
  claims,
  CLIENT,
  issuer,
  jwtHeader,
  LEEWAY_SECONDS,
  refreshTtlSeconds,
  SUBJECT,
  timeZone,
  TOKENS,
  type TokenKind,
} from './profile'

type Ctx = { ip: string | null; userAgent: string | null }

export type HyperfClaims = PhpJwtClaims & {
  iss: string
  iat: number
  exp: number
  data: string
  jti: string
  sid: string
  typ: TokenKind
}

/** The `{uid, rid}` inside `data`, decoded as the real project does (json_decode(..., true)). */
export type JwtData = { uid: number; rid: string[] }

const nowSeconds = () => Math.floor(Date.now() / 1000)

/** The user's role ids; a user imported from the Hyperf project (#22) keeps its `role_id` list (roles `hyperf:<id>`), the ids its services know. */
async function roleIds(userId: number): Promise<string[]> {
  const roles = await rolesOf(userId)
  const imported = roles.filter((r) => /^hyperf:\d+$/.test(r.name)).map((r) => r.name.slice(7))
  return imported.length ? imported : roles.map((r) => String(r.id))
}

/** `uid` is the user's Hyperf id (lib/core/legacy-ids.ts: the id its clients know, ours when it has no other), signed in, so no check looks it up. */
async function sign(kind: TokenKind, input: { uid: number; roleIds: string[]; session: Session; iat: number }): Promise<{ token: string; jti: string }> {
  const [key] = await dialectKeys(TOKENS)
  const ttl = kind === 'access' ? accessTtlSeconds() : refreshTtlSeconds()
  // Never past the session: a token outliving it would only ever be refused.
  const exp = Math.min(input.iat + ttl, Math.floor(input.session.expiresAt.getTime() / 1000))
  const jti = newJti()
  const token = await signJwt(
    jwtHeader(key.kid),
    claims({ iat: input.iat, exp, uid: input.uid, roleIds: input.roleIds, jti, sessionId: input.session.id, kind }),
    key,
  )
  return { token, jti }
}

/** /login/jwt/get: a new session, its access jwt (the current one) and its refresh jwt. */
export async function issuePair(user: User, ctx: Ctx): Promise<{ jwt: string; refreshJwt: string; session: Session }> {
  const session = await createSession({ userId: user.id, client: CLIENT, ip: ctx.ip, userAgent: ctx.userAgent, ttlSeconds: refreshTtlSeconds() })
  const iat = Math.floor(session.createdAt.getTime() / 1000)
  const rid = await roleIds(user.id)
  const uid = await legacyIntIdOf(user, CLIENT)
  const access = await sign('access', { uid, roleIds: rid, session, iat })
  const refresh = await sign('refresh', { uid, roleIds: rid, session, iat })
  await replaceCurrentJti(session.id, null, access.jti)
  await recordSignIn(user, { ip: ctx.ip, client: CLIENT, sessionId: session.id })
  return { jwt: access.token, refreshJwt: refresh.token, session }
}

/** Our claims on top of php-jwt's checks; a token without them is not one we issued. */
export function isHyperfClaims(p: PhpJwtClaims): p is HyperfClaims {
  return (
    p.sub === SUBJECT &&
    typeof p.iss === 'string' &&
    typeof p.iat === 'number' &&
    typeof p.exp === 'number' &&
    typeof p.data === 'string' &&
    typeof p.jti === 'string' &&
    typeof p.sid === 'string' &&
    (p.typ === 'access' || p.typ === 'refresh') &&
    audienceFits(p.typ, p.aud)
  )
}

/** A jwt the real project signed (no jti/sid/typ: `sub`, `aud: pc`, `data`), as the importer found it on a user row (#22). */
const isImportedClaims = (p: PhpJwtClaims): boolean =>
  p.sub === SUBJECT && typeof p.data === 'string' && typeof p.exp === 'number' && p.sid === undefined && p.jti === undefined && p.typ === undefined

/** The php-jwt-compatible check alone: the claims, or AuthError with php-jwt's message. */
async function decodeToken(token: string): Promise<HyperfClaims | { imported: PhpJwtClaims }> {
  const out = await phpJwtDecode(token, await dialectKeys(TOKENS), { leeway: LEEWAY_SECONDS, timeZone: timeZone() })
  if (!out.ok) throw new AuthError(out.message === 'Expired token' ? 'token_expired' : 'token_invalid', { reason: 'php_jwt', phpJwt: out.message })
  if (isImportedClaims(out.payload)) return { imported: out.payload }
  if (!isHyperfClaims(out.payload)) throw new AuthError('token_invalid', { reason: 'missing_claims' })
  return out.payload
}

/**
 * A token of the given kind whose session is live; an access jwt must also be its session's
 * current one (a refresh ends the previous access jwt).
 */
export async function authenticate(token: string, kind: TokenKind, ctx: Ctx): Promise<{ claims: HyperfClaims; session: Session; user: User }> {
  const payload = await decodeToken(token)
  if ('imported' in payload) {
    // Its session is the one the importer made from the user row (lib/core/legacy-tokens.ts).
    const session = await authenticateImportedJwt(token, kind, CLIENT, ctx.ip)
    const p = (payload as { imported: PhpJwtClaims }).imported
    const claims = {
      ...p,
      iss: String(p.iss ?? issuer()),
      iat: Number(p.iat ?? p.exp),
      jti: kind === 'access' ? legacyJti(token) : legacySessionId(token),
      sid: session.id,
      typ: kind,
    }
    const user = await findUserById(session.userId)
    if (!user) throw new AuthError('token_revoked')
    return { claims: claims as HyperfClaims, session, user }
  }
  if (payload.typ !== kind) throw new AuthError('token_wrong_type')
  const { session, user } = await authenticateSessionJwt(token, {
    keys: await dialectKeys(TOKENS),
    client: CLIENT,
    checkCurrentJti: kind === 'access',
    issuer: issuer(),
    required: ['iat', 'nbf', 'jti', 'sid'],
    ip: ctx.ip,
  })
  return { claims: payload, session, user }
}

/** /login/jwt/refresh: a new access jwt for the refresh jwt's session; the refresh jwt stays. */
export async function refreshAccess(refreshJwt: string, ctx: Ctx): Promise<string> {
  const { session, user } = await authenticate(refreshJwt, 'refresh', ctx)
  const iat = nowSeconds()
  // Role ids are read again, as the real project re-reads role_id on refresh.
  const access = await sign('access', { uid: await legacyIntIdOf(user, CLIENT), roleIds: await roleIds(session.userId), session, iat })
  if (!(await replaceCurrentJti(session.id, null, access.jti))) throw new AuthError('token_revoked')
  await audit({ kind: 'token.refreshed', userId: session.userId, sessionId: session.id, client: CLIENT, ip: ctx.ip })
  return access.token
}

/** `data` as the real project's explainJwt() returns it: json_decode(data, true) ?? data. */
export function jwtData(p: HyperfClaims): JwtData | string {
  try {
    const v: unknown = JSON.parse(p.data)
    return v === null ? p.data : (v as JwtData)
  } catch {
    return p.data
  }
}
