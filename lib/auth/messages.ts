// What a person is told on the browser forms, by core error kind. One table, used by the server
// (actions, next-auth's authorize) and the client (which receives only the kind). Unknown user and
// wrong password read the same, so a form never tells whether an account exists (SPEC §6).
import type { AuthError, AuthErrorKind } from '../core/errors'
// Only the type: this table runs in the browser too, and lib/core/codes.ts reaches the database.
import type { CodeFailure } from '../core/codes'
import type { Translate } from '../i18n/text'

/** The password policy's refusals (an `invalid_input` on `password`) have their own kinds on the forms. */
export type FormErrorKind =
  | AuthErrorKind
  | 'password_too_short'
  | 'password_too_common'
  | 'session_ended'
  | 'reauth_required'
  | 'captcha_required'
  | 'second_factor_required'
  | 'no_account'
  | 'unexpected'

/** The catalogue entry (lib/i18n/messages/<locale>/errors.json) each kind is told with. */
const MESSAGE_KEY = {
  invalid_input: 'invalid_input',
  user_not_found: 'wrong_login',
  wrong_password: 'wrong_login',
  user_disabled: 'user_disabled',
  name_taken: 'name_taken',
  email_taken: 'email_taken',
  phone_taken: 'phone_taken',
  wechat_taken: 'wechat_taken',
  code_invalid: 'code_invalid',
  code_still_live: 'code_still_live',
  code_daily_limit: 'code_daily_limit',
  rate_limited: 'rate_limited',
  provider_failed: 'provider_failed',
  token_missing: 'session_ended',
  token_invalid: 'session_ended',
  token_expired: 'session_ended',
  token_revoked: 'session_ended',
  token_wrong_type: 'session_ended',
  refresh_expired: 'session_ended',
  refresh_reused: 'session_ended',
  wechat_failed: 'wechat_failed',
  not_configured: 'not_configured',
  forbidden: 'forbidden',
  not_found: 'not_found',
  unavailable: 'unavailable',
  password_too_short: 'password_too_short',
  password_too_common: 'password_too_common',
  session_ended: 'session_ended',
  reauth_required: 'reauth_required',
  second_factor_required: 'second_factor_required',
  no_account: 'no_account',
  captcha_required: 'captcha_required',
  unexpected: 'unexpected',
} satisfies Record<FormErrorKind, string>

const isFormErrorKind = (kind: string): kind is FormErrorKind => kind in MESSAGE_KEY

/**
 * A core error as the forms see it: its kind (the password policy's own ones), and the number its
 * message needs — the wait (retryAfter seconds), or the shortest password allowed.
 */
export function formError(e: AuthError): { kind: FormErrorKind; n?: number; reason?: CodeFailure } {
  const n = (v: unknown) => (typeof v === 'number' ? v : undefined)
  if (e.kind === 'invalid_input' && e.detail.field === 'password') {
    if (e.detail.reason === 'too_short') return { kind: 'password_too_short', n: n(e.detail.min) }
    if (e.detail.reason === 'too_common') return { kind: 'password_too_common' }
  }
  if (e.kind === 'code_invalid' && isCodeFailure(e.detail.reason)) return { kind: 'code_invalid', reason: e.detail.reason }
  return { kind: e.kind, n: n(e.detail.retryAfter) }
}

/** The catalogue entry of each reason a code is refused (a new reason in the core fails the compile here). */
const CODE_FAILURE_KEY = {
  wrong: 'errors.code_wrong',
  expired: 'errors.code_expired',
  used: 'errors.code_used',
  too_many: 'errors.code_too_many',
} satisfies Record<CodeFailure, string>

const isCodeFailure = (v: unknown): v is CodeFailure => typeof v === 'string' && Object.hasOwn(CODE_FAILURE_KEY, v)

/**
 * The catalogue key of a refused code's message: what happened to it (wrong, expired, used, too
 * many tries), or the old "wrong or expired" when the core did not say (a TOTP code).
 */
export function codeFailureKey(reason: CodeFailure | undefined): string {
  return reason ? CODE_FAILURE_KEY[reason] : 'errors.code_invalid'
}

/**
 * The message for a kind in the request's language (`t` is next-intl's translator: lib/i18n), with
 * the wait when the server said how long (retryAfter seconds), or the shortest password allowed.
 */
export function formMessage(t: Translate, kind: string | null | undefined, n?: number, reason?: CodeFailure): string {
  const k = kind && isFormErrorKind(kind) ? kind : 'unexpected'
  if (k === 'code_invalid') return t(codeFailureKey(reason))
  if (n && n > 0) {
    if (k === 'password_too_short') return t('errors.password_too_short_min', { min: n })
    if (k === 'rate_limited') return t('errors.rate_limited_wait', { seconds: n })
    if (k === 'code_still_live') return t('errors.code_still_live_wait', { seconds: n })
  }
  return t(`errors.${MESSAGE_KEY[k]}`)
}

/**
 * next-auth v4 carries only an error string from authorize() to the browser; we pass
 * `kind`, `kind:retryAfter` or `code_invalid:reason` and parse it back here.
 */
export function encodeSignInError(kind: FormErrorKind, retryAfter?: number, reason?: CodeFailure): string {
  if (reason) return `${kind}:${reason}`
  return retryAfter ? `${kind}:${retryAfter}` : kind
}

export function decodeSignInError(error: string | null | undefined): { kind: FormErrorKind; retryAfter?: number; reason?: CodeFailure } {
  if (!error) return { kind: 'unexpected' }
  const [kind, after] = error.split(':')
  const known = isFormErrorKind(kind) ? kind : kind === 'CredentialsSignin' ? 'wrong_password' : 'unexpected'
  if (known === 'code_invalid' && isCodeFailure(after)) return { kind: known, reason: after }
  const n = Number(after)
  return Number.isInteger(n) && n > 0 ? { kind: known, retryAfter: n } : { kind: known }
}

/**
 * The first step of a sign-in succeeded and the account has a second factor (#26): the error string
 * carries the ticket for the second step (`second_factor_required:<ticket>`; a ticket has no `:`).
 */
export function encodeSecondFactorRequired(ticket: string): string {
  return `second_factor_required:${ticket}`
}

/** The ticket of a `second_factor_required` answer, or null for any other. */
export function secondFactorTicketOf(error: string | null | undefined): string | null {
  const m = /^second_factor_required:([\w.-]+)$/.exec(error ?? '')
  return m ? m[1] : null
}
