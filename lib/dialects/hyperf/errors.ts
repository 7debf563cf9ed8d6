// Every core error kind as the Hyperf dialect answers it (reference §2), in one table: a new kind
// in lib/core/errors.ts fails the compile here until it is mapped. HTTP 200 for business errors,
// 422 for 9906 (validation), 401 for 9908 (authentication), as the real project's handlers do.
import { isAuthError } from '../../core/errors'
import { readFields, type Fields } from '../../http/body'
import type { ErrorRenderer } from '../../http/handler'
import { errorAnswer, type ErrorRow, type ErrorTable } from '../define'
import { fail } from './envelope'
import { PASSWORD_MAX } from '../../core/rules'

export type HyperfError = { code: number; msg: string; status: number }

/** What a row may read besides the error's detail: the request's fields (for `用户 Foo ...`), the endpoint. */
export type ErrorContext = { fields: Record<string, unknown>; path: string }

type Row = ErrorRow<HyperfError, ErrorContext>

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')

// The real project's texts (app/Constants/ErrorCode.php, SystemCode.php) and the seed's.
const VALIDATION = (reason: string): HyperfError => ({ code: 9906, msg: `数据验证失败，原因如下：${reason}`, status: 422 })
const JWT_FAILED = (reason: string): HyperfError => ({ code: 9908, msg: `认证失败：${reason}`, status: 401 })
const business = (code: number, msg: string): HyperfError => ({ code, msg, status: 200 })

const BAD_CREDENTIALS: Row = (_d, { fields }) => business(50006, `用户 ${text(fields.account)} 未注册或者密码错误`)
const TAKEN: Row = (_d, { fields }) => business(50007, `用户 ${text(fields.account)} 或者 ${text(fields.phone)} 已注册`)
const TOO_MANY: Row = () => business(9905, '当前用户较多，请稍后再试')
const SYSTEM_BUSY: Row = () => ({ code: 9999, msg: '系统繁忙，请稍后尝试', status: 500 })

/**
 * A well-formed token we refuse (session ended, refreshed away, wrong kind): the seed's text on
 * /login/jwt/refresh, ours on status and deactivate (reference §2).
 */
const REVOKED = (_d: unknown, { path }: ErrorContext) => JWT_FAILED(path.endsWith('/jwt/refresh') ? 'refresh jwt expred or others' : 'jwt expired or revoked')

/** Reasons of our own where the real project has no text (it answered these with a 400 or a 500). */
const BODY_REASONS: Record<string, string> = {
  malformed_body: '请求体不是合法的 JSON 或表单数据',
  body_too_large: '请求体过大',
}

/** Fields the core refuses after the schema passed (#21 item 11: a control, bidi or zero-width character in the account). */
const FIELD_REASONS: Record<string, string> = {
  name: 'account 账号不能包含控制字符或不可见字符',
}

/**
 * `/user/...` routes sit behind the project's AccreditMiddleware, which answers a missing or
 * superseded jwt itself, as business errors (ErrorCode JWT_EMPTY_ERR, DO_JWT_FAIL).
 */
const onUserRoute = (path: string) => path.startsWith('/user/')
const JWT_EMPTY = business(50009, 'jwt 缺失')
const JWT_DEAD = business(50008, 'jwt已失效 或者 该用户已被禁用')

export const errors = {
  invalid_input: (d) => {
    if (typeof d.message === 'string') return VALIDATION(d.message)
    if (d.field === 'password' && d.reason === 'unchanged') return business(50016, '密码一致未变更')
    if (d.field === 'password' && d.reason === 'too_short') return VALIDATION(`password 密码不能少于 ${typeof d.min === 'number' ? d.min : ''} 个字符`)
    if (d.field === 'password' && d.reason === 'too_common') return VALIDATION('password 密码过于常见，请换一个')
    if (d.field === 'password' && d.reason === 'too_long') return VALIDATION(`password 密码不能超过 ${PASSWORD_MAX} 个字符`)
    return VALIDATION(BODY_REASONS[d.reason ?? ''] ?? FIELD_REASONS[d.field ?? ''] ?? '请求参数错误')
  },
  // Unknown account, wrong password and disabled account alike: no account probing (reference §2).
  user_not_found: BAD_CREDENTIALS,
  wrong_password: BAD_CREDENTIALS,
  user_disabled: BAD_CREDENTIALS,
  name_taken: TAKEN,
  email_taken: TAKEN,
  phone_taken: TAKEN,
  wechat_taken: TAKEN,
  code_invalid: () => business(50001, '验证码错误'),
  code_still_live: () => business(50017, '短信还在有效期内, 请勿重复发送'),
  code_daily_limit: TOO_MANY,
  rate_limited: TOO_MANY,
  provider_failed: () => business(50018, '短信发送失败'),
  token_missing: (_d, { path }) => (onUserRoute(path) ? JWT_EMPTY : VALIDATION('jwt 必填')),
  // php-jwt's own message when our php-jwt-compatible check refused the token (php-jwt.ts).
  token_invalid: (d, c) => (typeof d.phpJwt === 'string' ? JWT_FAILED(d.phpJwt) : REVOKED(d, c)),
  token_expired: () => JWT_FAILED('Expired token'),
  token_revoked: (d, c) => (onUserRoute(c.path) ? JWT_DEAD : REVOKED(d, c)),
  token_wrong_type: (d, c) => (onUserRoute(c.path) ? JWT_DEAD : REVOKED(d, c)),
  refresh_expired: REVOKED,
  refresh_reused: REVOKED,
  wechat_failed: SYSTEM_BUSY,
  not_configured: SYSTEM_BUSY,
  forbidden: () => business(50013, '权限不足'),
  not_found: () => ({ code: 9902, msg: 'API地址错误或HTTP方法错误，请检查 :(', status: 404 }),
  // The real project's SystemCode 9999 text for a failure it cannot handle, as a 503: retry later.
  unavailable: () => ({ code: 9999, msg: '系统繁忙，请稍后尝试', status: 503 }),
} satisfies ErrorTable<HyperfError, ErrorContext>

export const renderError: ErrorRenderer = async (error, req, ctx) => {
  if (!isAuthError(error)) return fail(UNEXPECTED.code, UNEXPECTED.msg, UNEXPECTED.status)
  const fields: Fields = await readFields(req).catch(() => ({}))
  const e = errorAnswer(errors, error, { fields, path: ctx.url.pathname.toLowerCase() })
  return fail(e.code, e.msg, e.status)
}

/** Anything that is not an AuthError: the real project's AppExceptionHandler answer, no details. */
const UNEXPECTED: HyperfError = { code: 9999, msg: '系统繁忙，请稍后尝试', status: 500 }

/** Unknown path or method under /login (the real project's CoreMiddleware). */
export const ROUTE_NOT_FOUND: HyperfError = { code: 9902, msg: 'API地址错误或HTTP方法错误，请检查 :(', status: 404 }
export const METHOD_NOT_ALLOWED: HyperfError = { code: 9903, msg: 'HTTP方法错误，请检查 :(', status: 405 }
