// /v1/site/login, /v1/site/refresh (seed 004), /v1/member/info (ours, reference §4), and the rest
// of the TinyShop app's /v1/site calls (#23, docs/decisions/0013): sms-code, mobile-login,
// register, up-pwd, logout, verify-access-token. Parse -> core -> envelope.
import { AuthError, isAuthError } from '../../core/errors'
import { randomAlnum } from '../../core/ids'
import { hitLimit } from '../../core/limits'
import { CODE_RESEND_AFTER_SECONDS } from '../../core/rules'
import { createSession, revokeSession, revokeUserSessions } from '../../core/sessions'
import { authenticateOpaqueAccess, issueOpaquePair, rotateOpaqueRefresh } from '../../core/tokens'
import {
  assertAvailable,
  authenticateWithCode,
  authenticateWithPassword,
  createUser,
  findUserByVerifiedContact,
  recordSignIn,
  resetPasswordWithCode,
  type User,
} from '../../core/users'
import { readFields } from '../../http/body'
import { defineHandler, type RequestContext } from '../../http/handler'
import { providerFor, sendCode } from '../../providers'
import type { z } from 'zod'
import { ok } from './envelope'
import { MSG_PHONE_REGISTERED, MSG_PHONE_UNREGISTERED, renderError } from './errors'
import { CLIENT, LOOKUPS_PER_MINUTE, memberObject, tokenSettings, type Group } from './profile'
import { legacyIntIdOf } from '../../core/legacy-ids'
import { loginSchema, mobileLoginSchema, refreshSchema, registerSchema, smsCodeSchema, upPwdSchema, USAGES, verifyTokenSchema } from './schemas'

async function parse<S extends z.ZodType>(schema: S, req: Request): Promise<z.infer<S>> {
  const r = schema.safeParse(await readFields(req))
  if (r.success) return r.data
  const issue = r.error.issues[0] // zod reports in key order: the first failing rule, as Yii's getFirstError
  // The account forms' rules report the whole message (schemas.ts `form`); login's and refresh's a field and a reason.
  if (issue.path.length === 0) throw new AuthError('invalid_input', { message: issue.message })
  throw new AuthError('invalid_input', { field: String(issue.path[0] ?? ''), reason: issue.message })
}

const who = (ctx: RequestContext) => ({ ip: ctx.ip, userAgent: ctx.userAgent, client: CLIENT })

/** A new pair for the member in a group: one live pair per member and group, so that group's previous pair ends; other groups keep theirs. */
async function signInToGroup(user: User, group: Group, ctx: RequestContext) {
  const settings = tokenSettings()
  const session = await createSession({
    userId: user.id,
    client: CLIENT,
    group,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    ttlSeconds: settings.refreshTtlSeconds,
  })
  await revokeUserSessions(user.id, 'replaced', { client: CLIENT, group, exceptId: session.id, ip: ctx.ip })
  const member = await recordSignIn(user, { ip: ctx.ip, client: CLIENT, sessionId: session.id })
  return answer(await issueOpaquePair(session, settings), member)
}

/** Errors of the phone-and-code forms are about the phone (找不到用户), not about a password. */
async function byPhone<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (isAuthError(e, 'user_not_found') || isAuthError(e, 'user_disabled')) throw new AuthError(e.kind, { ...e.detail, stage: 'code' })
    throw e
  }
}

/** Whether a phone is registered is told by sms-code's answers: the same per-address budget as other lookups, so nobody lists accounts fast. */
async function limitLookups(ctx: RequestContext): Promise<void> {
  const r = await hitLimit(`rageframe:lookup:${ctx.ip ?? 'unknown'}`, LOOKUPS_PER_MINUTE, 60)
  if (!r.ok) throw new AuthError('rate_limited', { retryAfter: r.retryAfter })
}

async function answer(pair: { accessToken: string; refreshToken: string }, user: User) {
  return ok({
    refresh_token: pair.refreshToken,
    access_token: pair.accessToken,
    expiration_time: tokenSettings().accessTtlSeconds,
    member: memberObject(user, await legacyIntIdOf(user, CLIENT)),
  })
}

// Real clients send `x-api-key` on every call, empty before sign-in and stale on refresh (reference
// §4): login and refresh read only their body.
export const login = defineHandler(renderError, async (req, ctx) => {
  const input = await parse(loginSchema, req)
  const user = await authenticateWithPassword(input.username, input.password, who(ctx))
  return signInToGroup(user, input.group, ctx)
})

/**
 * POST /v1/site/sms-code: a code for a usage (SmsCodeForm). `register` only to a phone nobody has
 * registered, `login` and `up-pwd` only to a registered one (the TinyShop form's isBeforeSend). The
 * core's caps and resend interval hold; the code is in `data` only with the console provider (as
 * YII_DEBUG answers it), else `data` is null.
 */
export const smsCode = defineHandler(renderError, async (req, ctx) => {
  const input = await parse(smsCodeSchema, req)
  const purpose = USAGES[input.usage]
  if (purpose === 'register' || purpose === 'login' || purpose === 'reset') {
    await limitLookups(ctx)
    if (purpose === 'register') {
      try {
        await assertAvailable({ phone: input.mobile }, { claim: 'phone' })
      } catch (e) {
        if (isAuthError(e, 'phone_taken')) throw new AuthError('invalid_input', { message: MSG_PHONE_REGISTERED })
        throw e
      }
    } else if (!(await findUserByVerifiedContact('sms', input.mobile))) {
      throw new AuthError('invalid_input', { message: MSG_PHONE_UNREGISTERED })
    }
  }
  const sent = await sendCode({ channel: 'sms', target: input.mobile, purpose, ip: ctx.ip, client: CLIENT, resendAfterSeconds: CODE_RESEND_AFTER_SECONDS })
  return ok(sent.code ?? null)
})

/** POST /v1/site/mobile-login: sign in by phone and a `login` code, in a group. */
export const mobileLogin = defineHandler(renderError, async (req, ctx) => {
  const input = await parse(mobileLoginSchema, req)
  const user = await byPhone(() => authenticateWithCode({ channel: 'sms', target: input.mobile, code: input.code, purpose: 'login' }, who(ctx)))
  return signInToGroup(user, input.group, ctx)
})

/** A name for a member who registered by phone (RageFrame's member has none to give): `m_` and ten random characters, drawn again if taken. */
const memberName = () => `m_${randomAlnum(10)}`

/**
 * POST /v1/site/register: a new member by phone, a `register` code and a password; signed in in
 * the group. A phone someone registered is refused (RegisterForm::isRegister).
 */
export const register = defineHandler(renderError, async (req, ctx) => {
  const input = await parse(registerSchema, req)
  const code = { channel: 'sms' as const, target: input.mobile, code: input.code, purpose: 'register' as const }
  for (let attempt = 0; ; attempt++) {
    try {
      const user = await createUser({ name: memberName(), phone: input.mobile, password: input.password }, { ...who(ctx), code })
      return await signInToGroup(user, input.group, ctx)
    } catch (e) {
      if (!isAuthError(e, 'name_taken') || attempt >= 4) throw e
    }
  }
})

/**
 * POST /v1/site/up-pwd: a forgotten password reset by phone and an `up-pwd` code. Every session of
 * the member ends, in every dialect and the browser; the answer is a new pair in the group.
 */
export const upPwd = defineHandler(renderError, async (req, ctx) => {
  const input = await parse(upPwdSchema, req)
  const user = await byPhone(() =>
    resetPasswordWithCode({ channel: 'sms', target: input.mobile, code: input.code, password: input.password }, { ...who(ctx), providers: providerFor }),
  )
  return signInToGroup(user, input.group, ctx)
})

/** POST /v1/site/logout: the pair presented ends (its session); `{code: 200, message: "退出成功", data: []}`. */
export const logout = defineHandler(renderError, async (req, ctx) => {
  const token = accessTokenOf(req, ctx.url)
  if (!token) throw new AuthError('token_missing')
  const { session } = await authenticateOpaqueAccess(token, { client: CLIENT, ip: ctx.ip })
  await revokeSession(session.id, 'logout', { ip: ctx.ip })
  return ok([], '退出成功')
})

/** POST /v1/site/verify-access-token: `{token: true}` while the access token in the body is live, else `{token: false}`. No sign-in needed. */
export const verifyAccessToken = defineHandler(renderError, async (req, ctx) => {
  const input = await parse(verifyTokenSchema, req)
  if (!input.token) return ok({ token: false })
  try {
    await authenticateOpaqueAccess(input.token, { client: CLIENT, ip: ctx.ip })
    return ok({ token: true })
  } catch (e) {
    if (isAuthError(e)) return ok({ token: false })
    throw e
  }
})

export const refresh = defineHandler(renderError, async (req, ctx) => {
  const input = await parse(refreshSchema, req)
  let rotation
  try {
    rotation = await rotateOpaqueRefresh(input.refresh_token, { ...tokenSettings(), client: CLIENT, group: input.group, ip: ctx.ip })
  } catch (e) {
    if (isAuthError(e)) throw new AuthError(e.kind, { ...e.detail, stage: 'refresh' })
    throw e
  }
  const user = rotation.user
  // A parallel retry inside the grace window is the same refresh, not another visit.
  const member = rotation.replayed ? user : await recordSignIn(user, { ip: ctx.ip, client: CLIENT, sessionId: rotation.session.id })
  return answer(rotation, member)
})

/** The access token as Yii's CompositeAuth finds it: `?access-token=`, `Authorization: Bearer`, `X-Api-Key`. */
function accessTokenOf(req: Request, url: URL): string | null {
  const query = url.searchParams.get('access-token')
  if (query) return query
  const bearer = /^Bearer\s+(.*?)$/.exec(req.headers.get('authorization') ?? '')
  if (bearer && bearer[1]) return bearer[1]
  return req.headers.get('x-api-key') || null
}

export const memberInfo = defineHandler(renderError, async (req, ctx) => {
  const token = accessTokenOf(req, ctx.url)
  if (!token) throw new AuthError('token_missing')
  const { user } = await authenticateOpaqueAccess(token, { client: CLIENT, ip: ctx.ip })
  return ok(memberObject(user, await legacyIntIdOf(user, CLIENT)))
})
