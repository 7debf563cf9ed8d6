// Request bodies of /login (seed 002), with the real project's validation texts (reference §2,
// JerryTZF/hyperf-v3 app/Request/LoginRequest.php). Hyperf's validator reports only the FIRST
// failing rule of the first failing field, in the order of its rules(): account, pwd, password,
// password_confirmation, phone, jwt, code. `parseBody` picks that one issue, so each field here
// lists its rules in the real order and with the real semantics:
//   - `required` fails on a missing value, null, a blank string or an empty array;
//   - other rules run only when the value is present (a blank string skips them);
//   - `account` checks `string` before `required` ({"account": null} is "必须为字符串");
//   - `confirmed` is a rule of `password`, so a missing confirmation reads "密码不一致".
// Numbers are taken as their digits where PHP would (a JSON 1234567 passes `alpha_num`).
import { z } from 'zod'
import { AuthError } from '../../core/errors'
import { normalizePhone } from '../../core/fields'
import { PASSWORD_MAX } from '../../core/rules'
import type { Fields } from '../../http/body'

const MSG = {
  accountRequired: 'account 账号必填',
  accountString: 'account 账号必须为字符串',
  // Ours: the real project has no length rule (its column is varchar).
  accountTooLong: 'account 账号不能超过 64 个字符',
  pwdRequired: '密码必填',
  // Ours (the real project has no such rule; PHP would fail on a non-string).
  pwdString: 'pwd 密码必须为字符串',
  pwdTooLong: `pwd 密码不能超过 ${PASSWORD_MAX} 个字符`,
  passwordRequired: 'password 密码必填',
  // The real text says "字母或数字"; the seed's rule also allows `_` (reference §2).
  passwordChars: 'password 密码必须是字母或数字',
  passwordTooLong: `password 密码不能超过 ${PASSWORD_MAX} 个字符`,
  passwordMismatch: '密码不一致',
  confirmationRequired: '确认密码必填',
  phoneRequired: 'phone 手机号必填',
  phoneInvalid: 'phone 非法',
  codeRequired: '手机验证码必填',
  // Ours: the real project fails with a TypeError (500) on a non-scalar code.
  codeString: 'code 验证码必须为字符串',
  jwtRequired: 'jwt 必填',
  jwtString: 'jwt 只能是字符串',
  refreshJwtRequired: 'refresh_jwt 必填',
  refreshJwtString: 'refresh_jwt 只能是字符串',
} as const

/** Laravel's `required`: null, a blank string and an empty array are missing. */
function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
}

/**
 * Seed 002's register example sets `1234567`, which the password policy refuses (7 characters, and
 * the 9th most common password): our examples use this one instead (docs/security.md §9).
 */
export const SEED_PASSWORD = 'Foo_12345678'

/** Seed 002: "字母数字下划线". */
const PASSWORD_CHARS = /^[A-Za-z0-9_]+$/
const ACCOUNT_MAX = 64

const digitsOf = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v)

/** A string field whose wrong type reads `required` when the value is missing, else `typeMsg`. */
const text = (requiredMsg: string, typeMsg: string) =>
  z.string({ error: (iss) => (isBlank(iss.input) ? requiredMsg : typeMsg) }).refine((v) => v.trim() !== '', requiredMsg)

const account = z
  .string({ error: (iss) => (iss.input === undefined ? MSG.accountRequired : MSG.accountString) })
  .refine((v) => v.trim() !== '', MSG.accountRequired)
  .refine((v) => v.length <= ACCOUNT_MAX, MSG.accountTooLong)
  .meta({ description: '用户名 (也可用手机号或邮箱登录)', example: 'Foo' })

const secret = (requiredMsg: string, charsMsg: string) =>
  z.preprocess(
    digitsOf,
    text(requiredMsg, charsMsg)
      .refine((v) => PASSWORD_CHARS.test(v), charsMsg)
      .refine((v) => v.length <= PASSWORD_MAX, MSG.passwordTooLong),
  )

const phone = z
  .preprocess(
    digitsOf,
    text(MSG.phoneRequired, MSG.phoneInvalid).refine((v) => normalizePhone(v) !== null, MSG.phoneInvalid),
  )
  .transform((v) => normalizePhone(v)!)
  .meta({ description: '手机号 (中国大陆)', example: '13911119999' })

const jwt = (requiredMsg: string, typeMsg: string) => text(requiredMsg, typeMsg).meta({ description: 'jwt' })

export const registerSchema = z
  .object({
    account,
    password: secret(MSG.passwordRequired, MSG.passwordChars).meta({
      description: '密码: 字母数字下划线；不短于 PASSWORD_MIN_LENGTH，不能是常见密码',
      example: SEED_PASSWORD,
    }),
    password_confirmation: z
      .preprocess(digitsOf, text(MSG.confirmationRequired, MSG.confirmationRequired))
      .meta({ description: '确认密码', example: SEED_PASSWORD }),
    phone,
    code: z.preprocess(digitsOf, text(MSG.codeRequired, MSG.codeString)).meta({ description: '短信验证码', example: '123321' }),
  })
  // `confirmed` belongs to `password` and runs whenever password is present and not blank, even
  // when another field already failed (the issue is ordered by parseBody).
  .refine(
    (o: Record<string, unknown>) => {
      if (typeof o !== 'object' || o === null || isBlank(o.password)) return true
      return digitsOf(o.password) === digitsOf(o.password_confirmation)
    },
    { message: MSG.passwordMismatch, path: ['password'], when: () => true },
  )

/**
 * Sign-in asks only for a non-empty string within PASSWORD_MAX: the letters/digits/`_` rule is
 * Hyperf's rule for a password it SETS (register), and a password set elsewhere (the browser,
 * another dialect) under the core's policy — `my-pass.word`, say — must sign in here too.
 */
const signInSecret = z.preprocess(
  digitsOf,
  z
    .string({ error: (iss) => (isBlank(iss.input) ? MSG.pwdRequired : MSG.pwdString) })
    .refine((v) => v !== '', MSG.pwdRequired)
    .refine((v) => v.length <= PASSWORD_MAX, MSG.pwdTooLong),
)

export const getJwtSchema = z.object({
  account,
  pwd: signInSecret.meta({ description: '密码', example: '123123' }),
})

export const sendSmsSchema = z.object({ phone })

/** POST /user/update/password (UserRequest scene update_password): password, password_confirmation. */
export const updatePasswordSchema = z
  .object({
    password: secret(MSG.passwordRequired, MSG.passwordChars).meta({ description: '新密码: 字母数字下划线；不短于 PASSWORD_MIN_LENGTH，不能是常见密码' }),
    password_confirmation: z.preprocess(digitsOf, text(MSG.confirmationRequired, MSG.confirmationRequired)).meta({ description: '确认密码' }),
  })
  .refine(
    (o: Record<string, unknown>) => typeof o !== 'object' || o === null || isBlank(o.password) || digitsOf(o.password) === digitsOf(o.password_confirmation),
    { message: MSG.passwordMismatch, path: ['password'], when: () => true },
  )

export const jwtSchema = z.object({ jwt: jwt(MSG.jwtRequired, MSG.jwtString) })

/** The real project's next version names the field `refresh_jwt` (reference §2); the seed says `jwt`. */
const refreshJwtSchema = z.object({ refresh_jwt: jwt(MSG.refreshJwtRequired, MSG.refreshJwtString) })

/** /login/jwt/refresh: `jwt` (seed) unless only `refresh_jwt` was given. */
export function parseRefreshBody(fields: Fields): string {
  if (isBlank(fields.jwt) && fields.refresh_jwt !== undefined) return parseBody(refreshJwtSchema, fields).refresh_jwt
  return parseBody(jwtSchema, fields).jwt
}

/** For docs: either field. */
export const refreshSchema = z.object({
  jwt: jwt(MSG.jwtRequired, MSG.jwtString).optional(),
  refresh_jwt: jwt(MSG.refreshJwtRequired, MSG.refreshJwtString).optional(),
})

/**
 * Parses a body; on failure throws AuthError invalid_input carrying the first failing rule's text
 * (fields in the schema's order, then the rule order within the field).
 */
export function parseBody<S extends z.ZodObject>(schema: S, fields: Fields): z.output<S> {
  const r = schema.safeParse(fields)
  if (r.success) return r.data
  const order = Object.keys(schema.shape)
  const rank = (i: z.core.$ZodIssue) => {
    const n = order.indexOf(String(i.path[0] ?? ''))
    return n === -1 ? order.length : n
  }
  const first = [...r.error.issues].sort((a, b) => rank(a) - rank(b))[0]
  throw new AuthError('invalid_input', { field: String(first.path[0] ?? ''), reason: 'validation', message: first.message })
}
