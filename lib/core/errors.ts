// The core's one error type. A kind says what went wrong, never how a client is told: each
// dialect maps every kind to its own status and body (lib/dialects/<name>/errors.ts), so adding a
// kind fails the compile in every dialect until each one maps it.

export const AUTH_ERROR_KINDS = [
  'invalid_input', // detail: { field, reason }
  'user_not_found',
  'wrong_password',
  'user_disabled',
  'name_taken',
  'email_taken',
  'phone_taken',
  'wechat_taken',
  'code_invalid', // wrong, used, expired or burned code: the same to the client
  'code_still_live', // detail: { retryAfter }
  'code_daily_limit', // detail: { retryAfter, scope: 'target' | 'ip' }
  'rate_limited', // detail: { retryAfter }
  'provider_failed', // detail: { provider, providerCode }
  'token_missing',
  'token_invalid', // detail: { reason: JwtFailure | 'unknown' }
  'token_expired',
  'token_revoked', // session ended, or the token was replaced by a refresh
  'token_wrong_type',
  'refresh_expired', // beyond the refresh window
  'refresh_reused', // a spent refresh token used after the grace window: the session is revoked
  'wechat_failed', // detail: { errcode, errmsg }
  'not_configured', // detail: { what }
  'forbidden',
  'not_found',
  'unavailable', // the database (or another part we cannot work without) is unreachable now: retry later
] as const

export type AuthErrorKind = (typeof AUTH_ERROR_KINDS)[number]

export type AuthErrorDetail = {
  field?: string
  reason?: string
  retryAfter?: number
  scope?: 'target' | 'ip'
  provider?: string
  providerCode?: string
  errcode?: number
  errmsg?: string
  what?: string
  [key: string]: unknown
}

export class AuthError extends Error {
  readonly kind: AuthErrorKind
  readonly detail: AuthErrorDetail

  constructor(kind: AuthErrorKind, detail: AuthErrorDetail = {}) {
    super(detail.reason ? `${kind}: ${detail.reason}` : kind)
    this.name = 'AuthError'
    this.kind = kind
    this.detail = detail
  }
}

export function isAuthError(e: unknown, kind?: AuthErrorKind): e is AuthError {
  return e instanceof AuthError && (kind === undefined || e.kind === kind)
}
