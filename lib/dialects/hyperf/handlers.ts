// The Hyperf API (`/login`, seed 002; SPEC §5.2; reference §2). Each handler parses its body
// (JSON or form), calls the core, and answers in the {code, msg, status, data} envelope; every
// error goes through the one table in errors.ts. Paths are matched lower-case (SPEC §2: the real
// routes are case-insensitive; proxy.ts and server.ts lower-case /login/... before we see it).
import { checkVerificationCode } from '../../core/codes'
import { revokeSession } from '../../core/sessions'
import { AuthError } from '../../core/errors'
import { hasRole, permissionsOf, ROLE_ADMIN } from '../../core/roles'
import { authenticateWithPassword, createUser, setOwnPassword } from '../../core/users'
import { readFields } from '../../http/body'
import { providerFor, sendCode } from '../../providers'
import { defineHandler, type RequestContext } from '../../http/handler'
import { ok } from './envelope'
import { renderError } from './errors'
import { phpDateTime } from './php-jwt'
import { CLIENT, timeZone } from './profile'
import { getJwtSchema, jwtSchema, parseBody, parseRefreshBody, registerSchema, sendSmsSchema, updatePasswordSchema } from './schemas'
import { authenticate, issuePair, jwtData, refreshAccess } from './tokens'

const handler = (fn: (req: Request, ctx: RequestContext) => Promise<Response>) => defineHandler(renderError, fn)
const who = (ctx: RequestContext) => ({ ip: ctx.ip, userAgent: ctx.userAgent, client: CLIENT })

/** POST /login/send/sms — a 6-digit registration code, 5 minutes; one live code per phone. */
export const sendSms = handler(async (req, ctx) => {
  const { phone } = parseBody(sendSmsSchema, await readFields(req))
  const sent = await sendCode({ channel: 'sms', target: phone, purpose: 'register', ip: ctx.ip, client: CLIENT })
  // The code is shown only by the console provider (SPEC §3); the seed's example shows it.
  return ok(sent.code !== undefined ? { code: sent.code } : [])
})

/** POST /login/register — account, password (+ confirmation), phone and its SMS code. */
export const register = handler(async (req, ctx) => {
  const body = parseBody(registerSchema, await readFields(req))
  const code = { channel: 'sms' as const, target: body.phone, code: body.code, purpose: 'register' as const }
  // The code first, as the real project does: without a valid code nobody learns which accounts
  // exist. createUser checks it again and spends it with the new user, atomically.
  await checkVerificationCode(code)
  await createUser({ name: body.account.trim(), password: body.password, phone: body.phone }, { ...who(ctx), code })
  // The seed's example shows `status: false` here: a doc slip (reference §2).
  return ok()
})

/** POST /login/jwt/get — account (name, phone or email) and pwd → {jwt, refresh_jwt}. */
export const getJwt = handler(async (req, ctx) => {
  const { account, pwd } = parseBody(getJwtSchema, await readFields(req))
  const user = await authenticateWithPassword(account, pwd, who(ctx))
  const { jwt, refreshJwt } = await issuePair(user, ctx)
  return ok({ jwt, refresh_jwt: refreshJwt })
})

/** POST /login/jwt/refresh — the refresh jwt (`jwt` or `refresh_jwt`) → a new access jwt string. */
export const refreshJwt = handler(async (req, ctx) => {
  const token = parseRefreshBody(await readFields(req))
  return ok(await refreshAccess(token, ctx))
})

/** POST /login/jwt/deactivate — the access jwt → its session ends (both jwts refused from now on). */
export const deactivateJwt = handler(async (req, ctx) => {
  const { jwt } = parseBody(jwtSchema, await readFields(req))
  const { session } = await authenticate(jwt, 'access', ctx)
  await revokeSession(session.id, 'logout', { ip: ctx.ip })
  return ok()
})

/** POST /login/jwt/status — seconds left, uid, the `data` claim decoded, exp/iat dates. */
export const jwtStatus = handler(async (req, ctx) => {
  const { jwt } = parseBody(jwtSchema, await readFields(req))
  const { claims } = await authenticate(jwt, 'access', ctx)
  const data = jwtData(claims)
  const left = claims.exp - Math.floor(Date.now() / 1000)
  return ok({
    exp: left > 0 ? left : 0,
    uid: typeof data === 'object' && data !== null && 'uid' in data ? data.uid : 0,
    jwt_data: data,
    exp_date: phpDateTime(claims.exp, timeZone()),
    iat_date: phpDateTime(claims.iat, timeZone()),
  })
})

/** The route a role must list to change a password here (the project's auths table names routes). */
export const UPDATE_PASSWORD_ROUTE = '/user/update/password'

/**
 * POST /user/update/password — the signed-in user (jwt in `Authorization`, `Bearer ` optional, as
 * AccreditMiddleware reads it) sets a new password; only a super admin (our ADMIN) or a user whose
 * role lists this route may (AuthMiddleware, 50013 otherwise). Every session of the user ends, this
 * one too (the real project clears the stored jwts); the user is told.
 */
export const updatePassword = handler(async (req, ctx) => {
  const header = req.headers.get('authorization')?.trim() ?? ''
  if (!header) throw new AuthError('token_missing')
  const jwt = header.startsWith('Bearer') ? header.slice('Bearer'.length).trim() : header
  const { session } = await authenticate(jwt, 'access', ctx)
  const allowed = (await hasRole(session.userId, ROLE_ADMIN)) || (await permissionsOf(session.userId)).some((p) => p.name === UPDATE_PASSWORD_ROUTE)
  if (!allowed) throw new AuthError('forbidden')
  const { password } = parseBody(updatePasswordSchema, await readFields(req))
  await setOwnPassword(session.userId, password, { ...who(ctx), providers: providerFor })
  return ok()
})
