// Every /api/v2 endpoint (seeds 000 and 001, SPEC §5.1), each one definition: the route, the body
// schema its handler parses (schemas.ts), its success bodies, the errors it can meet (rendered by
// the errors.ts table of its endpoint family into the document) and the handler (handlers.ts).
import { z } from 'zod'
import { AuthError } from '../../core/errors'
import { passwordMessage, renderError, type FieldErrors } from './errors'
import {
  createLegacyToken,
  currentUser,
  login,
  logout,
  changeOwnPassword,
  miniProgram,
  refresh,
  retrievePassword,
  refreshLegacyToken,
  register,
  sendRegisterCode,
  sendUserCode,
  showUser,
} from './handlers'
import {
  legacyTokenBody,
  loginBody,
  miniProgramBody,
  orderedErrors,
  parse,
  passwordBody,
  retrieveBody,
  REGISTER_FIELD_ORDER,
  registerBody,
  registerCodeBody,
  userCodeBody,
} from './schemas'
import { bodyErrors, kind } from '../../openapi/common'
import type { ErrorCase } from '../../openapi/types'
import { defineEndpoint } from '../define'
import { CODE_LENGTH, CODE_MAX_ATTEMPTS, CODE_PATTERN, CODE_TTL_MINUTES, PASSWORD_MIN } from '../../core/rules'

// --- bodies ------------------------------------------------------------------------------------

const laravelMessage = z.object({ message: z.string(), errors: z.record(z.string(), z.array(z.string())).optional() })
export const errorSchema = z.union([laravelMessage, z.object({ message: z.array(z.string()) }), z.record(z.string(), z.array(z.string()))]).meta({
  title: 'Laravel error',
  description: "`{message}` or `{message, errors: {field: [messages]}}`; the legacy `/tokens` endpoint answers a bare field bag as seed 001's server did.",
})

const tokenBody = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int().meta({ description: 'minutes (seconds with THINKSNS_EXPIRES_IN_SECONDS)' }),
  refresh_ttl: z.number().int().meta({ description: 'minutes' }),
})
const registerAnswer = tokenBody.extend({ token: z.string(), ttl: z.number().int() })
const legacyTokenAnswer = z.object({ token: z.string(), ttl: z.number().int(), refresh_ttl: z.number().int() })

const nullableText = z.string().nullable()
const publicUser = z.object({
  id: z.number().int(),
  name: z.string(),
  bio: nullableText,
  sex: z.number().int(),
  location: nullableText,
  created_at: z.string(),
  updated_at: z.string(),
  avatar: nullableText,
  bg: nullableText,
  verified: z.record(z.string(), z.unknown()).nullable(),
  extra: z.object({
    user_id: z.number().int(),
    likes_count: z.number().int(),
    comments_count: z.number().int(),
    followers_count: z.number().int(),
    followings_count: z.number().int(),
    updated_at: z.string(),
    feeds_count: z.number().int(),
    questions_count: z.number().int(),
  }),
})
const ownUser = publicUser.extend({ wallet: z.record(z.string(), z.unknown()).nullable(), phone: nullableText, email: nullableText })

// --- seed examples -----------------------------------------------------------------------------

// Seed 000's token (its payload: iss http://plus.io/api/v2/auth/login, sub 1, prv ...).
const SEED_TOKEN =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJodHRwOi8vcGx1cy5pby9hcGkvdjIvYXV0aC9sb2dpbiIsImlhdCI6MTUxNTU3NDE0MSwiZXhwIjoxNTE1NTc3NzQxLCJuYmYiOjE1MTU1NzQxNDEsImp0aSI6Imx1MWtFcDd1UjZpWnoxV3giLCJzdWIiOjEsInBydiI6IjQ4ZTQ1MzgzMWNlYmE1ZTU3YTQ3NWU2ODY0OWNmZGVlNmU5N2Q4ZDIifQ.0_u1dgb-rSr2o7nIx4Q1n1NNcr1LMAtgTbKsFFdUvmg'
const SEED_TOKEN_ANSWER = { access_token: SEED_TOKEN, token_type: 'bearer', expires_in: 60, refresh_ttl: 20160 }
const SEED_LEGACY_TOKEN =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOjEsImlzcyI6Imh0dHA6Ly9wbHVzLmlvL2FwaS92Mi90b2tlbnMiLCJpYXQiOjE1MDEzMTQyNTIsImV4cCI6MTUwMjUyMzg1MiwibmJmIjoxNTAxMzE0MjUyLCJqdGkiOiJvU0VpdGUwTnp4Y0RTSTJQIn0.1Xga2eSZS013Baao0PO2rx6s1riL0goJIsAvU93DLgc'
const SEED_REFRESHED_TOKEN =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOjEsImlzcyI6Imh0dHA6Ly9wbHVzLmlvL2FwaS92Mi90b2tlbnMvZXlKMGVYQWlPaUpLVjFRaUxDSmhiR2NpT2lKSVV6STFOaUo5LmV5SnpkV0lpT2pFc0ltbHpjeUk2SW1oMGRIQTZMeTl3YkhWekxtbHZMMkZ3YVM5Mk1pOTBiMnRsYm5NaUxDSnBZWFFpT2pFMU1EQXpOalUxTVRjc0ltVjRjQ0k2TVRVd01UVTNOVEV4Tnl3aWJtSm1Jam94TlRBd016WTFOVEUzTENKcWRHa2lPaUpLT1RKVlJsRlRaVm96UkRGUFVsaFRJbjAuejNkNTBXZm5lSUIyTk45N2FSWW9lSFAwUjhyN1l0STJSVmxRUEVFWElaSSIsImlhdCI6MTUwMDM2NTUxNywiZXhwIjoxNTAxNTc1MTI4LCJuYmYiOjE1MDAzNjU1MjgsImp0aSI6IkV0S3VXUWd2VHlkMnpQSXcifQ.MJt3fz0hgH7BJNa1oC-9H3BZa3vIxS2oHu5OG9g39O8'
// Seed 001's user (the real server's; ours has null bio, avatar, wallet...).
const SEED_USER = {
  id: 1,
  name: 'Seven',
  bio: 'Seven 的个人传记',
  sex: 2,
  location: '成都 中国',
  created_at: '2017-06-02 08:43:54',
  updated_at: '2017-07-25 03:59:39',
  avatar: 'http://plus.io/api/v2/users/1/avatar',
  bg: 'http://plus.io/storage/user-bg/000/000/000/01.png',
  verified: null,
  extra: {
    user_id: 1,
    likes_count: 0,
    comments_count: 8,
    followers_count: 0,
    followings_count: 1,
    updated_at: '2017-07-28 08:38:54',
    feeds_count: 0,
    questions_count: 4,
  },
}
const SEED_OWN_USER = {
  ...SEED_USER,
  wallet: { id: 1, user_id: 1, balance: 87, created_at: '2017-06-02 08:43:54', updated_at: '2017-07-28 03:15:04', deleted_at: null },
  phone: '18781993582',
  email: 'shiweidu@outlook.com',
}
const PHONE = SEED_OWN_USER.phone
const PASSWORD = 'secret_123'

// --- error cases -------------------------------------------------------------------------------

const invalid = (name: string, summary: string, schema: z.ZodType, fields: Record<string, unknown>): ErrorCase => ({
  name,
  summary,
  error: () => parse(schema, fields),
})

const tokenErrors: ErrorCase[] = [
  kind('token_missing', 'No token: neither `Authorization: Bearer`, `?token=` nor a `token` field.'),
  kind('token_invalid', 'Not a token this service signed, or not a ThinkSNS+ token.', { reason: 'bad_signature' }),
  kind('token_expired', 'The token has expired.'),
  kind('token_revoked', 'The session ended, the account was disabled, or a refresh replaced this token.'),
]

const refreshErrors: ErrorCase[] = [
  kind('token_missing', 'No token.'),
  kind('malformed', "Not a JWT (jwt-auth's message).", { reason: 'malformed', segments: 2 }, 'token_invalid'),
  kind('bad_signature', 'Not a token this service signed.', { reason: 'bad_signature' }, 'token_invalid'),
  kind('refresh_expired', "Beyond the refresh window (counted from the session's first token)."),
  kind('token_revoked', 'Already refreshed (a token is exchanged once), or the session ended.'),
]

// Both send-code endpoints answer the same way when the code went out.
const codeSent = {
  status: 202,
  description: 'Sent. `code` only with the console provider (development).',
  schema: z.object({ message: z.tuple([z.literal('获取成功')]), code: z.string().regex(CODE_PATTERN).optional() }),
  example: { message: ['获取成功'] },
}

const bearer: Record<string, string[]>[] = [{ bearer: [] }, { tokenQuery: [] }]

// --- operations --------------------------------------------------------------------------------

export const endpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/api/v2/verifycodes/register',
    operationId: 'sendRegisterCode',
    handler: sendRegisterCode,
    counts: 'code-send',
    summary: '发送注册验证码 (a code for a new phone or email)',
    description: `Sends a ${CODE_LENGTH}-digit code (valid ${CODE_TTL_MINUTES} minutes, single use, ${CODE_MAX_ATTEMPTS} tries) to a phone or email not yet registered. Mail first when both are given. A second send to the same target before the resend interval has passed is refused (429, with the seconds left).`,
    tags: ['register'],
    body: registerCodeBody,
    renderError: renderError('register-code'),
    success: [codeSent],
    errors: [
      invalid('target_missing', 'Neither phone nor email.', registerCodeBody, {}),
      invalid('phone_invalid', 'Not a mainland China mobile number.', registerCodeBody, { phone: '123' }),
      // The handler checks the targets itself and answers a taken one as a validation bag (every
      // taken field listed, as Laravel's unique rules): invalid_input, never phone_taken/email_taken.
      {
        name: 'phone_taken',
        summary: 'The phone is registered already.',
        error: new AuthError('invalid_input', { errors: { phone: ['手机号码已经被使用，不能发送验证码'] } }),
      },
      {
        name: 'email_taken',
        summary: 'The email is registered already.',
        error: new AuthError('invalid_input', { errors: { email: ['邮箱地址已经被使用，不能发送验证码'] } }),
      },
      ...bodyErrors(),
      kind('code_still_live', 'A code was sent to this target too recently (the resend interval); the message and `Retry-After` say how long to wait.', {
        retryAfter: 42,
      }),
      kind('code_daily_limit', 'The daily limit per target or per address is reached.', { retryAfter: 3600 }),
      kind('rate_limited', 'Too many lookups from this address (shared with the profile lookups).', { retryAfter: 30 }),
      kind('provider_failed', 'The SMS or mail provider failed.'),
    ],
    examples: [
      { name: 'phone', summary: "seed 001's phone", body: { phone: PHONE }, save: { sms_code: 'code' }, status: 202 },
      { name: 'empty', summary: 'no phone, no email', body: {}, status: 422 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/api/v2/users',
    operationId: 'register',
    handler: register,
    summary: '用户注册 (register, seed 000)',
    description:
      "Registers with a phone or an email and the code sent to it. `verifiable_type`/`verifiable_code` and seed 000's `verifiableType`/`verifiableCode` are both read. Every failing field is listed with every rule it fails. The answer is seed 000's token body plus `token` and `ttl`, as the real server answers.",
    tags: ['register'],
    body: registerBody,
    fieldNotes: { verifiable_type: { enum: ['sms', 'mail'] }, verifiableType: { enum: ['sms', 'mail'] } },
    required: ['name'],
    success: [
      {
        status: 201,
        description: 'Registered and signed in.',
        schema: registerAnswer,
        example: { ...SEED_TOKEN_ANSWER, token: SEED_TOKEN, ttl: 60 },
        exampleSummary: "seed 000's body with `token` and `ttl`",
      },
    ],
    errors: [
      {
        name: 'invalid',
        summary: 'Missing or malformed fields: every one is listed.',
        error: () => {
          try {
            parse(registerBody, {})
          } catch (e) {
            throw new AuthError('invalid_input', { errors: orderedErrors(REGISTER_FIELD_ORDER, (e as AuthError).detail.errors as FieldErrors) })
          }
        },
      },
      {
        name: 'password_policy',
        summary: 'A password shorter than PASSWORD_MIN_LENGTH or one of the most common passwords (the password policy), listed with the other fields.',
        error: new AuthError('invalid_input', { errors: { password: [passwordMessage({ reason: 'too_short', min: PASSWORD_MIN })] } }),
      },
      kind('name_taken', 'The name is taken (listed with any other taken field).'),
      kind('phone_taken', 'The phone is registered already.'),
      kind('email_taken', 'The email is registered already.'),
      kind('code_invalid', 'Wrong, used, expired or burned code.'),
      kind('rate_limited', 'Too many registrations from this address.', { retryAfter: 60 }),
      ...bodyErrors(),
    ],
    examples: [
      {
        name: 'by_phone',
        summary: "seed 000's fields, with the code the send example received",
        body: { phone: PHONE, name: 'Seven', password: PASSWORD, verifiableType: 'sms', verifiableCode: '{{sms_code}}' },
        status: 201,
      },
      {
        name: 'again',
        summary: 'the same name and phone again',
        body: { phone: PHONE, name: 'Seven', password: PASSWORD, verifiable_type: 'sms', verifiable_code: '000000' },
        status: 422,
      },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/api/v2/auth/login',
    operationId: 'login',
    handler: login,
    counts: 'sign-in',
    summary: '用户登录 (sign in, seed 000)',
    description:
      '`login` is a name, email, phone or all-digit user id. `password`, or `verifiable_code` (from `POST /api/v2/verifycodes`) when `login` is a phone or email. An unknown account and a wrong password get the same answer.',
    tags: ['auth'],
    body: loginBody,
    required: ['login'],
    success: [{ status: 200, description: 'Signed in.', schema: tokenBody, example: SEED_TOKEN_ANSWER, exampleSummary: 'seed 000' }],
    errors: [
      invalid('invalid', 'No login, or neither password nor code.', loginBody, {}),
      kind('user_not_found', 'Unknown account.'),
      kind('wrong_password', 'Wrong password: the same answer.'),
      kind('user_disabled', 'The account is disabled.'),
      kind('code_invalid', 'Wrong, used or expired code.'),
      kind('rate_limited', 'Too many sign-ins for this account or address.', { retryAfter: 30 }),
      ...bodyErrors(),
    ],
    examples: [
      {
        name: 'password',
        summary: 'the account of the register example',
        body: { login: 'Seven', password: PASSWORD },
        save: { access_token: 'access_token' },
        status: 200,
      },
      { name: 'wrong_password', summary: 'a wrong password', body: { login: 'Seven', password: 'wrong' }, status: 422 },
    ],
  }),
  defineEndpoint({
    method: 'GET',
    path: '/api/v2/user',
    operationId: 'currentUser',
    handler: currentUser,
    summary: '当前用户 (the signed-in user)',
    description: 'The signed-in user as seed 001 shows it. This service keeps no bio, avatar, counters or wallet: those are null or 0.',
    tags: ['user'],
    security: bearer,
    success: [{ status: 200, description: 'The user.', schema: ownUser, example: SEED_OWN_USER, exampleSummary: "seed 001's user (the real server's data)" }],
    // No user_disabled: a disabled account's token is refused like any dead one (tokens.ts
    // authenticate answers token_revoked: 401 Unauthenticated.).
    errors: tokenErrors,
    examples: [
      { name: 'signed_in', summary: 'the token of the sign-in example', headers: { authorization: 'Bearer {{access_token}}' }, status: 200 },
      { name: 'no_token', summary: 'without a token', status: 401 },
    ],
  }),
  defineEndpoint({
    method: 'GET',
    path: '/api/v2/users/:user',
    operationId: 'showUser',
    handler: showUser,
    summary: '用户资料 (a public profile)',
    description: `A public profile by id, name or phone, or 404. Lookups are limited per address so that it cannot list accounts fast.`,
    tags: ['user'],
    parameters: [{ name: 'user', in: 'path', required: true, description: 'user id, name or phone', schema: { type: 'string' }, example: 'Seven' }],
    success: [{ status: 200, description: 'The profile.', schema: publicUser, example: SEED_USER, exampleSummary: "seed 001's user (the real server's data)" }],
    errors: [kind('not_found', 'No such user.'), kind('rate_limited', 'Too many lookups from this address.', { retryAfter: 30 })],
    examples: [
      { name: 'by_name', summary: 'the registered user', path: '/api/v2/users/Seven', status: 200 },
      { name: 'unknown', summary: 'nobody by that name', path: '/api/v2/users/nobody_here', status: 404 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/api/v2/verifycodes',
    operationId: 'sendUserCode',
    handler: sendUserCode,
    counts: 'code-send',
    summary: '发送验证码 (a sign-in code for an existing user)',
    description: 'Sends a sign-in code to the phone or email of an existing user (for `POST /api/v2/auth/login` with `verifiable_code`).',
    tags: ['auth'],
    body: userCodeBody,
    success: [codeSent],
    errors: [
      invalid('target_missing', 'Neither phone nor email.', userCodeBody, {}),
      { name: 'unknown_user', summary: 'No user has this phone or email.', error: new AuthError('invalid_input', { errors: { phone: ['请求的用户不存在'] } }) },
      ...bodyErrors(),
      kind('code_still_live', 'A code was sent to this target too recently (the resend interval); the message and `Retry-After` say how long to wait.', {
        retryAfter: 42,
      }),
      kind('code_daily_limit', 'The daily limit per target or per address is reached.', { retryAfter: 3600 }),
      kind('rate_limited', 'Too many lookups from this address (shared with the profile lookups).', { retryAfter: 30 }),
      kind('provider_failed', 'The SMS or mail provider failed.'),
    ],
    examples: [
      { name: 'phone', summary: 'the registered phone', body: { phone: PHONE }, status: 202 },
      { name: 'unknown', summary: 'a phone nobody registered', body: { phone: '13900000000' }, status: 422 },
    ],
  }),
  defineEndpoint({
    method: ['POST', 'GET', 'PUT', 'PATCH'],
    path: '/api/v2/auth/refresh',
    operationId: 'refresh',
    handler: refresh,
    summary: '刷新 Token (refresh, seed 000)',
    description:
      "Exchanges the current token (even an expired one, while inside `refresh_ttl`) for a new one; the old one is dead at once (tymon/jwt-auth). The refresh window counts from the session's first token.",
    tags: ['auth'],
    security: bearer,
    renderError: renderError('refresh'),
    success: [{ status: 200, description: 'The new token.', schema: tokenBody, example: SEED_TOKEN_ANSWER, exampleSummary: 'seed 000' }],
    errors: refreshErrors,
    examples: [
      {
        name: 'refresh',
        summary: 'the token of the sign-in example',
        headers: { authorization: 'Bearer {{access_token}}' },
        save: { refreshed_token: 'access_token' },
        status: 200,
      },
      { name: 'twice', summary: 'the same token again: it was exchanged already', headers: { authorization: 'Bearer {{access_token}}' }, status: 401 },
    ],
  }),
  defineEndpoint({
    method: ['POST', 'GET', 'PUT', 'PATCH'],
    path: '/api/v2/auth/logout',
    operationId: 'logout',
    handler: logout,
    summary: '用户退出 (sign out, seed 000)',
    description: 'Ends the session: its token is refused from the next request on, on every instance.',
    tags: ['auth'],
    security: bearer,
    success: [
      {
        status: 200,
        description: 'Signed out.',
        schema: z.object({ message: z.literal('退出成功') }),
        example: { message: '退出成功' },
        exampleSummary: 'seed 000',
      },
    ],
    errors: tokenErrors,
    examples: [
      { name: 'logout', summary: 'the token of the refresh example', headers: { authorization: 'Bearer {{refreshed_token}}' }, status: 200 },
      { name: 'again', summary: 'the same token again', headers: { authorization: 'Bearer {{refreshed_token}}' }, status: 401 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/api/v2/tokens',
    operationId: 'createLegacyToken',
    handler: createLegacyToken,
    counts: 'sign-in',
    summary: '创建授权令牌 (legacy sign-in, seed 001)',
    description: "The older sign-in: 201 with `{token, user, ttl, refresh_ttl}` (minutes), its failures as seed 001's server answered them.",
    tags: ['legacy'],
    body: legacyTokenBody,
    required: ['login', 'password'],
    renderError: renderError('legacy'),
    success: [
      {
        status: 201,
        description: 'Signed in.',
        schema: z.object({ token: z.string(), user: ownUser, ttl: z.number().int(), refresh_ttl: z.number().int() }),
        example: { token: SEED_LEGACY_TOKEN, user: SEED_OWN_USER, ttl: 20160, refresh_ttl: 40320 },
        exampleSummary: 'seed 001',
      },
    ],
    errors: [
      invalid('invalid', 'No login or no password.', legacyTokenBody, {}),
      kind('user_not_found', 'No such account.'),
      kind('wrong_password', 'Wrong password.'),
      kind('user_disabled', 'The account is disabled.'),
      kind('rate_limited', 'Too many sign-ins for this account or address.', { retryAfter: 30 }),
      ...bodyErrors(),
    ],
    examples: [
      { name: 'sign_in', summary: 'the registered account', body: { login: 'Seven', password: PASSWORD }, save: { legacy_token: 'token' }, status: 201 },
      { name: 'wrong_password', summary: 'a wrong password', body: { login: 'Seven', password: 'wrong' }, status: 422 },
    ],
  }),
  defineEndpoint({
    method: 'PATCH',
    path: '/api/v2/tokens/:token',
    operationId: 'refreshLegacyToken',
    handler: refreshLegacyToken,
    summary: '刷新授权令牌 (legacy refresh, seed 001)',
    description: 'Exchanges the token in the path for a new one (201); the old one is dead at once.',
    tags: ['legacy'],
    parameters: [{ name: 'token', in: 'path', required: true, description: 'the current token', schema: { type: 'string' } }],
    renderError: renderError('refresh'),
    success: [
      {
        status: 201,
        description: 'The new token.',
        schema: legacyTokenAnswer,
        example: { token: SEED_REFRESHED_TOKEN, ttl: 20160, refresh_ttl: 40320 },
        exampleSummary: 'seed 001',
      },
    ],
    errors: refreshErrors.filter((c) => c.name !== 'token_missing'),
    examples: [
      { name: 'refresh', summary: 'the token of the legacy sign-in example', path: '/api/v2/tokens/{{legacy_token}}', status: 201 },
      { name: 'not_a_token', summary: 'not a JWT', path: '/api/v2/tokens/abc', status: 401 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/api/v2/wechat/mini-program',
    operationId: 'miniProgram',
    handler: miniProgram,
    counts: 'sign-in',
    summary: '小程序注册登录 (WeChat mini-program sign-in, seed 000)',
    description: `Exchanges a \`wx.login\` code at WeChat's jscode2session (WECHAT_API_BASE) for the openid: a known openid signs in, an unknown one gets a new user. Sign-ins are limited per address.`,
    tags: ['auth'],
    body: miniProgramBody,
    required: ['code'],
    success: [{ status: 200, description: 'Signed in (or up).', schema: tokenBody, example: SEED_TOKEN_ANSWER, exampleSummary: 'seed 000' }],
    errors: [
      invalid('code_missing', 'No code.', miniProgramBody, {}),
      kind('not_configured', 'WECHAT_APPID / WECHAT_SECRET are not set.', { what: 'wechat' }),
      kind('code_rejected', 'WeChat refused the code (40029 invalid, 40163 used).', { errcode: 40029 }, 'wechat_failed'),
      kind('wechat_quota', "WeChat's per-user quota (45011).", { errcode: 45011 }, 'wechat_failed'),
      kind('wechat_busy', 'WeChat is busy (-1).', { errcode: -1 }, 'wechat_failed'),
      kind('wechat_unreachable', 'WeChat could not be reached or answered nonsense.', { reason: 'unreachable' }, 'wechat_failed'),
      kind('wechat_other', 'Any other WeChat error code.', { errcode: 40013 }, 'wechat_failed'),
      // No wechat_taken: a sign-up that loses the race for its openid looks again and signs in the
      // winner's user (providers/wechat userForWechat); only five lost races in a row would throw it.
      kind('user_disabled', 'The account is disabled.'),
      kind('rate_limited', 'Too many sign-ins from this address.', { retryAfter: 30 }),
      ...bodyErrors(),
    ],
    // Without WeChat settings (the test and development default) this answers 503.
    examples: [{ name: 'code', summary: 'a wx.login code', body: { code: '0a3Xyz000WeChatCode' } }],
  }),
  // --- the account routes around sign-in (#23, docs/decisions/0013) ------------------------------
  defineEndpoint({
    method: 'PUT',
    path: '/api/v2/user/retrieve-password',
    operationId: 'retrievePassword',
    handler: retrievePassword,
    renderError: renderError('password'),
    summary: '找回密码 (reset a forgotten password by code)',
    description:
      'Sets a new password (the password policy) with the code `POST /api/v2/verifycodes` sent to the user’s phone (`verifiable_type: sms`) or email (`mail`). Every session of the user ends, in every dialect and the browser, and the user is told. Whether the phone or email has an account is told as Laravel’s `exists` rule tells it, within the per-address budget of the profile lookups. 204, no body.',
    tags: ['user'],
    body: retrieveBody,
    success: [{ status: 204, description: 'Reset.', schema: null }],
    errors: [
      kind('phone_and_email', 'Both a phone and an email (before any rule).', { reason: 'phone_and_email' }, 'invalid_input'),
      invalid('fields', 'Every failing rule of every field (Laravel’s bag).', retrieveBody, { verifiable_type: 'fax', password: '' }),
      {
        name: 'unknown_phone',
        summary: 'Nobody has this phone (the exists rule).',
        error: new AuthError('invalid_input', { errors: { phone: ['用户不存在'] } }),
      },
      kind('code_invalid', 'Wrong, spent or expired code.'),
      kind('user_disabled', 'The account is disabled.'),
      kind('rate_limited', 'Too many lookups or tries from this address.', { retryAfter: 30 }),
      ...bodyErrors(),
    ],
    examples: [
      {
        name: 'both',
        summary: 'a phone and an email',
        body: { verifiable_type: 'sms', verifiable_code: '123456', phone: PHONE, email: 'shiweidu@outlook.com', password: 'a-new-pass-2026' },
        status: 400,
      },
      { name: 'empty', summary: 'nothing', body: {}, status: 422 },
    ],
  }),
  defineEndpoint({
    method: 'PUT',
    path: '/api/v2/user/password',
    operationId: 'changePassword',
    handler: changeOwnPassword,
    renderError: renderError('password'),
    summary: '修改密码 (change the password, signed in)',
    description:
      'Changes the password after checking `old_password` (the sign-in’s tries limit counts wrong ones), or sets one without it when the user has none. `password_confirmation` must repeat `password`; the password policy holds. Every other session of the user ends; the user is told. 204, no body.',
    tags: ['user'],
    security: bearer,
    body: passwordBody(true),
    success: [{ status: 204, description: 'Changed.', schema: null }],
    errors: [
      ...tokenErrors,
      invalid('fields', 'Every failing rule (ResetPasswordController’s messages).', passwordBody(true), {
        old_password: 'x',
        password: 'x',
        password_confirmation: 'y',
      }),
      kind('wrong_password', 'The old password is wrong: `{old_password: [账户密码错误]}`.'),
      kind('rate_limited', 'Too many wrong old passwords for this account.', { retryAfter: 30 }),
      ...bodyErrors(),
    ],
    examples: [
      {
        name: 'no_token',
        summary: 'without a token',
        body: { old_password: PASSWORD, password: 'a-new-pass-2026', password_confirmation: 'a-new-pass-2026' },
        status: 401,
      },
    ],
  }),
]
