// Every /v1 endpoint (seed 004, SPEC §5.4; /v1/member/info is ours, reference §4), each one
// definition: the route, the body schema its handler parses (schemas.ts), its success bodies, the
// errors it can meet (rendered by the errors.ts table into the document) and the handler.
import { z } from 'zod'
import { AuthError } from '../../core/errors'
import { config } from '../../config'
import { login, logout, memberInfo, mobileLogin, refresh, register, smsCode, upPwd, verifyAccessToken } from './handlers'
import { GROUPS } from './profile'
import { loginSchema, mobileLoginSchema, refreshSchema, registerSchema, smsCodeSchema, upPwdSchema, USAGES, verifyTokenSchema } from './schemas'
import { CODE_LENGTH, CODE_TTL_MINUTES } from '../../core/rules'
import { bodyErrors, kind } from '../../openapi/common'
import type { ErrorCase } from '../../openapi/types'
import { defineEndpoint } from '../define'

export const errorSchema = z
  .object({
    code: z.number().int().meta({ description: 'the real HTTP status (the answer itself is always HTTP 200)' }),
    message: z.string(),
    data: z.union([
      z.array(z.never()).max(0).meta({ description: 'validation failures (422)' }),
      z.object({ name: z.string(), message: z.string(), code: z.literal(0), status: z.number().int() }).meta({ description: "Yii's HTTP exception" }),
    ]),
  })
  .meta({ title: 'RageFrame failure' })

const ok = (data: z.ZodType) => z.object({ code: z.literal(200), message: z.literal('OK'), data })
const text = z.string().nullable()

const member = z.object({
  id: z.number().int(),
  username: z.string(),
  type: z.number().int(),
  nickname: text,
  realname: text,
  head_portrait: text,
  sex: z.number().int(),
  qq: text,
  email: text,
  birthday: text,
  user_money: z.string(),
  accumulate_money: z.string(),
  frozen_money: z.string(),
  user_integral: z.number().int(),
  address_id: z.string(),
  visit_count: z.number().int(),
  home_phone: text,
  mobile: text,
  role: z.number().int(),
  last_time: z.number().int(),
  last_ip: text,
  provinces: z.number().int(),
  city: z.number().int(),
  area: z.number().int(),
  allowance: z.number().int(),
  allowance_updated_at: z.number().int(),
  status: z.number().int().meta({ description: '10 active, 0 disabled' }),
  append: z.number().int(),
  updated: z.number().int(),
})
const pair = z.object({
  refresh_token: z.string().regex(/^[A-Za-z0-9_-]{32}_\d+$/),
  access_token: z.string().regex(/^[A-Za-z0-9_-]{32}_\d+$/),
  expiration_time: z.number().int().meta({ description: 'access token lifetime in seconds' }),
  member,
})

// Seed 004's answers, literally.
const SEED_MEMBER = {
  id: 1,
  username: 'admin',
  type: 1,
  nickname: '简言',
  realname: null,
  head_portrait: null,
  sex: 1,
  qq: null,
  email: '1@qq.com',
  birthday: null,
  user_money: '0.00',
  accumulate_money: '0.00',
  frozen_money: '0.00',
  user_integral: 0,
  address_id: '0',
  visit_count: 8,
  home_phone: null,
  mobile: null,
  role: 10,
  last_time: 1527339048,
  last_ip: '127.0.0.1',
  provinces: 0,
  city: 0,
  area: 0,
  allowance: 2,
  allowance_updated_at: 1527339048,
  status: 10,
  append: 1511169880,
  updated: 1527339048,
}
const SEED_LOGIN = {
  code: 200,
  message: 'OK',
  data: {
    refresh_token: '1V1XLG8DQkROK6g-Rh5k17hZuZHQVZB9_1527339048',
    access_token: 'neRlaCJcbMQHgPmZqRjqYgVBfFZUe7lm_1527339048',
    expiration_time: 172800,
    member: SEED_MEMBER,
  },
}
const SEED_REFRESH = {
  code: 200,
  message: 'OK',
  data: {
    refresh_token: 'ZQqIzE91lZsOsiBZUzX_HRvH_er71IA3_1527339061',
    access_token: 'y7ch3kQtRq7dEkqf6le2LOyRNOB_xzQV_1527339061',
    expiration_time: 172800,
    member: { ...SEED_MEMBER, visit_count: 9, last_time: 1527339061, allowance_updated_at: 1527339061, updated: 1527339061 },
  },
}

const groupNote = { enum: [...GROUPS, null], default: 'app', description: 'client group: app, wechat (微信), miniProgram (小程序)' }

// No token_invalid: the core answers an unknown access token as token_revoked, the same as a
// replaced one (core/tokens.ts authenticateOpaqueAccess); an expired one is token_expired.
const accessErrors: ErrorCase[] = [
  kind('token_missing', 'No access token.'),
  kind('token_revoked', 'Unknown or replaced access token, an ended session, or a disabled member.'),
  kind('token_expired', 'The access token has expired (RAGEFRAME_ACCESS_TTL_SECONDS).'),
]

export const endpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/v1/site/login',
    operationId: 'login',
    handler: login,
    counts: 'sign-in',
    summary: '登录 (sign in, seed 004)',
    description:
      'Signs in by user name (or email or phone) and password for a client group. A member has at most one live pair per group: signing in again in a group ends the previous pair of that group; other groups keep theirs. Unknown account, wrong password and disabled account get one answer.',
    tags: ['site'],
    body: loginSchema,
    fieldNotes: { group: groupNote },
    success: [
      { status: 200, description: 'Signed in: an opaque access and refresh token pair.', schema: ok(pair), example: SEED_LOGIN, exampleSummary: 'seed 004' },
    ],
    errors: [
      kind('username_missing', 'No user name (Yii reports the first failing rule only).', { field: 'username', reason: 'missing' }, 'invalid_input'),
      kind('password_missing', 'No password.', { field: 'password', reason: 'missing' }, 'invalid_input'),
      kind('group_invalid', 'Not one of the three groups.', { field: 'group', reason: 'invalid' }, 'invalid_input'),
      kind('user_not_found', 'Unknown account.'),
      kind('wrong_password', 'Wrong password: the same answer.'),
      kind('user_disabled', 'Disabled account: the same answer.'),
      kind('rate_limited', 'Too many sign-ins for this account or address.', { retryAfter: 30 }),
      ...bodyErrors(),
    ],
    examples: [
      {
        name: 'sign_in',
        summary: "seed 004's member (its password is not in the seed: this one is ours)",
        body: { username: 'admin', password: 'admin_123', group: 'app' },
        save: { access_token: 'data.access_token', refresh_token: 'data.refresh_token' },
        status: 200,
      },
      { name: 'wrong_password', summary: 'a wrong password', body: { username: 'admin', password: 'wrong', group: 'app' }, status: 200 },
    ],
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/member/info',
    operationId: 'memberInfo',
    handler: memberInfo,
    summary: '会员信息 (the signed-in member)',
    description: "The member behind the access token, given as `?access-token=`, `Authorization: Bearer` or `X-Api-Key` (Yii's CompositeAuth order).",
    tags: ['member'],
    security: [{ accessTokenQuery: [] }, { bearer: [] }, { apiKey: [] }],
    success: [
      {
        status: 200,
        description: 'The member.',
        schema: ok(member),
        example: { code: 200, message: 'OK', data: SEED_MEMBER },
        exampleSummary: "seed 004's member",
      },
    ],
    errors: accessErrors,
    examples: [
      {
        name: 'query',
        summary: 'the access token of the sign-in example',
        path: '/v1/member/info',
        query: { 'access-token': '{{access_token}}' },
        status: 200,
      },
      { name: 'no_token', summary: 'without a token', status: 200 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/site/refresh',
    operationId: 'refresh',
    handler: refresh,
    summary: '重置令牌 (refresh, seed 004)',
    description: `Each refresh returns a new pair and kills the old one. A repeat of the just-spent refresh token within REFRESH_GRACE_SECONDS (\`${config().REFRESH_GRACE_SECONDS}\` s) gets the same new pair (a client's parallel retry); any later reuse of a spent refresh token ends the whole session.`,
    tags: ['site'],
    body: refreshSchema,
    fieldNotes: { group: groupNote },
    success: [{ status: 200, description: 'A new pair.', schema: ok(pair), example: SEED_REFRESH, exampleSummary: 'seed 004' }],
    errors: [
      kind('refresh_token_missing', 'No refresh token.', { field: 'refresh_token', reason: 'missing' }, 'invalid_input'),
      kind('group_invalid', 'Not one of the three groups.', { field: 'group', reason: 'invalid' }, 'invalid_input'),
      kind('unknown', 'Unknown refresh token.', { stage: 'refresh' }, 'token_invalid'),
      kind('revoked', 'A refresh token of another group, of an ended session, or of a disabled member.', { stage: 'refresh' }, 'token_revoked'),
      kind('refresh_expired', 'The refresh token has expired.', { stage: 'refresh' }),
      kind('refresh_reused', 'A spent refresh token after the grace window: the session is ended.', { stage: 'refresh' }),
      ...bodyErrors(),
    ],
    examples: [
      {
        name: 'refresh',
        summary: 'the refresh token of the sign-in example',
        body: { refresh_token: '{{refresh_token}}', group: 'app' },
        save: { new_access_token: 'data.access_token' },
        status: 200,
      },
      {
        name: 'retry',
        summary: 'the same refresh token again, within the grace window: the same new pair',
        body: { refresh_token: '{{refresh_token}}', group: 'app' },
        status: 200,
      },
      { name: 'unknown', summary: 'a token nobody issued', body: { refresh_token: 'ZQqIzE91lZsOsiBZUzX_HRvH_er71IA3_1527339061', group: 'app' }, status: 200 },
    ],
  }),
  // --- the rest of the TinyShop app's /v1/site calls (#23, docs/decisions/0013) -----------------
  defineEndpoint({
    method: 'POST',
    path: '/v1/site/sms-code',
    operationId: 'smsCode',
    handler: smsCode,
    counts: 'code-send',
    summary: '获取验证码 (a code by SMS for a usage)',
    description: `Sends a ${CODE_LENGTH}-digit code (valid ${CODE_TTL_MINUTES} minutes, single use) for one usage: \`login\` (mobile-login) and \`up-pwd\` (up-pwd) only to a registered phone, \`register\` only to a new one, \`up-mobile\` (binding a phone on the account page). A code of one usage is refused by the others. The same caps and resend interval as every other send; \`data\` is the code only with the console provider (development), else null.`,
    tags: ['site'],
    body: smsCodeSchema,
    fieldNotes: { usage: { enum: Object.keys(USAGES), description: 'login, register, up-pwd, up-mobile' } },
    success: [
      {
        status: 200,
        description: 'Sent (with the console provider `data` is the code).',
        schema: ok(z.string().nullable()),
        example: { code: 200, message: 'OK', data: null },
      },
    ],
    errors: [
      { name: 'mobile_missing', summary: 'No mobile.', error: new AuthError('invalid_input', { message: '手机号码不能为空。' }) },
      { name: 'usage_invalid', summary: 'Not one of the usages.', error: new AuthError('invalid_input', { message: '用途是无效的。' }) },
      { name: 'mobile_invalid', summary: 'Not a mainland mobile number.', error: new AuthError('invalid_input', { message: '请输入正确的手机号' }) },
      { name: 'registered', summary: 'usage register: the phone is registered.', error: new AuthError('invalid_input', { message: '该手机号码已注册' }) },
      {
        name: 'unregistered',
        summary: 'usage login or up-pwd: nobody registered this phone.',
        error: new AuthError('invalid_input', { message: '该手机号码未注册' }),
      },
      kind('code_still_live', 'A code was sent to this phone too recently (the resend interval).', { retryAfter: 42 }),
      kind('code_daily_limit', 'The daily limit per phone or per address is reached.', { retryAfter: 3600 }),
      kind('rate_limited', 'Too many lookups from this address.', { retryAfter: 30 }),
      kind('provider_failed', 'The SMS provider failed.'),
      ...bodyErrors(),
    ],
    examples: [
      {
        name: 'register',
        summary: 'a code to register a new phone',
        body: { mobile: '13700137004', usage: 'register' },
        save: { register_code: 'data' },
        status: 200,
      },
      { name: 'bad_usage', summary: 'an unknown usage', body: { mobile: '13700137004', usage: 'pay' }, status: 200 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/site/register',
    operationId: 'register',
    handler: register,
    summary: '注册 (register by phone, code and password)',
    description:
      'A new member with the phone (proved by a `register` code), the password (the password policy), signed in in the group: the same answer as login. The member gets a generated name (`m_…`), changeable on the account page.',
    tags: ['site'],
    body: registerSchema,
    fieldNotes: { group: groupNote },
    success: [{ status: 200, description: 'Registered and signed in.', schema: ok(pair), example: SEED_LOGIN, exampleSummary: 'the shape of seed 004' }],
    errors: [
      { name: 'mobile_missing', summary: 'No mobile (the first failing rule only).', error: new AuthError('invalid_input', { message: '手机号码不能为空。' }) },
      { name: 'repetition', summary: 'password_repetition differs.', error: new AuthError('invalid_input', { message: '重复密码必须等于"密码"。' }) },
      kind('password_weak', 'The password policy refuses the password.', { field: 'password', reason: 'too_short', min: 8 }, 'invalid_input'),
      kind('phone_taken', 'Someone registered this phone.'),
      kind('code_invalid', 'Wrong, spent or expired code, or a code of another usage.'),
      kind('rate_limited', 'Too many registrations from this address.', { retryAfter: 60 }),
      ...bodyErrors(),
    ],
    examples: [
      {
        name: 'register',
        summary: 'with the code of the sms-code example',
        body: { mobile: '13700137004', code: '{{register_code}}', password: 'tiny-shop-2026', password_repetition: 'tiny-shop-2026', group: 'app' },
        status: 200,
      },
      {
        name: 'wrong_code',
        summary: 'a code never sent',
        body: { mobile: '13700137005', code: '000000', password: 'tiny-shop-2026', password_repetition: 'tiny-shop-2026' },
        status: 200,
      },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/site/mobile-login',
    operationId: 'mobileLogin',
    handler: mobileLogin,
    counts: 'sign-in',
    summary: '手机验证码登录 (sign in by phone and code)',
    description: 'Signs in with a `login` code sent by sms-code to a registered phone, in a client group: the same answer as login, one live pair per group.',
    tags: ['site'],
    body: mobileLoginSchema,
    fieldNotes: { group: groupNote },
    success: [{ status: 200, description: 'Signed in.', schema: ok(pair), example: SEED_LOGIN, exampleSummary: 'the shape of seed 004' }],
    errors: [
      { name: 'code_missing', summary: 'No code.', error: new AuthError('invalid_input', { message: '验证码不能为空。' }) },
      kind('code_invalid', 'Wrong, spent or expired code, or a code of another usage.'),
      kind('user_not_found', 'No member has proved this phone.', { stage: 'code' }),
      kind('user_disabled', 'The member is disabled: the same answer.', { stage: 'code' }),
      kind('rate_limited', 'Too many sign-ins from this address.', { retryAfter: 30 }),
      ...bodyErrors(),
    ],
    examples: [{ name: 'wrong_code', summary: 'a code never sent', body: { mobile: '13700137004', code: '000000', group: 'app' }, status: 200 }],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/site/up-pwd',
    operationId: 'upPwd',
    handler: upPwd,
    summary: '密码重置 (reset a forgotten password by phone and code)',
    description:
      'Sets a new password (the password policy) with an `up-pwd` code sent by sms-code. Every session of the member ends, in every dialect and the browser, and the member is told by SMS/mail; the answer signs in anew in the group.',
    tags: ['site'],
    body: upPwdSchema,
    fieldNotes: { group: groupNote },
    success: [{ status: 200, description: 'Reset and signed in.', schema: ok(pair), example: SEED_LOGIN, exampleSummary: 'the shape of seed 004' }],
    errors: [
      { name: 'password_missing', summary: 'No password.', error: new AuthError('invalid_input', { message: '密码不能为空。' }) },
      kind('password_weak', 'The password policy refuses the password.', { field: 'password', reason: 'too_common' }, 'invalid_input'),
      kind('code_invalid', 'Wrong, spent or expired code, or a code of another usage.'),
      kind('user_not_found', 'No member has proved this phone.', { stage: 'code' }),
      kind('user_disabled', 'The member is disabled.', { stage: 'code' }),
      kind('rate_limited', 'Too many tries from this address.', { retryAfter: 30 }),
      ...bodyErrors(),
    ],
    examples: [
      {
        name: 'wrong_code',
        summary: 'a code never sent',
        body: { mobile: '13700137004', code: '000000', password: 'another-2026-pass', group: 'app' },
        status: 200,
      },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/site/logout',
    operationId: 'logout',
    handler: logout,
    summary: '登出 (end the pair presented)',
    description:
      'Ends the session of the access token presented (`?access-token=`, `Authorization: Bearer` or `X-Api-Key`): its access and refresh tokens are dead at once, the member’s other pairs stay.',
    tags: ['site'],
    security: [{ accessTokenQuery: [] }, { bearer: [] }, { apiKey: [] }],
    success: [
      {
        status: 200,
        description: 'Signed out.',
        schema: z.object({ code: z.literal(200), message: z.literal('退出成功'), data: z.array(z.never()).max(0) }),
        example: { code: 200, message: '退出成功', data: [] },
      },
    ],
    errors: accessErrors,
    examples: [{ name: 'no_token', summary: 'without a token', status: 200 }],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/site/verify-access-token',
    operationId: 'verifyAccessToken',
    handler: verifyAccessToken,
    summary: '校验 token 有效性 (is an access token live)',
    description:
      '`data.token` is true while the access token in the body is live (issued, not expired, its session not ended, its member active), else false. No sign-in needed.',
    tags: ['site'],
    body: verifyTokenSchema,
    success: [
      {
        status: 200,
        description: 'Whether the token is live.',
        schema: ok(z.object({ token: z.boolean() })),
        example: { code: 200, message: 'OK', data: { token: false } },
      },
    ],
    errors: [...bodyErrors()],
    examples: [{ name: 'unknown', summary: 'a token nobody issued', body: { token: 'y7ch3kQtRq7dEkqf6le2LOyRNOB_xzQV_1527339061' }, status: 200 }],
  }),
]
