// Request bodies of the RageFrame dialect (seed 004). Yii's `required` treats null and '' as
// missing; `group` defaults to app (SPEC §5.4) and must be one of the three groups. Only the first
// failing rule is reported, in rule order: username, password (or refresh_token), group.
import { z } from 'zod'
import { DEFAULT_GROUP, GROUPS, type Group } from './profile'

const required = z.string({ error: 'missing' }).min(1, 'missing')
const group = z
  .string({ error: 'invalid' })
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? DEFAULT_GROUP : v))
  .pipe(z.enum(GROUPS, { error: 'invalid' }))

export const loginSchema = z.object({ username: required, password: required, group })
export const refreshSchema = z.object({ refresh_token: required, group })

// --- the account forms the TinyShop app calls (#23; docs/decisions/0013) ----------------------------
// Yii validates rule by rule and RageFrame answers the first error only (BaseAction::getError), so
// each schema checks its rules in the real form's order and the first issue's message is the answer.
// `required` treats null, '' and [] as missing; a number is read as a string (PHP); any other type
// is present and fails every format rule. Rules that need the database (registered or not) run in the
// handler after these.

/** What a field of the wrong type (object, array, boolean) becomes: present, and fails every format rule. */
const WRONG_TYPE = '\u0000'
const field = z.preprocess((v) => {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return undefined
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return typeof v === 'string' ? v : WRONG_TYPE
}, z.string().optional())

/** RegularHelper::mobile(): a mainland mobile number, checked on the value as sent. */
const MOBILE_PATTERN = /^1[3-9]\d{9}$/

/** SmsLog::$usageExplain: what a code is for, and the core's purpose it is sent under. */
export const USAGES = { login: 'login', register: 'register', 'up-pwd': 'reset', 'up-mobile': 'bind' } as const
export type Usage = keyof typeof USAGES

type Rule<T> = [failed: (v: T) => boolean, message: string]

/** A schema over string fields whose rules run in order; the first failure is the one reported (as `message`). */
function form<K extends string>(fields: readonly K[], rules: Rule<Record<K, string | undefined>>[]) {
  const shape = Object.fromEntries(fields.map((f) => [f, field])) as Record<K, typeof field>
  return z.object(shape).superRefine((v, ctx) => {
    const values = v as Record<K, string | undefined>
    const hit = rules.find(([failed]) => failed(values))
    if (hit) ctx.addIssue({ code: 'custom', message: hit[1] })
  })
}

type Fields<K extends string> = Record<K, string | undefined>
const missing = <K extends string>(f: K, label: string): Rule<Fields<K>> => [(v) => v[f] === undefined, `${label}不能为空。`]
const groupRule = <K extends string>(label: string): Rule<Fields<K | 'group'>> => [
  (v) => v.group !== undefined && !(GROUPS as readonly string[]).includes(v.group),
  `${label}是无效的。`,
]
const mobileRule = <K extends string>(message: string): Rule<Fields<K | 'mobile'>> => [(v) => v.mobile !== undefined && !MOBILE_PATTERN.test(v.mobile), message]
const lengthRule = <K extends string>(): Rule<Fields<K | 'password'>> => [(v) => v.password === WRONG_TYPE, '密码必须是一条字符串。']
const repeatRule = <K extends string>(): Rule<Fields<K | 'password' | 'password_repetition'>> => [
  (v) => v.password_repetition !== undefined && v.password_repetition !== v.password,
  '重复密码必须等于"密码"。',
]

/** POST /v1/site/sms-code (SmsCodeForm): mobile, usage. */
export const smsCodeSchema = form(
  ['mobile', 'usage'],
  [missing('mobile', '手机号码'), missing('usage', '用途'), [(v) => !(v.usage! in USAGES), '用途是无效的。'], mobileRule('请输入正确的手机号')],
).transform((v) => ({ mobile: v.mobile!, usage: v.usage as Usage }))

/** POST /v1/site/mobile-login (MobileLogin): mobile, code, group (default app, SPEC §5.4, as login); the code is checked by the handler (SmsCodeValidator). */
export const mobileLoginSchema = form(
  ['mobile', 'code', 'group'],
  [missing('mobile', '手机号码'), missing('code', '验证码'), mobileRule('请输入正确的手机号'), groupRule('组别')],
).transform((v) => ({ mobile: v.mobile!, code: v.code!.trim(), group: (v.group ?? DEFAULT_GROUP) as Group }))

/** POST /v1/site/register (RegisterForm): mobile, group, code, password, password_repetition; nickname optional. */
export const registerSchema = form(
  ['mobile', 'group', 'code', 'password', 'password_repetition', 'nickname'],
  [
    missing('mobile', '手机号码'),
    missing('code', '验证码'),
    missing('password', '密码'),
    missing('password_repetition', '重复密码'),
    lengthRule(),
    mobileRule('请输入正确的手机号码'),
    repeatRule(),
    groupRule('类型'),
  ],
).transform((v) => ({
  mobile: v.mobile!,
  group: (v.group ?? DEFAULT_GROUP) as Group,
  code: v.code!.trim(),
  password: v.password!,
  nickname: v.nickname ?? null,
}))

/** POST /v1/site/up-pwd (UpPwdForm): mobile, group, code, password; password_repetition checked when sent (rageframe2 requires it, TinyShop dropped it). */
export const upPwdSchema = form(
  ['mobile', 'group', 'code', 'password', 'password_repetition'],
  [
    missing('mobile', '手机号码'),
    missing('code', '验证码'),
    missing('password', '密码'),
    lengthRule(),
    mobileRule('请输入正确的手机号码'),
    repeatRule(),
    groupRule('类型'),
  ],
).transform((v) => ({ mobile: v.mobile!, group: (v.group ?? DEFAULT_GROUP) as Group, code: v.code!.trim(), password: v.password! }))

/** POST /v1/site/verify-access-token: `token`, any value (a missing one is simply not live). */
export const verifyTokenSchema = z.object({ token: field }).transform((v) => ({ token: v.token ?? null }))
