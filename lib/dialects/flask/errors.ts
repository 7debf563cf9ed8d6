// Every core error kind as the Flask dialect answers it. Login and register failures are the seed
// project's `{code: 1, data: null, msg}` with HTTP 200 (seed 003); token failures on
// /api/auth/refresh are flask-jwt-extended's own `{msg}` bodies and statuses (reference §3), the
// message set by the decoder (pyjwt.ts) in `detail.msg`.
import { isAuthError, type AuthErrorDetail } from '../../core/errors'
import type { ErrorRenderer } from '../../http/handler'
import { errorAnswer, type ErrorTable } from '../define'
import { fail, jwtError } from './envelope'
import { PASSWORD_MAX } from '../../core/rules'

export type FlaskError = { status: number; shape: 'envelope' | 'jwt'; msg: string }

const envelope = (msg: string, status = 200): FlaskError => ({ status, shape: 'envelope', msg })
const jwt = (status: number, msg: string): FlaskError => ({ status, shape: 'jwt', msg })
const detailMsg = (d: AuthErrorDetail, fallback: string) => (typeof d.msg === 'string' ? d.msg : fallback)

// Our own texts, where the seed project has none (it would answer these with an HTML 400/429/500).
const MSG_MALFORMED_BODY = '请求数据格式错误'
const MSG_BODY_TOO_LARGE = '请求数据过大'

/** The password policy's refusals (lib/core/password-policy.ts), and a password over PASSWORD_MAX. Ours: the seed project has no rule. */
function passwordMessage(d: AuthErrorDetail): string {
  if (d.reason === 'too_short') return `密码长度不能少于${typeof d.min === 'number' ? d.min : ''}位`
  if (d.reason === 'too_common') return '密码过于常见，请换一个'
  return `密码长度不能超过${PASSWORD_MAX}位`
}

export const errors = {
  invalid_input: (d) =>
    d.reason === 'malformed_body'
      ? envelope(MSG_MALFORMED_BODY, 400)
      : d.reason === 'body_too_large'
        ? envelope(MSG_BODY_TOO_LARGE, 413)
        : d.reason === 'missing'
          ? envelope('用户名密码不能为空') // seed 003
          : d.field === 'email'
            ? envelope('邮箱格式不正确')
            : d.field === 'username' || d.field === 'name' // name: the core's character rule (#21 item 11)
              ? envelope('用户名格式不正确')
              : d.field === 'password'
                ? envelope(passwordMessage(d))
                : envelope('用户名密码不能为空'),
  // Unknown user and wrong password are one answer (reference §3: no account probing).
  user_not_found: () => envelope('登录失败'),
  wrong_password: () => envelope('登录失败'),
  user_disabled: () => envelope('账号被禁用'),
  name_taken: () => envelope('用户名已存在'),
  email_taken: () => envelope('邮箱已经存在'),
  phone_taken: () => envelope('手机号已经存在'),
  wechat_taken: () => envelope('微信已绑定其他账号'),
  code_invalid: () => envelope('验证码错误'),
  code_still_live: () => envelope('验证码仍在有效期内'),
  code_daily_limit: () => envelope('今日发送次数已达上限', 429),
  rate_limited: () => envelope('请求过于频繁，请稍后再试', 429),
  provider_failed: () => envelope('服务暂不可用', 502),
  // flask-jwt-extended: NoAuthorizationError -> 401, decode errors -> 422, expired -> 401,
  // WrongTokenError -> 422, RevokedTokenError -> 401 (jwt_manager.py, default_callbacks.py).
  token_missing: (d) => jwt(401, detailMsg(d, 'Missing Authorization Header')),
  token_invalid: (d) => jwt(422, detailMsg(d, 'Signature verification failed')),
  token_expired: () => jwt(401, 'Token has expired'),
  token_revoked: () => jwt(401, 'Token has been revoked'),
  token_wrong_type: (d) => jwt(422, detailMsg(d, 'Only refresh tokens are allowed')),
  refresh_expired: () => jwt(401, 'Token has expired'),
  refresh_reused: () => jwt(401, 'Token has been revoked'),
  wechat_failed: () => envelope('微信登录失败', 502),
  not_configured: () => envelope('服务未配置', 503),
  forbidden: () => envelope('没有权限', 403),
  not_found: () => envelope('资源不存在', 404),
  // The seed project has no text (a database error is Flask's HTML 500): the envelope, as a 503.
  unavailable: () => envelope('服务暂不可用，请稍后再试', 503),
} satisfies ErrorTable<FlaskError>

export const renderError: ErrorRenderer = (e) => {
  if (!isAuthError(e)) return fail('服务器内部错误', 500)
  const r = errorAnswer(errors, e, undefined)
  return r.shape === 'jwt' ? jwtError(r.status, r.msg) : fail(r.msg, r.status)
}
