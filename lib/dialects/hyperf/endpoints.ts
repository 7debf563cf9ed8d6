// Every /login endpoint (seed 002, SPEC §5.2), each one definition: the route, the body schema
// its handler parses (schemas.ts), its success bodies, the errors it can meet (rendered by the
// errors.ts table into the document) and the handler itself (handlers.ts).
import { z } from 'zod'
import { config } from '../../config'
import { bodyErrors, kind } from '../../openapi/common'
import type { ErrorCase } from '../../openapi/types'
import { defineEndpoint } from '../define'
import { CODE_LENGTH, CODE_PATTERN, CODE_TTL_MINUTES, PASSWORD_MIN } from '../../core/rules'
import { deactivateJwt, getJwt, jwtStatus, refreshJwt, register, sendSms, UPDATE_PASSWORD_ROUTE, updatePassword } from './handlers'
import {
  getJwtSchema,
  jwtSchema,
  parseBody,
  parseRefreshBody,
  refreshSchema,
  registerSchema,
  SEED_PASSWORD,
  sendSmsSchema,
  updatePasswordSchema,
} from './schemas'

const ok = (data: z.ZodType) => z.object({ code: z.literal(200), msg: z.literal('ok'), status: z.literal(true), data })
const emptyArray = z.array(z.never()).max(0).meta({ description: "PHP's empty array" })

export const errorSchema = z
  .object({
    code: z
      .number()
      .int()
      .meta({ description: 'Business code: 9906 validation, 9908 authentication, 500xx account and SMS, 9905 busy, 9902/9903 routing, 9999 system' }),
    msg: z.string(),
    status: z.literal(false),
    data: emptyArray,
  })
  .meta({ title: 'Hyperf failure' })

const validation = (name: string, summary: string, schema: z.ZodObject, fields: Record<string, unknown>): ErrorCase => ({
  name,
  summary,
  error: () => parseBody(schema, fields as never),
})

// Seed 002's register example; the send-SMS example uses the same phone so the examples chain. Its
// password `1234567` is one the password policy refuses, so ours is SEED_PASSWORD (schemas.ts).
const SEED_REGISTER = { account: 'Foo', password: SEED_PASSWORD, password_confirmation: SEED_PASSWORD, phone: '13939265073' }

const tokenErrors = (refresh: boolean): ErrorCase[] => [
  refresh
    ? { name: 'jwt_missing', summary: 'Neither `jwt` nor `refresh_jwt`.', error: () => parseRefreshBody({}) }
    : validation('jwt_missing', 'No `jwt` field.', jwtSchema, {}),
  kind('malformed', "Not a JWT at all (php-jwt's own message, seed 002).", { reason: 'malformed', phpJwt: 'Wrong number of segments' }, 'token_invalid'),
  kind('bad_signature', 'A JWT not signed by this service.', { reason: 'bad_signature', phpJwt: 'Signature verification failed' }, 'token_invalid'),
  // A refresh jwt past HYPERF_REFRESH_TTL_SECONDS is refused by php-jwt itself: `Expired token`,
  // like an expired access jwt (reference §2: what the library refuses carries its message).
  kind('token_expired', refresh ? 'The refresh jwt has expired (HYPERF_REFRESH_TTL_SECONDS).' : 'The jwt has expired.'),
  kind(
    'token_revoked',
    refresh ? 'The session ended (deactivated, signed out elsewhere, expired).' : 'The session ended, or a refresh replaced this access jwt.',
  ),
  kind('token_wrong_type', refresh ? 'An access jwt where the refresh jwt belongs.' : 'A refresh jwt where the access jwt belongs.'),
]

export const endpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/login/send/sms',
    operationId: 'sendSms',
    handler: sendSms,
    counts: 'code-send',
    summary: '发送短信验证码 (send a registration code)',
    description: `Sends a ${CODE_LENGTH}-digit SMS code for registration, valid ${CODE_TTL_MINUTES} minutes. One live code per phone: a second send while the first is valid is refused with \`50017\`; concurrent sends produce exactly one SMS (seed 002: 短信并发量为 1).`,
    tags: ['register'],
    body: sendSmsSchema,
    required: ['phone'],
    success: [
      {
        status: 200,
        description: 'Sent. `data.code` only with the console SMS provider (development); otherwise `data` is `[]`.',
        schema: ok(z.union([z.object({ code: z.string().regex(CODE_PATTERN) }), emptyArray])),
        example: { code: 200, msg: 'ok', status: true, data: { code: '379973' } },
        exampleSummary: 'seed 002',
      },
    ],
    errors: [
      validation('phone_missing', 'No phone.', sendSmsSchema, {}),
      validation('phone_invalid', 'Not a mainland China mobile number.', sendSmsSchema, { phone: '123' }),
      ...bodyErrors(),
      kind('code_still_live', 'A code sent to this phone is still valid (seed 002).', { retryAfter: 240 }),
      kind('code_daily_limit', 'The daily limit per phone or per address is reached.', { retryAfter: 3600, scope: 'target' }),
      kind('provider_failed', 'The SMS provider failed; the code is not counted as sent.', { provider: 'aliyun' }),
    ],
    examples: [
      {
        name: 'send',
        summary: "seed 002 (with the register example's phone)",
        body: { phone: SEED_REGISTER.phone },
        save: { sms_code: 'data.code' },
        status: 200,
      },
      { name: 'again', summary: 'a second send while the first code is valid', body: { phone: SEED_REGISTER.phone }, status: 200 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/login/register',
    operationId: 'register',
    handler: register,
    summary: '用户注册 (register)',
    description:
      "Registers an account with a password and a phone verified by the code of `/login/send/sms`. The code is checked first, so nobody learns which accounts exist without a valid code. `password`: letters, digits and underscore, at least PASSWORD_MIN_LENGTH characters and not one of the most common passwords; `password_confirmation` must match. Only the first failing rule is reported, as Hyperf's validator does.",
    tags: ['register'],
    body: registerSchema,
    required: ['phone'],
    success: [
      {
        status: 200,
        description: 'Registered. (Seed 002 shows `status: false` here: a slip of the document; the real project answers `true`.)',
        schema: ok(emptyArray),
        example: { code: 200, msg: 'ok', status: true, data: [] },
        exampleSummary: 'seed 002, with status true',
      },
    ],
    errors: [
      validation('code_missing', 'No SMS code (seed 002).', registerSchema, SEED_REGISTER),
      validation('account_missing', 'No account.', registerSchema, {}),
      validation('password_chars', 'The password has characters other than letters, digits and `_`.', registerSchema, {
        ...SEED_REGISTER,
        password: 'a b',
        code: '123321',
      }),
      validation('password_mismatch', 'The confirmation differs.', registerSchema, { ...SEED_REGISTER, password_confirmation: '7654321', code: '123321' }),
      kind(
        'password_too_short',
        'Shorter than PASSWORD_MIN_LENGTH (the password policy).',
        { field: 'password', reason: 'too_short', min: PASSWORD_MIN },
        'invalid_input',
      ),
      kind('password_too_common', 'One of the most common passwords (`12345678`, say).', { field: 'password', reason: 'too_common' }, 'invalid_input'),
      ...bodyErrors(),
      kind('code_invalid', 'Wrong, used, expired or burned code (5 wrong tries burn it).'),
      kind(
        'account_chars',
        'The account holds a control, bidi or zero-width character (the core refuses it for every dialect).',
        { field: 'name', reason: 'forbidden character' },
        'invalid_input',
      ),
      kind('name_taken', 'The account name is registered already.'),
      kind('phone_taken', 'The phone is registered already (the same answer).'),
      kind('rate_limited', 'Too many registrations from this address.', { retryAfter: 60 }),
    ],
    examples: [
      { name: 'register', summary: 'seed 002, with the code the send example received', body: { ...SEED_REGISTER, code: '{{sms_code}}' }, status: 200 },
      { name: 'no_code', summary: "seed 002's failure example: the code is missing", body: SEED_REGISTER, status: 422 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/login/jwt/get',
    operationId: 'getJwt',
    handler: getJwt,
    counts: 'sign-in',
    summary: '登录 (get a jwt and a refresh jwt)',
    description:
      '`account` is the user name, phone or email. An unknown account, a wrong password and a disabled account get the same answer (`50006`), so nobody can probe which accounts exist. The path is case-insensitive (`/login/Jwt/get`, seed 002).',
    tags: ['jwt'],
    body: getJwtSchema,
    success: [
      {
        status: 200,
        description: 'Signed in: an access jwt and a refresh jwt.',
        schema: ok(z.object({ jwt: z.string(), refresh_jwt: z.string() })),
        example: { code: 200, msg: 'ok', status: true, data: { jwt: 'xxx', refresh_jwt: 'xxx' } },
        exampleSummary: 'seed 002',
      },
    ],
    errors: [
      validation('account_missing', 'No account.', getJwtSchema, {}),
      validation('pwd_missing', 'No password.', getJwtSchema, { account: 'Foo' }),
      ...bodyErrors(),
      kind('user_not_found', 'Unknown account (seed 002).'),
      kind('wrong_password', 'Wrong password: the same answer.'),
      kind('user_disabled', 'Disabled account: the same answer.'),
      kind('rate_limited', 'Too many sign-ins for this account or address.', { retryAfter: 30 }),
    ],
    examples: [
      {
        name: 'sign_in',
        summary: 'the registered account of the register example',
        body: { account: 'Foo', pwd: SEED_PASSWORD },
        save: { jwt: 'data.jwt', refresh_jwt: 'data.refresh_jwt' },
        status: 200,
      },
      { name: 'wrong_password', summary: "seed 002's failure example", body: { account: 'Foo', pwd: '123123' }, status: 200 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/login/jwt/status',
    operationId: 'jwtStatus',
    handler: jwtStatus,
    summary: '获取Jwt状态 (status of an access jwt)',
    description: `Seconds left, the user id, the \`data\` claim decoded (role ids as strings), and the expiry and issue times as \`YYYY-MM-DD HH:mm:ss\` in HYPERF_TIMEZONE (\`${config().HYPERF_TIMEZONE}\`). A deactivated or refreshed-away jwt reports \`9908\`.`,
    tags: ['jwt'],
    body: jwtSchema,
    success: [
      {
        status: 200,
        description: 'The jwt is live.',
        schema: ok(
          z.object({
            exp: z.number().int().min(0).meta({ description: 'seconds left' }),
            uid: z.number().int(),
            jwt_data: z.object({ uid: z.number().int(), rid: z.array(z.string()) }),
            exp_date: z.string().regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
            iat_date: z.string().regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
          }),
        ),
        example: {
          code: 200,
          msg: 'ok',
          status: true,
          data: { exp: 86233, uid: 1, jwt_data: { uid: 1, rid: ['1', '3', '4'] }, exp_date: '2023-12-17 17:35:20', iat_date: '2023-12-16 17:35:20' },
        },
        exampleSummary: 'seed 002',
      },
    ],
    errors: [...tokenErrors(false), ...bodyErrors()],
    examples: [
      { name: 'status', summary: 'seed 002: the jwt of the sign-in example', body: { jwt: '{{jwt}}' }, status: 200 },
      { name: 'not_a_jwt', summary: "seed 002's failure example", body: { jwt: 'xxx' }, status: 401 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/login/jwt/refresh',
    operationId: 'refreshJwt',
    handler: refreshJwt,
    summary: '刷新Jwt (a new access jwt)',
    description:
      "Takes the refresh jwt (`jwt` as seed 002 says, or `refresh_jwt` as the real project's next version names it) and answers a new access jwt. The refresh jwt is not rotated: it stays usable until it expires or its session ends (SPEC §3). The session's previous access jwt is ended.",
    tags: ['jwt'],
    body: refreshSchema,
    success: [
      {
        status: 200,
        description: 'The new access jwt, as a string.',
        schema: ok(z.string()),
        example: { code: 200, msg: 'ok', status: true, data: 'new jwt token.' },
        exampleSummary: 'seed 002',
      },
    ],
    errors: [...tokenErrors(true), ...bodyErrors()],
    examples: [
      {
        name: 'refresh',
        summary: 'seed 002: the refresh jwt of the sign-in example',
        body: { jwt: '{{refresh_jwt}}' },
        save: { new_jwt: 'data' },
        status: 200,
      },
      { name: 'access_jwt', summary: 'the (now replaced) access jwt instead of the refresh jwt', body: { jwt: '{{jwt}}' }, status: 401 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/login/jwt/deactivate',
    operationId: 'deactivateJwt',
    handler: deactivateJwt,
    summary: '使Jwt失效 (end the session)',
    description: 'Ends the session of the given access jwt: it and its refresh jwt are refused from the next request on, on every instance.',
    tags: ['jwt'],
    body: jwtSchema,
    success: [
      {
        status: 200,
        description: 'The session ended.',
        schema: ok(emptyArray),
        example: { code: 200, msg: 'ok', status: true, data: [] },
        exampleSummary: 'seed 002',
      },
    ],
    errors: [...tokenErrors(false), ...bodyErrors()],
    examples: [
      { name: 'deactivate', summary: 'seed 002: the access jwt of the refresh example', body: { jwt: '{{new_jwt}}' }, status: 200 },
      { name: 'again', summary: 'the same jwt again: its session has ended', body: { jwt: '{{new_jwt}}' }, status: 401 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: UPDATE_PASSWORD_ROUTE,
    operationId: 'updatePassword',
    handler: updatePassword,
    summary: '修改密码 (set a new password, signed in; UserController)',
    description:
      "The access jwt goes in `Authorization` (`Bearer ` optional), as the project's AccreditMiddleware reads it. Only a super admin (role ADMIN) or a user with a role whose permissions include `/user/update/password` may (AuthMiddleware: 50013 otherwise). The current password is not asked, as in the real project. The password policy holds; the same password again is 50016. Every session of the user ends, this one too (the real project clears the stored jwts), and the user is told.",
    tags: ['user'],
    security: [{ bearer: [] }],
    body: updatePasswordSchema,
    success: [{ status: 200, description: 'Changed: sign in again.', schema: ok(emptyArray), example: { code: 200, msg: 'ok', status: true, data: [] } }],
    errors: [
      kind('jwt_missing', 'No `Authorization` header (AccreditMiddleware: 50009).', {}, 'token_missing'),
      kind('malformed', "Not a JWT (php-jwt's message).", { reason: 'malformed', phpJwt: 'Wrong number of segments' }, 'token_invalid'),
      kind('token_expired', 'The jwt has expired.'),
      kind('token_revoked', 'The session ended, or a refresh replaced this access jwt (50008).'),
      kind('forbidden', 'Neither a super admin nor a role that lists the route (50013).'),
      validation('password_chars', 'Not letters, digits and `_` (the first failing rule only).', updatePasswordSchema, {
        password: 'a-b',
        password_confirmation: 'a-b',
      }),
      kind('unchanged', 'The current password again (50016).', { field: 'password', reason: 'unchanged' }, 'invalid_input'),
      ...bodyErrors(),
    ],
    examples: [{ name: 'no_jwt', summary: 'without a jwt', body: { password: 'Bar_87654321', password_confirmation: 'Bar_87654321' }, status: 200 }],
  }),
]
