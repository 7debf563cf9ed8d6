// Pieces every document shares: the body errors of lib/http/body.ts, the settings block of each
// description, and a helper for error cases thrown by a handler's own parser.
import { config } from '../config'
import { AuthError } from '../core/errors'
import type { ErrorCase } from './types'

/** readFields' own failures (lib/http/body.ts), which every body-reading handler can meet. */
export function bodyErrors(): ErrorCase[] {
  return [
    {
      name: 'malformed_body',
      summary: 'The body is not valid JSON, urlencoded or multipart data.',
      error: new AuthError('invalid_input', { reason: 'malformed_body' }),
    },
    {
      name: 'body_too_large',
      summary: `The body is larger than BODY_LIMIT_BYTES (${config().BODY_LIMIT_BYTES} bytes).`,
      error: new AuthError('invalid_input', { reason: 'body_too_large' }),
    },
  ]
}

/** An error case from a kind (and detail) of lib/core/errors.ts. */
export const kind = (name: ErrorCase['name'], summary: string, detail: ConstructorParameters<typeof AuthError>[1] = {}, k = name): ErrorCase => ({
  name,
  summary,
  error: new AuthError(k as ConstructorParameters<typeof AuthError>[0], detail),
})

/** Markdown list of settings in force, `NAME = value (meaning)`. */
export function settingsList(rows: [name: string, value: unknown, meaning: string][]): string {
  return rows.map(([n, v, m]) => `- \`${n}\` = \`${String(v)}\`: ${m}`).join('\n')
}

/** The shared lines on request formats and providers (read from the running configuration). */
export function commonSettings(): string {
  const c = config()
  return settingsList([
    ['BODY_LIMIT_BYTES', c.BODY_LIMIT_BYTES, 'largest request body accepted'],
    [
      'SMS_PROVIDER',
      c.SMS_PROVIDER,
      c.SMS_PROVIDER === 'console' ? 'development provider: the code is also returned in the answer' : 'codes are sent, never returned',
    ],
    [
      'MAIL_PROVIDER',
      c.MAIL_PROVIDER,
      c.MAIL_PROVIDER === 'console' ? 'development provider: the code is also returned in the answer' : 'codes are sent, never returned',
    ],
    ['JWT_SIGNING_ALG', c.JWT_SIGNING_ALG, 'signature algorithm of the JWT dialects (keys at /.well-known/jwks.json unless HS256)'],
    ['SESSION_CACHE_MS', c.SESSION_CACHE_MS, 'longest time a revoked session may still be seen as live on another instance'],
  ])
}

/**
 * How the limits work, without their numbers: the documents are public, and the live values would
 * tell an attacker exactly how fast to go (#21 item 12). The values are the operator's settings
 * (.env.example); document.test.ts checks that no limit setting changes any document.
 */
export const LIMITS_NOTE =
  '**Limits.** Password and code sign-ins are limited per account and per client address; verification codes per phone or email ' +
  'and per address, with a resend interval per target; profile lookups and mini-program sign-ins per address. ' +
  'Over a limit the answer is this dialect\'s "too many" error (listed on each operation), with `Retry-After` in seconds where the dialect sends one; wait that long.'

export const FORMATS_NOTE =
  'Every body may be sent as `application/json`, `application/x-www-form-urlencoded` or `multipart/form-data`. ' +
  "Bad input of any kind gets this dialect's error shape, never a 500 with a stack trace. " +
  'Every answer carries `x-request-id` (an incoming one of up to 64 word characters is kept).'
