// /api/auth/login, /register, /refresh (seed 003): parse -> core -> envelope.
import { AuthError } from '../../core/errors'
import { audit } from '../../core/audit'
import { CLOCK_SKEW_SECONDS, signJwt } from '../../core/jwt'
import { dialectKeys } from '../../core/keys'
import { permissionsOf, rolesOf } from '../../core/roles'
import { createSession, getLiveSession, touchSession, type Session } from '../../core/sessions'
import { authenticateWithPassword, createUser, findUserById, recordSignIn, type User } from '../../core/users'
import { isActive } from '../../core/rules'
import { legacyJwtSession } from '../../core/legacy-tokens'
import { legacyIdOf } from '../../core/legacy-ids'
import { readFields } from '../../http/body'
import { defineHandler } from '../../http/handler'
import type { z } from 'zod'
import { ok } from './envelope'
import { renderError } from './errors'
import { CLIENT, flaskClaims, flaskTime, flaskIssuer, lifetimes, tokenHeader, TOKENS } from './profile'
import { decodeFlaskJwt, tokenFromAuthorization } from './pyjwt'
import { loginSchema, MISSING, registerSchema } from './schemas'

async function parse<S extends z.ZodType>(schema: S, req: Request): Promise<z.infer<S>> {
  const r = schema.safeParse(await readFields(req))
  if (r.success) return r.data
  // "用户名密码不能为空" comes before any other complaint, as in the seed project.
  const missing = r.error.issues.find((i) => i.message === MISSING)
  const issue = missing ?? r.error.issues[0]
  throw new AuthError('invalid_input', { field: String(issue.path[0] ?? ''), reason: missing ? 'missing' : 'format' })
}

/** `sub` is the user's Flask `user_id` (lib/core/legacy-ids.ts: the uuid its clients know, ours when it has no other). */
async function signToken(type: 'access' | 'refresh', user: User, session: Session, now: number, ttlSeconds: number) {
  const [key] = await dialectKeys(TOKENS)
  return signJwt(tokenHeader(key), flaskClaims({ type, sub: await legacyIdOf(user, CLIENT), iss: flaskIssuer(), sid: session.id, now, ttlSeconds }), key)
}

/** The seed's `payload.user` (field names as seed 003; Flask sorts them when it writes JSON); `user_id` is its Flask id. */
function userObject(u: User, userId: string) {
  return {
    created_at: flaskTime(u.createdAt),
    email: u.email,
    faceInfo: null, // the seed project's face login; this product has no such data
    last_login: flaskTime(u.lastLoginAt),
    phone: u.phone,
    status: isActive(u),
    updated_at: flaskTime(u.updatedAt),
    user_id: userId,
    username: u.name,
  }
}

export const login = defineHandler(renderError, async (req, ctx) => {
  const input = await parse(loginSchema, req)
  // Order as the seed project: user by name, password ("登录失败"), then disabled ("账号被禁用").
  const user = await authenticateWithPassword(input.username, input.password, { ip: ctx.ip, userAgent: ctx.userAgent, client: CLIENT })
  const { accessSeconds, refreshSeconds } = lifetimes()
  const session = await createSession({ userId: user.id, client: CLIENT, ip: ctx.ip, userAgent: ctx.userAgent, ttlSeconds: refreshSeconds })
  const signedIn = await recordSignIn(user, { ip: ctx.ip, client: CLIENT, sessionId: session.id })
  const now = Math.floor(Date.now() / 1000)
  const [accessToken, refreshToken, roles, permissions] = await Promise.all([
    signToken('access', user, session, now, accessSeconds),
    signToken('refresh', user, session, now, refreshSeconds),
    rolesOf(user.id),
    permissionsOf(user.id),
  ])
  return ok(
    {
      access_token: accessToken,
      payload: {
        permissions: permissions.map((p) => ({ description: p.description, permission_id: p.id, permission_name: p.name })),
        role: roles.map((r) => ({ description: r.description, role_id: r.id, role_name: r.name })),
        user: userObject(signedIn, await legacyIdOf(signedIn, CLIENT)),
      },
      refresh_token: refreshToken,
    },
    '登录成功',
  )
})

export const register = defineHandler(renderError, async (req, ctx) => {
  const input = await parse(registerSchema, req)
  // createUser checks name, then email: "用户名已存在" before "邮箱已经存在", as the seed project.
  await createUser({ name: input.username, password: input.password, email: input.email }, { ip: ctx.ip, userAgent: ctx.userAgent, client: CLIENT })
  return ok(null, '注册成功')
})

/**
 * Whether a token's `sub` names this user: its Flask id (signed at sign-in), or our uuid (a token
 * signed before an import gave the user another Flask id; nobody is signed out by an import).
 */
export async function isSubjectOf(sub: unknown, user: { id: number; uuid: string }): Promise<boolean> {
  return sub === user.uuid || sub === (await legacyIdOf(user, CLIENT))
}

/** The refresh token's session and user, or "Token has been revoked" (our token_in_blocklist_loader). */
async function liveSessionOf(payload: Record<string, unknown>, ip: string | null, token: string): Promise<{ session: Session; user: User }> {
  const session =
    typeof payload.sid === 'string'
      ? await getLiveSession(payload.sid)
      : // A token the old Flask project signed (no `sid`; #22): accepted until LEGACY_TOKENS_UNTIL (lib/core/legacy-tokens.ts).
        typeof payload.sub === 'string' && typeof payload.exp === 'number'
        ? await legacyJwtSession(token, {
            system: CLIENT,
            legacyId: payload.sub,
            client: CLIENT,
            issuedAt: typeof payload.iat === 'number' ? payload.iat : null,
            endsAt: payload.exp,
            ip,
          })
        : null
  if (!session || session.client !== CLIENT) throw new AuthError('token_revoked')
  const user = await findUserById(session.userId)
  if (!user || (typeof payload.sid === 'string' && !(await isSubjectOf(payload.sub, user))) || !isActive(user)) throw new AuthError('token_revoked')
  await touchSession(session, ip)
  return { session, user }
}

export const refresh = defineHandler(renderError, async (req, ctx) => {
  // flask-jwt-extended's order: header, decode (parse, alg, signature, times), type, revocation.
  const token = tokenFromAuthorization(req.headers.get('authorization'))
  const { payload } = await decodeFlaskJwt(token, { keys: await dialectKeys(TOKENS), leeway: CLOCK_SKEW_SECONDS, issuer: flaskIssuer() })
  if (payload.type !== 'refresh') throw new AuthError('token_wrong_type', { msg: 'Only refresh tokens are allowed' })
  const { session, user } = await liveSessionOf(payload, ctx.ip, token)
  // Not rotated (SPEC §3): the answer carries only a new access token; the refresh token stays
  // usable until it expires or its session ends.
  const accessToken = await signToken('access', user, session, Math.floor(Date.now() / 1000), lifetimes().accessSeconds)
  await audit({ kind: 'token.refreshed', userId: user.id, sessionId: session.id, client: CLIENT, ip: ctx.ip })
  return ok({ access_token: accessToken }, '刷新令牌成功')
})
