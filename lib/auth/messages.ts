// What a person is told on the browser forms, by core error kind. One table, used by the server
// (actions, next-auth's authorize) and the client (which receives only the kind). Unknown user and
// wrong password read the same, so a form never tells whether an account exists (SPEC §6).
import type { AuthError, AuthErrorKind } from '../core/errors'

/** The password policy's refusals (an `invalid_input` on `password`) have their own kinds on the forms. */
export type FormErrorKind =
  | AuthErrorKind
  | 'password_too_short'
  | 'password_too_common'
  | 'session_ended'
  | 'reauth_required'
  | 'captcha_required'
  | 'second_factor_required'
  | 'unexpected'

const SAME_FOR_LOGIN = 'Wrong login or password.'

const FORM_MESSAGES = {
  invalid_input: 'Check the highlighted field.',
  user_not_found: SAME_FOR_LOGIN,
  wrong_password: SAME_FOR_LOGIN,
  user_disabled: 'This account is disabled. Contact the administrator.',
  name_taken: 'That name is already taken.',
  email_taken: 'That email address already belongs to an account.',
  phone_taken: 'That phone number already belongs to an account.',
  wechat_taken: 'That WeChat account already belongs to an account.',
  code_invalid: 'Wrong or expired code.',
  code_still_live: 'A code was sent a moment ago. Wait before asking for another.',
  code_daily_limit: 'Too many codes today. Try again tomorrow.',
  rate_limited: 'Too many attempts. Wait a minute and try again.',
  provider_failed: 'The message could not be sent. Try again in a moment.',
  token_missing: 'Your session has ended. Sign in again.',
  token_invalid: 'Your session has ended. Sign in again.',
  token_expired: 'Your session has ended. Sign in again.',
  token_revoked: 'Your session has ended. Sign in again.',
  token_wrong_type: 'Your session has ended. Sign in again.',
  refresh_expired: 'Your session has ended. Sign in again.',
  refresh_reused: 'Your session has ended. Sign in again.',
  wechat_failed: 'WeChat sign-in failed. Try again.',
  not_configured: 'This feature is not set up on this server.',
  forbidden: 'You may not do that.',
  not_found: 'Not found.',
  unavailable: 'The service is busy. Try again in a moment.',
  password_too_short: 'That password is too short.',
  password_too_common: 'That password is too common: anyone guessing would try it. Choose another.',
  session_ended: 'Your session has ended. Sign in again.',
  reauth_required: 'For your security, confirm it is you first.',
  second_factor_required: 'Confirm with your second factor.',
  captcha_required: 'Several codes were sent recently. Confirm you are not a robot, then ask again.',
  unexpected: 'Something went wrong. Try again.',
} satisfies Record<FormErrorKind, string>

/**
 * A core error as the forms see it: its kind (the password policy's own ones), and the number its
 * message needs — the wait (retryAfter seconds), or the shortest password allowed.
 */
export function formError(e: AuthError): { kind: FormErrorKind; n?: number } {
  const n = (v: unknown) => (typeof v === 'number' ? v : undefined)
  if (e.kind === 'invalid_input' && e.detail.field === 'password') {
    if (e.detail.reason === 'too_short') return { kind: 'password_too_short', n: n(e.detail.min) }
    if (e.detail.reason === 'too_common') return { kind: 'password_too_common' }
  }
  return { kind: e.kind, n: n(e.detail.retryAfter) }
}

/** The message for a kind, with the wait when the server said how long (retryAfter seconds), or the shortest password allowed. */
export function formMessage(kind: string | null | undefined, retryAfter?: number): string {
  const k = (kind && kind in FORM_MESSAGES ? kind : 'unexpected') as FormErrorKind
  if (k === 'password_too_short' && retryAfter && retryAfter > 0) return `Use at least ${retryAfter} characters.`
  if (retryAfter && retryAfter > 0 && (k === 'rate_limited' || k === 'code_still_live')) {
    return k === 'rate_limited'
      ? `Too many attempts. Try again in ${retryAfter} s.`
      : `A code was sent a moment ago. You can ask for another in ${retryAfter} s.`
  }
  return FORM_MESSAGES[k]
}

/**
 * next-auth v4 carries only an error string from authorize() to the browser; we pass
 * `kind` or `kind:retryAfter` and parse it back here.
 */
export function encodeSignInError(kind: FormErrorKind, retryAfter?: number): string {
  return retryAfter ? `${kind}:${retryAfter}` : kind
}

export function decodeSignInError(error: string | null | undefined): { kind: FormErrorKind; retryAfter?: number } {
  if (!error) return { kind: 'unexpected' }
  const [kind, after] = error.split(':')
  const known = kind in FORM_MESSAGES ? (kind as FormErrorKind) : kind === 'CredentialsSignin' ? 'wrong_password' : 'unexpected'
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
