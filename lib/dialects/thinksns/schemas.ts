// Request bodies of the ThinkSNS+ dialect, validated as its Laravel form requests do (reference §1):
// every failing field is listed, each with every rule it fails, in the form request's field order,
// with the real messages. Laravel's middleware trims strings and turns '' into null, so an empty
// field counts as absent; numbers are read as strings (PHP does).
import { z } from 'zod'
import { normalizeEmail, normalizePhone } from '../../core/fields'
import { NAME_PATTERN, NAME_WIDTH_MAX, NAME_WIDTH_MIN, nameWidthOk, PASSWORD_MAX } from '../../core/rules'
import { config } from '../../config'
import { AuthError } from '../../core/errors'
import { passwordProblem } from '../../core/password-policy'
import { fieldErrors, passwordMessage, type FieldErrors } from './errors'

/** What a field of the wrong type (object, array, boolean) becomes: present, and fails every format rule. */
const WRONG_TYPE = '\u0000'

const text = (description: string, opts: { trim?: boolean } = {}) =>
  z
    .preprocess((v) => {
      if (v === null || v === undefined) return undefined
      if (typeof v === 'number' && Number.isFinite(v)) v = String(v)
      if (typeof v !== 'string') return WRONG_TYPE
      const s = opts.trim === false ? v : v.trim()
      return s === '' ? undefined : s
    }, z.string().optional())
    .meta({ description })

const EMAIL_MAX = 128

// --- POST /api/v2/users (seed 000; StoreUserPost) -------------------------------------------------

export const registerBody = z
  .object({
    phone: text('中国大陆手机号，没有 email 时必填'),
    email: text('邮箱，没有 phone 时必填'),
    name: text(`昵称：字母、_ 或中文开头，显示长度 ${NAME_WIDTH_MIN}–${NAME_WIDTH_MAX}（英文数字算半个）`),
    password: text(`密码，可空；设置时不短于 PASSWORD_MIN_LENGTH、最长 ${PASSWORD_MAX} 位，不能是常见密码`, { trim: false }),
    verifiable_type: text('验证码类型：sms 或 mail'),
    verifiable_code: text('验证码'),
    verifiableType: text('verifiable_type 的另一种写法（seed 000）'),
    verifiableCode: text('verifiable_code 的另一种写法（seed 000）'),
  })
  .transform(({ verifiableType, verifiableCode, ...v }) => ({
    ...v,
    verifiable_type: v.verifiable_type ?? verifiableType,
    verifiable_code: v.verifiable_code ?? verifiableCode,
  }))
  .superRefine((v, ctx) => {
    const fail = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message })
    if (v.phone === undefined && v.email === undefined) {
      fail('phone', '请输入用户手机号码')
      fail('email', '请输入用户邮箱地址')
    }
    if (v.phone !== undefined && !normalizePhone(v.phone)) fail('phone', '请输入大陆地区合法手机号码')
    if (v.email !== undefined) {
      if (!normalizeEmail(v.email)) fail('email', '请输入有效的邮箱地址')
      if (v.email.length > EMAIL_MAX) fail('email', '输入的邮箱地址太长，应小于128字节')
    }
    if (v.password !== undefined && (v.password === WRONG_TYPE || v.password.length > PASSWORD_MAX)) fail('password', `密码长度不能超过${PASSWORD_MAX}位`)
    else if (v.password !== undefined) {
      // The core's policy (createUser enforces it again), listed here with the other fields' failures.
      const reason = passwordProblem(v.password)
      if (reason) fail('password', passwordMessage({ reason, min: config().PASSWORD_MIN_LENGTH }))
    }
    if (v.verifiable_code === undefined) fail('verifiable_code', '请输入验证码')
    // The reference lists one message for this field; the real server also says 非法请求 when it is missing.
    if (v.verifiable_type !== 'sms' && v.verifiable_type !== 'mail') fail('verifiable_type', '非法的请求参数')
    if (v.name === undefined) fail('name', '请输入昵称')
    else {
      // The rule is the core's (every name is made under ThinkSNS+'s rule); the messages are ThinkSNS+'s.
      if (!NAME_PATTERN.test(v.name)) fail('name', '昵称只能以非特殊字符和数字开头，不能包含特殊字符')
      if (!nameWidthOk(v.name)) fail('name', '昵称长度不合法')
    }
  })
  .transform((v) => ({
    ...v,
    phone: v.phone === undefined ? null : normalizePhone(v.phone)!,
    email: v.email === undefined ? null : normalizeEmail(v.email)!,
    name: v.name!,
    password: v.password ?? null,
    verifiable_type: v.verifiable_type as 'sms' | 'mail',
    verifiable_code: v.verifiable_code!,
  }))

export const REGISTER_FIELD_ORDER = ['phone', 'email', 'password', 'verifiable_code', 'verifiable_type', 'name']

// --- POST /api/v2/verifycodes/register and /api/v2/verifycodes ------------------------------------

const codeTargetBody = (exists: boolean) =>
  z
    .object({
      phone: text(exists ? '已注册用户的手机号' : '未注册的手机号'),
      email: text(exists ? '已注册用户的邮箱' : '未注册的邮箱'),
    })
    .superRefine((v, ctx) => {
      const fail = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message })
      if (v.phone === undefined && v.email === undefined) {
        fail('phone', '请求的手机号码不能为空')
        fail('email', '请求的邮箱地址不能为空')
      }
      if (v.phone !== undefined && !normalizePhone(v.phone)) fail('phone', '请求的手机号码必须是大陆地区合法手机号码')
      if (v.email !== undefined) {
        if (!normalizeEmail(v.email)) fail('email', '请求的邮箱地址格式无效')
        if (v.email.length > EMAIL_MAX) fail('email', '请求的邮箱地址太长，应小于128字节')
      }
    })
    .transform((v) => ({
      phone: v.phone === undefined ? null : normalizePhone(v.phone)!,
      email: v.email === undefined ? null : normalizeEmail(v.email)!,
    }))

/** For a phone or email not yet registered (CreateRegisterVerifyCodeRequest). */
export const registerCodeBody = codeTargetBody(false)
/** For an existing user (StoreVerifyCode). */
export const userCodeBody = codeTargetBody(true)

// --- POST /api/v2/auth/login and POST /api/v2/tokens ----------------------------------------------

export const loginBody = z
  .object({
    login: text('用户名、邮箱、手机号或用户 ID'),
    password: text('密码（与 verifiable_code 二选一）', { trim: false }),
    verifiable_code: text('登录验证码（login 须为手机号或邮箱）'),
  })
  .superRefine((v, ctx) => {
    if (v.login === undefined) ctx.addIssue({ code: 'custom', path: ['login'], message: '请输入账号' })
    if (v.password === undefined && v.verifiable_code === undefined) ctx.addIssue({ code: 'custom', path: ['password'], message: '请输入密码' })
  })
  .transform((v) => ({ login: v.login!, password: v.password ?? null, verifiable_code: v.verifiable_code ?? null }))

export const legacyTokenBody = z
  .object({
    login: text('用户名、邮箱、手机号或用户 ID'),
    password: text('密码', { trim: false }),
  })
  .superRefine((v, ctx) => {
    if (v.login === undefined) ctx.addIssue({ code: 'custom', path: ['login'], message: '请输入账号' })
    if (v.password === undefined) ctx.addIssue({ code: 'custom', path: ['password'], message: '请输入密码' })
  })
  .transform((v) => ({ login: v.login!, password: v.password! }))

// --- POST /api/v2/wechat/mini-program -------------------------------------------------------------

export const miniProgramBody = z
  .object({ code: text('wx.login 返回的 code') })
  .superRefine((v, ctx) => {
    if (v.code === undefined || v.code === WRONG_TYPE) ctx.addIssue({ code: 'custom', path: ['code'], message: '请输入 wx.login 获取的 code' })
  })
  .transform((v) => ({ code: v.code! }))

// --- PUT /api/v2/user/retrieve-password and PUT /api/v2/user/password (#23) -------------------------
// ResetPasswordController's inline rules, with zh-CN validation.php's messages and attribute names:
// Laravel runs every rule of a field until an implicit one (required, required_unless) fails, and
// skips the others on an absent field. Whether the phone or email exists is the handler's (the database).

export const retrieveBody = z
  .object({
    verifiable_type: text('验证码类型：sms 或 mail'),
    verifiable_code: text('POST /api/v2/verifycodes 发送的验证码'),
    phone: text('手机号码（verifiable_type 为 sms 时必填）'),
    email: text('邮箱（verifiable_type 为 mail 时必填）'),
    password: text('新密码', { trim: false }),
  })
  .superRefine((v, ctx) => {
    const fail = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message })
    if (v.verifiable_type === undefined) fail('verifiable_type', '验证码类型 字段是必须的')
    else if (v.verifiable_type !== 'mail' && v.verifiable_type !== 'sms') fail('verifiable_type', '选定的 验证码类型 是无效的')
    if (v.verifiable_code === undefined) fail('verifiable_code', '验证码 字段是必须的')
    if (v.phone === undefined) {
      if (v.verifiable_type !== 'mail') fail('phone', '手机号码 字段是必须的，除非 验证码类型 是在 mail 中')
    } else if (!normalizePhone(v.phone)) fail('phone', '手机号码 必须是大陆地区合法手机号码')
    if (v.email === undefined) {
      if (v.verifiable_type !== 'sms') fail('email', '邮箱 字段是必须的，除非 验证码类型 是在 sms 中')
    } else if (!normalizeEmail(v.email)) fail('email', '邮箱 必须是一个合法的电子邮件地址')
    if (v.password === undefined) fail('password', '密码 字段是必须的')
    else if (v.password === WRONG_TYPE) fail('password', '密码 必须是一个字符串')
    else {
      const reason = passwordProblem(v.password)
      if (reason) fail('password', passwordMessage({ reason, min: config().PASSWORD_MIN_LENGTH }))
    }
  })
  .transform((v) => ({
    verifiable_type: v.verifiable_type as 'sms' | 'mail',
    verifiable_code: v.verifiable_code!,
    phone: v.phone === undefined ? null : normalizePhone(v.phone),
    email: v.email === undefined ? null : normalizeEmail(v.email),
    password: v.password!,
  }))

export const RETRIEVE_FIELD_ORDER = ['verifiable_type', 'verifiable_code', 'phone', 'email', 'password']

/** PUT /api/v2/user/password: `old_password` only when the user has a password (a user without one just sets it). */
export const passwordBody = (hasPassword: boolean) =>
  z
    .object({
      old_password: text('当前密码（未设置过密码的用户不用填）', { trim: false }),
      password: text('新密码', { trim: false }),
      password_confirmation: text('再次输入新密码', { trim: false }),
    })
    .superRefine((v, ctx) => {
      const fail = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message })
      if (hasPassword) {
        if (v.old_password === undefined) fail('old_password', '请输入账户密码')
        else if (v.old_password === WRONG_TYPE) fail('old_password', '密码必须是字符串')
      }
      if (v.password === undefined) return fail('password', '请输入新密码')
      if (v.password === WRONG_TYPE) fail('password', '密码必须是字符串')
      if (hasPassword && v.old_password !== undefined && v.password === v.old_password) fail('password', '新密码和旧密码相同')
      if (v.password_confirmation !== v.password) fail('password', '确认输入的新密码不一致')
      const reason = v.password === WRONG_TYPE ? null : passwordProblem(v.password)
      if (reason) fail('password', passwordMessage({ reason, min: config().PASSWORD_MIN_LENGTH }))
    })
    .transform((v) => ({ old_password: v.old_password ?? null, password: v.password! }))

// ---------------------------------------------------------------------------------------------

/** Field errors in a form request's field order (Laravel lists them in rule order). */
export function orderedErrors(order: string[], ...bags: FieldErrors[]): FieldErrors {
  const out: FieldErrors = {}
  const fields = [...order, ...bags.flatMap((b) => Object.keys(b))]
  for (const f of fields) {
    if (f in out) continue
    const msgs = bags.flatMap((b) => b[f] ?? [])
    if (msgs.length) out[f] = msgs
  }
  return out
}

/** Parses with a schema; a failure is the dialect's validation answer (422, every field). */
export function parse<T extends z.ZodType>(schema: T, fields: unknown): z.output<T> {
  const r = schema.safeParse(fields)
  if (r.success) return r.data
  throw new AuthError('invalid_input', { errors: fieldErrors(r.error) })
}
