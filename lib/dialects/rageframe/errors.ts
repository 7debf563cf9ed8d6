// Every core error kind as the RageFrame dialect answers it (reference §4). Token errors depend on
// where they happen: on /v1/site/refresh the refresh token is "找不到用户" (400), on a protected
// route the access token is Yii's 401; the refresh handler marks its errors with stage 'refresh'.
import { isAuthError, type AuthErrorDetail } from '../../core/errors'
import type { ErrorRenderer } from '../../http/handler'
import { errorAnswer, type ErrorTable } from '../define'
import { failure } from './envelope'
import type { PasswordProblem } from '../../core/password-policy'
import { PASSWORD_MAX } from '../../core/rules'

export type RageFrameError = { code: number; message: string; data: 'list' | 'object' }

const invalid = (message: string): RageFrameError => ({ code: 422, message, data: 'list' })
const http = (code: number, message: string): RageFrameError => ({ code, message, data: 'object' })

const MSG_BAD_CREDENTIALS = '账号或者密码错误.' // ASCII full stop, as the real one
const MSG_UNAUTHORIZED = 'Your request was made with invalid credentials.'
const MSG_NO_USER = '找不到用户'
export const MSG_PHONE_REGISTERED = '该手机号码已注册'
export const MSG_PHONE_UNREGISTERED = '该手机号码未注册'
const MSG_REFRESH_EXPIRED = '您的重置令牌已经过期，请重新登陆'

const FIELD_MESSAGES: Record<string, string> = {
  username: '登录帐号不能为空。',
  name: '登录帐号包含无效字符。', // the core's character rule (#21 item 11); RageFrame registers nobody today
  password: '登录密码不能为空。',
  refresh_token: '重置令牌不能为空。',
  group: '组别是无效的。',
}

/**
 * The password policy's refusals (lib/core/password-policy.ts) in Yii's zh-CN string-validator
 * words, with the label of register's and up-pwd's `password` (密码).
 */
const PASSWORD_MESSAGES: Record<PasswordProblem, (d: AuthErrorDetail) => string> = {
  too_short: (d) => `密码应该包含至少${typeof d.min === 'number' ? d.min : ''}个字符。`,
  too_long: () => `密码只能包含至多${PASSWORD_MAX}个字符。`,
  too_common: () => '密码过于常见，请换一个。',
}

/** The account forms (sms-code, mobile-login, register, up-pwd) look the member up by phone: 找不到用户 as a field error (MobileLogin, UpPwdForm). */
const byPhone = (d: AuthErrorDetail) => d.stage === 'code'

const token = (d: AuthErrorDetail): RageFrameError => (d.stage === 'refresh' ? http(400, MSG_NO_USER) : http(401, MSG_UNAUTHORIZED))

export const errors = {
  invalid_input: (d) =>
    typeof d.message === 'string'
      ? invalid(d.message) // the account forms' own first error (schemas.ts)
      : d.reason === 'malformed_body'
        ? http(400, 'Invalid JSON data in request body: Syntax error.') // Yii's JsonParser
        : d.reason === 'body_too_large'
          ? http(413, '请求数据过大')
          : d.field === 'password' && typeof d.reason === 'string' && d.reason in PASSWORD_MESSAGES
            ? invalid(PASSWORD_MESSAGES[d.reason as PasswordProblem](d))
            : invalid(FIELD_MESSAGES[d.field ?? ''] ?? '提交的数据无效。'),
  // The same answer for all three (reference §4).
  user_not_found: (d) => invalid(byPhone(d) ? MSG_NO_USER : MSG_BAD_CREDENTIALS),
  wrong_password: () => invalid(MSG_BAD_CREDENTIALS),
  user_disabled: (d) => invalid(byPhone(d) ? MSG_NO_USER : MSG_BAD_CREDENTIALS),
  name_taken: () => invalid('登录帐号已经被占用了。'),
  email_taken: () => invalid('邮箱已经被占用了。'),
  // RegisterForm::isRegister throws UnprocessableEntityHttpException: the exception object, not a field error.
  phone_taken: () => http(422, MSG_PHONE_REGISTERED),
  wechat_taken: () => invalid('微信已经被绑定了。'),
  code_invalid: () => invalid('验证码错误'), // SmsCodeValidator: wrong, spent or expired alike
  // SmsService::realSend: 60 s between sends to one phone, as UnprocessableEntityHttpException.
  code_still_live: () => http(422, '请不要频繁发送短信'),
  code_daily_limit: () => http(429, 'Rate limit exceeded.'),
  rate_limited: () => http(429, 'Rate limit exceeded.'),
  provider_failed: () => http(422, '短信发送失败'), // SmsService::realSend's UnprocessableEntityHttpException
  token_missing: token,
  token_invalid: token,
  token_expired: token,
  token_revoked: token,
  token_wrong_type: token,
  refresh_expired: () => http(400, MSG_REFRESH_EXPIRED),
  refresh_reused: () => http(400, MSG_NO_USER),
  wechat_failed: () => http(502, '微信登录失败'),
  not_configured: () => http(503, '服务未配置'),
  forbidden: () => http(403, '您没有执行此操作的权限。'),
  not_found: () => http(404, '页面未找到。'),
  // Yii's ServiceUnavailableHttpException, in the body like every RageFrame status (reference §4).
  unavailable: () => http(503, '服务暂时不可用，请稍后再试。'),
} satisfies ErrorTable<RageFrameError>

export const renderError: ErrorRenderer = (e) => {
  if (!isAuthError(e)) return failure(500, '内部服务器错误。', 'object')
  const r = errorAnswer(errors, e, undefined)
  return failure(r.code, r.message, r.data)
}
