// Every core error as ThinkSNS+ (Laravel + tymon/jwt-auth) answers it: reference §1. One table;
// a new AuthErrorKind fails the compile here until it is mapped.
//
// Some answers depend on the endpoint family ("flow"): jwt-auth's own messages on the refresh
// endpoints, the legacy `POST /tokens` bodies of seed 001, and the send-code endpoints' field
// messages; ResetPasswordController's own bodies on the two password routes ("password"). Everything
// else is the v2 default.
import { ZodError } from 'zod'
import type { AuthErrorDetail } from '../../core/errors'
import { isAuthError } from '../../core/errors'
import { CODE_RESEND_AFTER_SECONDS, PASSWORD_MAX, SIGNIN_LIMIT_WINDOW_SECONDS } from '../../core/rules'
import { json, type ErrorRenderer } from '../../http/handler'
import { errorAnswer, type ErrorRow, type ErrorTable } from '../define'

export type Flow = 'default' | 'refresh' | 'legacy' | 'register-code' | 'password'

export type DialectError = { status: number; body: unknown; headers?: Record<string, string> }
type Row = ErrorRow<DialectError, Flow>

export type FieldErrors = Record<string, string[]>

const VALIDATION_MESSAGE = '提交的信息验证错误'
const UNAUTHENTICATED: DialectError = { status: 401, body: { message: 'Unauthenticated.' } }
const BAD_CREDENTIALS: DialectError = { status: 422, body: { message: '账号或密码不正确' } }

const validation = (errors: FieldErrors): DialectError => ({ status: 422, body: { message: VALIDATION_MESSAGE, errors } })
const tooMany = (d: AuthErrorDetail): DialectError => ({
  status: 429,
  body: { message: 'Too Many Attempts.' },
  headers: { 'retry-after': String(d.retryAfter ?? SIGNIN_LIMIT_WINDOW_SECONDS) },
})

/** jwt-auth's message for a token it cannot use (reference §1, "refresh: missing / malformed"). */
function jwtAuthMessage(d: AuthErrorDetail): string {
  switch (d.reason) {
    case 'malformed':
      return d.segments !== undefined && d.segments !== 3 ? 'Wrong number of segments' : 'Could not decode token: Error while decoding to JSON'
    case 'not_yet_valid':
      return 'Not Before (nbf) timestamp cannot be in the future'
    case 'issued_in_future':
      return 'Issued At (iat) timestamp cannot be in the future'
    case 'missing_claims':
      return 'JWT payload does not contain the required claims'
    case 'wrong_issuer':
      return 'Invalid value provided for claim [iss]'
    default:
      // bad_signature, alg_missing, alg_not_allowed, unknown_kid: not a token we signed
      return 'Token Signature could not be verified.'
  }
}

/** 401 on authenticated routes; on refresh, jwt-auth's message (its status was 500 at times: ours is 401). */
const tokenRow =
  (refreshMessage: (d: AuthErrorDetail) => string): Row =>
  (d, flow) =>
    flow === 'refresh' ? { status: 401, body: { message: refreshMessage(d) } } : UNAUTHENTICATED

/** Messages of fields the core may reject after our own checks passed (a race, say). */
const FIELD_MESSAGES: Record<string, string> = {
  phone: '请输入大陆地区合法手机号码',
  email: '请输入有效的邮箱地址',
  name: '昵称只能以非特殊字符和数字开头，不能包含特殊字符', // the core's character rule (#21 item 11): NAME_PATTERN's text
}

/**
 * The password policy's refusals (lib/core/password-policy.ts) in ThinkSNS+'s words: its own
 * `密码长度不能超过64位` and the same phrasing for the new rules.
 */
export function passwordMessage(d: AuthErrorDetail): string {
  switch (d.reason) {
    case 'too_short':
      return `密码长度不能少于${typeof d.min === 'number' ? d.min : ''}位`
    case 'too_common':
      return '密码过于常见，请换一个'
    default:
      return `密码长度不能超过${PASSWORD_MAX}位`
  }
}

export const errors = {
  invalid_input: (d) => {
    if (d.errors && typeof d.errors === 'object') return validation(d.errors as FieldErrors)
    // retrieve-password with both a phone and an email, before any rule (ResetPasswordController::retrieve).
    if (d.reason === 'phone_and_email') return { status: 400, body: { message: ['非法请求'] } }
    if (d.reason === 'body_too_large') return { status: 413, body: { message: 'Payload Too Large' } }
    if (d.reason === 'malformed_body') return { status: 400, body: { message: '请求数据格式错误' } }
    if (d.field === 'password') return validation({ password: [passwordMessage(d)] })
    if (d.field) return validation({ [d.field]: [FIELD_MESSAGES[d.field] ?? String(d.reason ?? VALIDATION_MESSAGE)] })
    return { status: 422, body: { message: VALIDATION_MESSAGE } }
  },
  // Same answer for an unknown account and a wrong password, so nobody can probe which accounts
  // exist (reference §1). The legacy /tokens endpoint answers as seed 001's server did.
  user_not_found: (_d, flow) =>
    flow === 'legacy'
      ? { status: 404, body: { login: ['用户不存在'] } }
      : flow === 'password'
        ? validation({ phone: ['用户不存在'] }) // the exists rule's custom message (validation.php)
        : BAD_CREDENTIALS,
  wrong_password: (_d, flow) =>
    flow === 'legacy'
      ? { status: 422, body: { password: ['密码错误'] } }
      : flow === 'password'
        ? { status: 422, body: { old_password: ['账户密码错误'] } } // PUT /user/password: a bare bag, not Laravel's envelope
        : BAD_CREDENTIALS,
  user_disabled: (_d, flow) =>
    flow === 'legacy' ? { status: 422, body: { message: ['你已被禁止登陆'] } } : { status: 403, body: { message: '账号已被禁用，请联系管理员' } },
  name_taken: validation({ name: ['昵称已经被其他用户所使用'] }),
  email_taken: (_d, flow) => validation({ email: [flow === 'register-code' ? '邮箱地址已经被使用，不能发送验证码' : '邮箱地址已存在'] }),
  phone_taken: (_d, flow) => validation({ phone: [flow === 'register-code' ? '手机号码已经被使用，不能发送验证码' : '手机号码已经存在'] }),
  wechat_taken: { status: 422, body: { message: '该微信账号已绑定其他用户' } },
  // retrieve-password answers it in a list, as its controller writes it.
  code_invalid: (_d, flow) => ({ status: 422, body: { message: flow === 'password' ? ['验证码错误或者已失效'] : '验证码错误或者已失效' } }),
  // Ours (reference §1): the real server folds this into 400 验证码发送失败; a countdown is clearer.
  code_still_live: (d) => ({
    status: 429,
    body: { message: `还需要${d.retryAfter ?? CODE_RESEND_AFTER_SECONDS}秒后才能获取` },
    headers: { 'retry-after': String(d.retryAfter ?? CODE_RESEND_AFTER_SECONDS) },
  }),
  code_daily_limit: tooMany,
  rate_limited: tooMany,
  provider_failed: { status: 502, body: { message: '验证码发送失败' } },
  token_missing: tokenRow(() => 'Token could not be parsed from the request.'),
  token_invalid: tokenRow(jwtAuthMessage),
  token_expired: tokenRow(() => 'Token has expired'),
  token_revoked: tokenRow(() => 'The token has been blacklisted'),
  token_wrong_type: tokenRow(() => 'Token Signature could not be verified.'),
  refresh_expired: tokenRow(() => 'Token has expired and can no longer be refreshed'),
  refresh_reused: tokenRow(() => 'The token has been blacklisted'),
  // WeChat's answers to jscode2session, as clear messages (SPEC §5.1).
  wechat_failed: (d) => {
    switch (d.errcode) {
      case 40029: // invalid code
      case 40163: // code been used
        return { status: 422, body: { message: '登录凭证 code 无效或已使用，请重新调用 wx.login 获取' } }
      case 45011: // API minute-quota reached for this user
        return { status: 429, body: { message: '微信登录请求过于频繁，请稍后再试' }, headers: { 'retry-after': '60' } }
      case -1: // system busy
        return { status: 502, body: { message: '微信服务繁忙，请稍后再试' } }
      case undefined:
        return { status: 502, body: { message: '微信服务暂时无法访问，请稍后再试' } }
      default:
        return { status: 502, body: { message: `微信登录失败（errcode ${d.errcode}）` } }
    }
  },
  not_configured: (d) => ({ status: 503, body: { message: d.what === 'wechat' ? '小程序登录未配置' : '服务未配置' } }),
  forbidden: { status: 403, body: { message: 'This action is unauthorized.' } },
  not_found: { status: 404, body: { message: '内容不存在' } },
  // Laravel's answer while it cannot work (maintenance mode, HttpException 503), with a retry hint.
  unavailable: { status: 503, body: { message: 'Service Unavailable' }, headers: { 'retry-after': '5' } },
} satisfies ErrorTable<DialectError, Flow>

/** Laravel's validation bag from zod issues: every failing field, each of its messages, in order. */
export function fieldErrors(e: ZodError): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of e.issues) {
    const field = String(issue.path[0] ?? 'body')
    ;(out[field] ??= []).push(issue.message)
  }
  return out
}

/** The error renderer of one endpoint family, for defineHandler. */
export function renderError(flow: Flow = 'default'): ErrorRenderer {
  return (e) => {
    if (isAuthError(e)) {
      const r = errorAnswer<DialectError, Flow>(errors, e, flow)
      return json(r.body, r.status, r.headers)
    }
    if (e instanceof ZodError) return json({ message: VALIDATION_MESSAGE, errors: fieldErrors(e) }, 422)
    // Laravel's production answer: no stack, no detail (the wrapper logged it with the request id).
    return json({ message: 'Server Error' }, 500)
  }
}
