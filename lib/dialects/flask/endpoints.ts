// Every /api/auth endpoint (seed 003, SPEC §5.3), each one definition: the route, the body schema
// its handler parses (schemas.ts), its success bodies, the errors it can meet (rendered by the
// errors.ts table into the document) and the handler (handlers.ts).
import { z } from 'zod'
import { login, refresh, register } from './handlers'
import { tokenFromAuthorization } from './pyjwt'
import { loginSchema, registerSchema } from './schemas'
import { bodyErrors, kind } from '../../openapi/common'
import { defineEndpoint } from '../define'
import { PASSWORD_MIN } from '../../core/rules'

const envelopeFailure = z.object({ code: z.literal(1), data: z.null(), msg: z.string() }).meta({ title: 'Flask failure' })
const jwtFailure = z.object({ msg: z.string() }).meta({ title: 'flask-jwt-extended error' })
export const errorSchema = z.union([envelopeFailure, jwtFailure])

const ok = (data: z.ZodType, msg: string) => z.object({ code: z.literal(0), data, msg: z.literal(msg) })
const time = z
  .string()
  .regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  .nullable()

const loginData = z.object({
  access_token: z.string(),
  payload: z.object({
    permissions: z.array(z.object({ description: z.string().nullable(), permission_id: z.number().int(), permission_name: z.string() })),
    role: z.array(z.object({ description: z.string().nullable(), role_id: z.number().int(), role_name: z.string() })),
    user: z.object({
      created_at: time,
      email: z.string().nullable(),
      faceInfo: z.null(),
      last_login: time,
      phone: z.string().nullable(),
      status: z.boolean(),
      updated_at: time,
      user_id: z.uuid(),
      username: z.string(),
    }),
  }),
  refresh_token: z.string(),
})

// Seed 003's login answer, literally.
const SEED_LOGIN = {
  code: 0,
  data: {
    access_token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJmcmVzaCI6ZmFsc2UsImlhdCI6MTc0NDA4OTI3NiwianRpIjoiMDhkNWFkZWEtNjMwOC00YmJmLTk1ZGUtYzAxMDI4YTQxNTFmIiwidHlwZSI6ImFjY2VzcyIsInN1YiI6ImVjNjUxYTc4LTQ3YzctNGM4Ny1hZjVlLWExNjI4NjQxZWM5OCIsIm5iZiI6MTc0NDA4OTI3NiwiY3NyZiI6IjQ4NTBmMWQ2LWIzYWYtNDQ0MC1hNjA1LTNhM2UwZjcyMGZhZiIsImV4cCI6MTc0NDE3NTY3Nn0.1a_Jj1oy8FGA_4L1FQku5z0ZZoz8NyHDzm5Yfowz-8Y',
    payload: {
      permissions: [{ description: '测试权限', permission_id: 1, permission_name: 'test_permission' }],
      role: [{ description: '普通用户', role_id: 2, role_name: 'USER' }],
      user: {
        created_at: '2025-04-08 13:14:30',
        email: null,
        faceInfo: null,
        last_login: '2025-04-08 13:14:37',
        phone: null,
        status: true,
        updated_at: '2025-04-08 13:14:30',
        user_id: 'ec651a78-47c7-4c87-af5e-a1628641ec98',
        username: 'licheng.zhou',
      },
    },
    refresh_token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJmcmVzaCI6ZmFsc2UsImlhdCI6MTc0NDA4OTI3NiwianRpIjoiZmYwM2JiOWYtZjVhYy00NmRkLWI5YTctODUwNmNkZjk3MjU0IiwidHlwZSI6InJlZnJlc2giLCJzdWIiOiJlYzY1MWE3OC00N2M3LTRjODctYWY1ZS1hMTYyODY0MWVjOTgiLCJuYmYiOjE3NDQwODkyNzYsImNzcmYiOiJmYTc3MzFjZS1lOWZkLTRlYmEtOWQ2NS04MTRhNWJmNzViMmUiLCJleHAiOjE3NDY2ODEyNzZ9.e2EsW6mAJ9DZFH7Eta649iRTlqmPfBZaRrK6epzUjr8',
  },
  msg: '登录成功',
}
const SEED_REFRESH = {
  code: 0,
  data: {
    access_token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJmcmVzaCI6ZmFsc2UsImlhdCI6MTc0NDA4OTUzMSwianRpIjoiM2RlMDIyOWUtODNjNi00NDI4LTlhYTAtYmZhY2Q3NGJjZTU1IiwidHlwZSI6ImFjY2VzcyIsInN1YiI6ImVjNjUxYTc4LTQ3YzctNGM4Ny1hZjVlLWExNjI4NjQxZWM5OCIsIm5iZiI6MTc0NDA4OTUzMSwiY3NyZiI6ImI3YWMxMWMyLWI3OTMtNDlkOS1hNzM2LWM3ZDJmNzgwMTBkNiIsImV4cCI6MTc0NDE3NTkzMX0.PwYnMkSXQCNLnjMriludb0isVXxezMOmp7r5t6NpQDU',
  },
  msg: '刷新令牌成功',
}
// Seed 003's register example.
const SEED_REGISTER = { username: 'licheng.zhou334', password: 'Zhougezuishuai22', email: 'licheng.zhou@cat1hay.fr' }

export const endpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/api/auth/register',
    operationId: 'register',
    handler: register,
    summary: '注册 (register)',
    description:
      'Registers a user name and password, with an optional email. Failures are HTTP 200 with `code: 1` (seed 003). A name that looks like an email or a mobile number is refused: sign-in matches a login string against name, email and phone.',
    tags: ['auth'],
    body: registerSchema,
    success: [
      {
        status: 200,
        description: 'Registered.',
        schema: ok(z.null(), '注册成功'),
        example: { code: 0, data: null, msg: '注册成功' },
        exampleSummary: 'seed 003',
      },
    ],
    errors: [
      kind('missing', 'No user name or no password (seed 003).', { field: 'username', reason: 'missing' }, 'invalid_input'),
      kind(
        'username_format',
        'The name has surrounding spaces, is too long, or looks like an email or a phone number.',
        { field: 'username', reason: 'format' },
        'invalid_input',
      ),
      kind('email_format', 'Not an email address.', { field: 'email', reason: 'format' }, 'invalid_input'),
      kind('password_format', 'Longer than 64 characters.', { field: 'password', reason: 'format' }, 'invalid_input'),
      kind(
        'username_chars',
        'The name holds a control, bidi or zero-width character (the core refuses it for every dialect).',
        { field: 'name', reason: 'forbidden character' },
        'invalid_input',
      ),
      kind(
        'password_too_short',
        'Shorter than PASSWORD_MIN_LENGTH (the password policy).',
        { field: 'password', reason: 'too_short', min: PASSWORD_MIN },
        'invalid_input',
      ),
      kind('password_too_common', 'One of the most common passwords (the password policy).', { field: 'password', reason: 'too_common' }, 'invalid_input'),
      kind('name_taken', 'The name is taken (seed 003).'),
      kind('email_taken', 'The email is taken (seed 003).'),
      kind('rate_limited', 'Too many registrations from this address.', { retryAfter: 60 }),
      ...bodyErrors(),
    ],
    examples: [
      { name: 'register', summary: 'seed 003', body: SEED_REGISTER, status: 200 },
      { name: 'taken', summary: 'seed 003 again: the name is taken', body: SEED_REGISTER, status: 200 },
      { name: 'missing', summary: 'no password', body: { username: 'licheng.zhou9' }, status: 200 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/api/auth/login',
    operationId: 'login',
    handler: login,
    counts: 'sign-in',
    summary: '登录 (sign in)',
    description:
      "Signs in by user name (or email or phone) and password. `data.payload` carries the roles, the de-duplicated permissions and the user; keys are sorted as Flask's JSON provider writes them. Unknown user and wrong password are one answer (登录失败).",
    tags: ['auth'],
    body: loginSchema,
    success: [{ status: 200, description: 'Signed in.', schema: ok(loginData, '登录成功'), example: SEED_LOGIN, exampleSummary: 'seed 003' }],
    errors: [
      kind('missing', 'No user name or no password (seed 003).', { field: 'username', reason: 'missing' }, 'invalid_input'),
      kind('user_not_found', 'Unknown user (seed 003).'),
      kind('wrong_password', 'Wrong password: the same answer (seed 003).'),
      kind('user_disabled', 'The account is disabled (seed 003).'),
      kind('rate_limited', 'Too many sign-ins for this account or address.', { retryAfter: 30 }),
      ...bodyErrors(),
    ],
    examples: [
      {
        name: 'sign_in',
        summary: 'the account of the register example',
        body: { username: SEED_REGISTER.username, password: SEED_REGISTER.password },
        save: { access_token: 'data.access_token', refresh_token: 'data.refresh_token' },
        status: 200,
      },
      { name: 'wrong_password', summary: 'a wrong password', body: { username: SEED_REGISTER.username, password: 'wrong' }, status: 200 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: '/api/auth/refresh',
    operationId: 'refresh',
    handler: refresh,
    summary: '刷新令牌 (a new access token)',
    description:
      'Takes the refresh token as `Authorization: Bearer <refresh_token>` and answers a new access token. The refresh token is not rotated: it stays usable until it expires or its session ends. Token failures are flask-jwt-extended\'s own `{"msg"}` bodies and statuses.',
    tags: ['auth'],
    security: [{ bearer: [] }],
    success: [
      {
        status: 200,
        description: 'A new access token.',
        schema: ok(z.object({ access_token: z.string() }), '刷新令牌成功'),
        example: SEED_REFRESH,
        exampleSummary: 'seed 003',
      },
    ],
    errors: [
      { name: 'no_header', summary: 'No Authorization header (seed 003).', error: () => tokenFromAuthorization(null) },
      { name: 'no_bearer', summary: 'An Authorization header without `Bearer`.', error: () => tokenFromAuthorization('Basic abc') },
      { name: 'bad_header', summary: 'More than two words after `Bearer`.', error: () => tokenFromAuthorization('Bearer a b') },
      kind(
        'malformed',
        'Not a JWT (PyJWT\'s message, e.g. seed 003\'s "Invalid header string: ...").',
        { reason: 'malformed', msg: 'Not enough segments' },
        'token_invalid',
      ),
      kind('bad_signature', 'Not signed by this service.', { reason: 'bad_signature', msg: 'Signature verification failed' }, 'token_invalid'),
      kind('token_expired', 'The refresh token has expired.'),
      kind('token_wrong_type', 'An access token instead of the refresh token.', { msg: 'Only refresh tokens are allowed' }),
      kind('token_revoked', 'The session ended.'),
    ],
    examples: [
      { name: 'refresh', summary: 'seed 003: the refresh token of the sign-in example', headers: { authorization: 'Bearer {{refresh_token}}' }, status: 200 },
      { name: 'access_token', summary: 'the access token instead', headers: { authorization: 'Bearer {{access_token}}' }, status: 422 },
      { name: 'no_header', summary: 'seed 003: without a token', status: 401 },
    ],
  }),
]
