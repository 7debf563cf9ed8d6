// The ThinkSNS+ API (`/api/v2`, seeds 000 and 001; SPEC §5.1; reference §1): each handler parses
// its input, calls the core, and answers in the dialect's shape. Errors go through errors.ts.
import { defineHandler, json, type RequestContext } from '../../http/handler'
import { readFields } from '../../http/body'
import { AuthError, isAuthError } from '../../core/errors'
import { classifyLogin, normalizeEmail, normalizePhone } from '../../core/fields'
import { hitLimit } from '../../core/limits'
import { revokeSession } from '../../core/sessions'
import { CODE_RESEND_AFTER_SECONDS, isActive } from '../../core/rules'
import {
  assertAvailable,
  authenticateWithCode,
  authenticateWithPassword,
  changePassword,
  createUser,
  findUserByLogin,
  findUserByVerifiedContact,
  resetPasswordWithCode,
  type ContactField,
} from '../../core/users'
import { providerFor, sendCode } from '../../providers'
import { code2Session, userForWechat } from '../../providers/wechat'
import { fieldErrors, renderError, type FieldErrors, type Flow } from './errors'
import { legacyIntIdOf } from '../../core/legacy-ids'
import { legacyTokenAnswer, ownUser, publicUser, registerAnswer, tokenAnswer } from './envelope'
import { CLIENT, PROFILE_LOOKUPS_PER_MINUTE, WECHAT_SIGNINS_PER_MINUTE } from './profile'
import {
  legacyTokenBody,
  loginBody,
  miniProgramBody,
  orderedErrors,
  parse,
  passwordBody,
  retrieveBody,
  RETRIEVE_FIELD_ORDER,
  registerBody,
  registerCodeBody,
  REGISTER_FIELD_ORDER,
  userCodeBody,
} from './schemas'
import { authenticate, issueToken, refreshToken } from './tokens'

const handler = (flow: Flow, fn: Parameters<typeof defineHandler>[1]) => defineHandler(renderError(flow), fn)
const who = (ctx: RequestContext) => ({ ip: ctx.ip, client: CLIENT })

/** Seconds the client should wait, as Laravel's throttle answers. */
async function limit(key: string, perMinute: number): Promise<void> {
  const r = await hitLimit(key, perMinute, 60)
  if (!r.ok) throw new AuthError('rate_limited', { retryAfter: r.retryAfter })
}

/**
 * The request's token, where jwt-auth looks for it: `Authorization: Bearer` (any case), then
 * `?token=`, then a body field `token`. A header without a token (`Bearer ` as the real clients
 * send before sign-in) counts as no header.
 */
async function requestToken(req: Request, ctx: RequestContext): Promise<string | null> {
  const header = req.headers.get('authorization')?.match(/^\s*bearer\s*(\S+)/i)?.[1]
  if (header) return header
  const query = ctx.url.searchParams.get('token')
  if (query) return query
  if (req.method === 'GET' || req.method === 'HEAD') return null
  const body = await readFields(req).catch(() => ({}) as Record<string, unknown>)
  return typeof body.token === 'string' && body.token.trim() !== '' ? body.token.trim() : null
}

/**
 * Every uniqueness failure at once, as Laravel's `unique` rules list them. `claim`: the contact the
 * code goes (or went) to; someone holding it unproved does not make it taken (core assertAvailable).
 */
async function takenFields(
  fields: { phone?: string | null; email?: string | null; name?: string },
  flow: 'register' | 'code',
  claim: ContactField,
): Promise<FieldErrors> {
  const out: FieldErrors = {}
  const msg = {
    phone: flow === 'code' ? '手机号码已经被使用，不能发送验证码' : '手机号码已经存在',
    email: flow === 'code' ? '邮箱地址已经被使用，不能发送验证码' : '邮箱地址已存在',
    name: '昵称已经被其他用户所使用',
  }
  for (const field of ['phone', 'email', 'name'] as const) {
    const value = fields[field]
    if (!value) continue
    try {
      await assertAvailable({ [field]: value }, { claim })
    } catch (e) {
      // Only "taken" is an answer about the field; anything else (the database out of reach) is not.
      if (!isAuthError(e) || !e.kind.endsWith('_taken')) throw e
      out[field] = [msg[field]]
    }
  }
  return out
}

/** Validation that also lists taken fields, without failing on the first one. */
async function parseRegister(fields: Record<string, unknown>) {
  const r = registerBody.safeParse(fields)
  const formatErrors: FieldErrors = r.success ? {} : fieldErrors(r.error)
  const raw = r.success ? r.data : null
  // Uniqueness is checked only for values whose format passed (Laravel would find nothing anyway).
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')
  const taken = await takenFields(
    {
      phone: formatErrors.phone ? null : normalizePhone(str(fields.phone)),
      email: formatErrors.email ? null : normalizeEmail(str(fields.email)),
      name: formatErrors.name ? undefined : str(fields.name) || undefined,
    },
    'register',
    raw?.verifiable_type === 'mail' ? 'email' : 'phone',
  )
  const errors = orderedErrors(REGISTER_FIELD_ORDER, formatErrors, taken)
  if (Object.keys(errors).length || !raw) throw new AuthError('invalid_input', { errors })
  return raw
}

/** POST /api/v2/users: register with phone or email and a code (seed 000). 201, with `token` and `ttl` too. */
export const register = handler('default', async (req, ctx) => {
  const input = await parseRegister(await readFields(req))
  const target = input.verifiable_type === 'sms' ? input.phone : input.email
  if (!target) throw new AuthError('code_invalid') // the real server looks the code up for an absent account
  const user = await createUser(
    { name: input.name, phone: input.phone, email: input.email, password: input.password },
    { ...who(ctx), code: { channel: input.verifiable_type, target, code: input.verifiable_code, purpose: 'register' } },
  )
  const issued = await issueToken(user, 'auth', ctx)
  return json(registerAnswer(issued.token, issued.lifetimes), 201)
})

async function sendCodeTo(req: Request, ctx: RequestContext, purpose: 'register' | 'login') {
  const fields = await readFields(req)
  const input = parse(purpose === 'register' ? registerCodeBody : userCodeBody, fields)
  // Both answers say whether a phone or email has an account (issue #21 item 8): the same
  // per-address budget as GET /api/v2/users/{x}, so they cannot list accounts fast either.
  await limit(`thinksns:users:${ctx.ip ?? 'unknown'}`, PROFILE_LOOKUPS_PER_MINUTE)
  if (purpose === 'register') {
    const taken = await takenFields(input, 'code', input.email ? 'email' : 'phone')
    if (Object.keys(taken).length) throw new AuthError('invalid_input', { errors: orderedErrors(['phone', 'email'], taken) })
  } else {
    // A sign-in code goes only to a proved contact: one stored without a code has no owner yet.
    const missing: FieldErrors = {}
    if (input.phone && !(await findUserByVerifiedContact('sms', input.phone))) missing.phone = ['请求的用户不存在']
    if (input.email && !(await findUserByVerifiedContact('mail', input.email))) missing.email = ['请求的用户不存在']
    if (Object.keys(missing).length) throw new AuthError('invalid_input', { errors: missing })
  }
  // Mail first when both are given, as the real controller does.
  const [channel, target] = input.email ? (['mail', input.email] as const) : (['sms', input.phone!] as const)
  const sent = await sendCode({ channel, target, purpose, ip: ctx.ip, client: CLIENT, resendAfterSeconds: CODE_RESEND_AFTER_SECONDS })
  // The code is in the answer only with the console provider (SPEC §3).
  return json({ message: ['获取成功'], ...(sent.code ? { code: sent.code } : {}) }, 202)
}

/** POST /api/v2/verifycodes/register: a code for a phone or email not yet registered. */
export const sendRegisterCode = handler('register-code', (req, ctx) => sendCodeTo(req, ctx, 'register'))

/** POST /api/v2/verifycodes: a code for an existing user (sign-in by code). */
export const sendUserCode = handler('default', (req, ctx) => sendCodeTo(req, ctx, 'login'))

/**
 * POST /api/v2/auth/login: `login` is a name, email, phone or all-digit user id; `password`, or
 * `verifiable_code` when `login` is a phone or email (with a name, a code is a wrong password).
 */
export const login = handler('default', async (req, ctx) => {
  const input = parse(loginBody, await readFields(req))
  const id = classifyLogin(input.login)
  const user =
    input.verifiable_code !== null && (id.kind === 'phone' || id.kind === 'email')
      ? await authenticateWithCode({ channel: id.kind === 'phone' ? 'sms' : 'mail', target: id.value, code: input.verifiable_code, purpose: 'login' }, who(ctx))
      : await authenticateWithPassword(input.login, input.password ?? '', { ...who(ctx), idsOf: CLIENT })
  const issued = await issueToken(user, 'auth', ctx)
  return json(tokenAnswer(issued.token, issued.lifetimes))
})

/** POST /api/v2/wechat/mini-program: sign in (or up) with a `wx.login` code. */
export const miniProgram = handler('default', async (req, ctx) => {
  const input = parse(miniProgramBody, await readFields(req))
  if (ctx.ip) await limit(`thinksns:wechat:${ctx.ip}`, WECHAT_SIGNINS_PER_MINUTE)
  const user = await userForWechat(await code2Session(input.code), who(ctx))
  if (!isActive(user)) throw new AuthError('user_disabled')
  const issued = await issueToken(user, 'mini-program', ctx)
  return json(tokenAnswer(issued.token, issued.lifetimes))
})

/** GET|POST|PUT|PATCH /api/v2/auth/logout: the session ends; its token is refused from the next request on. */
export const logout = handler('default', async (req, ctx) => {
  const { session } = await authenticate(await requestToken(req, ctx), ctx)
  await revokeSession(session.id, 'logout', { ip: ctx.ip })
  return json({ message: '退出成功' })
})

/** GET|POST|PUT|PATCH /api/v2/auth/refresh: a new token; the old one is dead at once. */
export const refresh = handler('refresh', async (req, ctx) => {
  const issued = await refreshToken(await requestToken(req, ctx), ctx)
  return json(tokenAnswer(issued.token, issued.lifetimes))
})

/** POST /api/v2/tokens (seed 001, legacy): 201 {token, user, ttl, refresh_ttl}. */
export const createLegacyToken = handler('legacy', async (req, ctx) => {
  const input = parse(legacyTokenBody, await readFields(req))
  const user = await authenticateWithPassword(input.login, input.password, { ...who(ctx), idsOf: CLIENT })
  const issued = await issueToken(user, 'tokens', ctx)
  const body = legacyTokenAnswer(issued.token, issued.lifetimes)
  return json({ token: body.token, user: ownUser(user, await legacyIntIdOf(user, CLIENT)), ttl: body.ttl, refresh_ttl: body.refresh_ttl }, 201)
})

/** PATCH /api/v2/tokens/{token} (seed 001, legacy): 201 {token, ttl, refresh_ttl}. */
export const refreshLegacyToken = handler('refresh', async (req, ctx) => {
  const segment = ctx.url.pathname.split('/').filter(Boolean).at(-1) ?? ''
  let token: string | null
  try {
    token = decodeURIComponent(segment) || null
  } catch {
    token = segment || null
  }
  const issued = await refreshToken(token, ctx)
  return json(legacyTokenAnswer(issued.token, issued.lifetimes), 201)
})

/** GET /api/v2/user: the signed-in user. */
export const currentUser = handler('default', async (req, ctx) => {
  const { user } = await authenticate(await requestToken(req, ctx), ctx)
  return json(ownUser(user, await legacyIntIdOf(user, CLIENT)))
})

/**
 * GET /api/v2/users/{id|name|phone}: a public profile, or 404. ThinkSNS+'s SMS sign-in page asks it
 * whether a phone is registered; limited per address so it cannot be used to list accounts fast.
 */
export const showUser = handler('default', async (req, ctx) => {
  await limit(`thinksns:users:${ctx.ip ?? 'unknown'}`, PROFILE_LOOKUPS_PER_MINUTE)
  const segment = ctx.url.pathname.split('/').filter(Boolean).at(-1) ?? ''
  let key: string
  try {
    key = decodeURIComponent(segment).trim()
  } catch {
    throw new AuthError('not_found')
  }
  const user = key && key.length <= 254 ? await findUserByLogin(key, { idsOf: CLIENT }) : null
  if (!user) throw new AuthError('not_found')
  return json(publicUser(user, await legacyIntIdOf(user, CLIENT)))
})

const given = (v: unknown) => (typeof v === 'string' ? v.trim() !== '' : v !== null && v !== undefined)
const noContent = () => new Response(null, { status: 204 })

/**
 * PUT /api/v2/user/retrieve-password: a forgotten password reset with the code POST /verifycodes
 * sent to the user's proved phone or email (ResetPasswordController::retrieve). Every rule of every
 * field, as Laravel lists them; `exists` spends the profile lookups' per-address budget. Every
 * session of the user ends, in every dialect; the user is told. 204, no body.
 */
export const retrievePassword = handler('password', async (req, ctx) => {
  const fields = await readFields(req)
  if (given(fields.phone) && given(fields.email)) throw new AuthError('invalid_input', { reason: 'phone_and_email' })
  const r = retrieveBody.safeParse(fields)
  const errors: FieldErrors = r.success ? {} : fieldErrors(r.error)
  const raw = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')
  // exists:users,phone / exists:users,email run on any value given, valid or not (Laravel stops only after an implicit rule).
  const exists: FieldErrors = {}
  for (const [field, channel, message] of [
    ['phone', 'sms', '用户不存在'],
    ['email', 'mail', '选定的 邮箱 是无效的.'],
  ] as const) {
    if (!given(fields[field])) continue
    await limit(`thinksns:users:${ctx.ip ?? 'unknown'}`, PROFILE_LOOKUPS_PER_MINUTE)
    const value = field === 'phone' ? normalizePhone(raw(fields[field])) : normalizeEmail(raw(fields[field]))
    if (!value || !(await findUserByVerifiedContact(channel, value))) exists[field] = [message]
  }
  const all = orderedErrors(RETRIEVE_FIELD_ORDER, errors, exists)
  if (Object.keys(all).length || !r.success) throw new AuthError('invalid_input', { errors: all })
  const input = r.data
  const [channel, target] = input.phone ? (['sms', input.phone] as const) : (['mail', input.email!] as const)
  await resetPasswordWithCode(
    { channel, target, code: input.verifiable_code, password: input.password, purpose: 'login' },
    { ...who(ctx), providers: providerFor },
  )
  return noContent()
})

/**
 * PUT /api/v2/user/password: the signed-in user changes the password (ResetPasswordController::reset),
 * or sets one without `old_password` when they have none. Every other session of the user ends; the
 * user is told. 204, no body.
 */
export const changeOwnPassword = handler('password', async (req, ctx) => {
  const { user, session } = await authenticate(await requestToken(req, ctx), ctx)
  const input = parse(passwordBody(user.passwordHash !== null), await readFields(req))
  await changePassword(user.id, input.old_password, input.password, { ...who(ctx), keepSessionId: session.id, providers: providerFor })
  return noContent()
})
