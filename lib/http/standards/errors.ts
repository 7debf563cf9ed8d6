// The standards endpoints answer errors in OAuth's shape, {"error", "error_description"}
// (RFC 6749 §5.2, RFC 6750 §3, RFC 7662 §2.3, RFC 7009 §2.2.1). Every core error kind is mapped
// here, so a new kind fails the compile until it is given an answer.
import { isAuthError, type AuthErrorDetail, type AuthErrorKind } from '../../core/errors'
import { json, type ErrorRenderer } from '../handler'

type OAuthError = { status: number; error: string; description: string | ((d: AuthErrorDetail) => string) }

const invalidRequest = (description: string): OAuthError => ({ status: 400, error: 'invalid_request', description })
// Client credentials are the only "password" these endpoints take (lib/core/oauth-clients.ts).
const invalidClient: OAuthError = { status: 401, error: 'invalid_client', description: 'Client authentication failed' }
const invalidToken = (description: string): OAuthError => ({ status: 401, error: 'invalid_token', description })

const errors = {
  invalid_input: {
    status: 400,
    error: 'invalid_request',
    description: (d) =>
      d.reason === 'body_too_large'
        ? 'The request body is too large'
        : d.reason === 'malformed_body'
          ? 'The request body could not be parsed'
          : d.field
            ? `The parameter "${d.field}" is missing or invalid`
            : 'The request is missing a parameter or has an invalid one',
  },
  user_not_found: invalidClient,
  wrong_password: invalidClient,
  user_disabled: invalidToken('The account is disabled'),
  name_taken: invalidRequest('The name is taken'),
  email_taken: invalidRequest('The email is taken'),
  phone_taken: invalidRequest('The phone is taken'),
  wechat_taken: invalidRequest('The WeChat account is taken'),
  code_invalid: invalidRequest('The code is invalid'),
  code_still_live: invalidRequest('A code was sent recently'),
  code_daily_limit: { status: 429, error: 'temporarily_unavailable', description: 'Too many codes today' },
  rate_limited: { status: 429, error: 'temporarily_unavailable', description: 'Too many requests' },
  provider_failed: { status: 502, error: 'temporarily_unavailable', description: 'An upstream provider failed' },
  token_missing: invalidToken('No access token was given'),
  token_invalid: invalidToken('The access token is invalid'),
  token_expired: invalidToken('The access token has expired'),
  token_revoked: invalidToken('The access token has been revoked'),
  token_wrong_type: invalidToken('This is not an access token'),
  refresh_expired: invalidToken('The token has expired'),
  refresh_reused: invalidToken('The token has been revoked'),
  wechat_failed: { status: 502, error: 'temporarily_unavailable', description: 'WeChat failed' },
  not_configured: { status: 503, error: 'temporarily_unavailable', description: 'Not configured' },
  forbidden: { status: 403, error: 'access_denied', description: 'Forbidden' },
  not_found: { status: 404, error: 'not_found', description: 'Not found' },
  unavailable: { status: 503, error: 'temporarily_unavailable', description: 'The service is unavailable; try again shortly' },
} satisfies Record<AuthErrorKind, OAuthError>

export const renderOAuthError: ErrorRenderer = (e, req) => {
  if (!isAuthError(e)) return json({ error: 'server_error', error_description: 'The server could not answer this request' }, 500)
  const row: OAuthError = errors[e.kind]
  const body = { error: row.error, error_description: typeof row.description === 'function' ? row.description(e.detail) : row.description }
  const headers: Record<string, string> = {}
  if (e.detail.retryAfter) headers['retry-after'] = String(e.detail.retryAfter)
  if (row.error === 'invalid_client' && req.headers.get('authorization')?.toLowerCase().startsWith('basic')) {
    // RFC 6749 §5.2: a client that tried HTTP Basic is told which scheme to use.
    headers['www-authenticate'] = 'Basic realm="identity", charset="UTF-8"'
  } else if (row.error === 'invalid_token') {
    // RFC 6750 §3: a request without any token gets the bare challenge.
    headers['www-authenticate'] = e.kind === 'token_missing' ? 'Bearer realm="identity"' : `Bearer realm="identity", error="invalid_token"`
  }
  return json(body, row.status, headers)
}
