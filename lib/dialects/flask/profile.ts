// The Flask-JWT-Extended dialect as data (seed 003, SPEC §5.3, reference §3): its token header
// and claim set, lifetimes, refresh policy and the way it prints times.
import { randomUUID } from 'node:crypto'
import { config } from '../../config'
import type { JwtKey } from '../../core/jwt'
import { defineTokens } from '../define'

export const CLIENT = 'flask' as const

export const TOKENS = defineTokens({
  format: 'jwt',
  id: CLIENT,
  secretSetting: 'FLASK_JWT_SECRET_KEY',
  lifetimes: [
    { setting: 'FLASK_ACCESS_TTL_SECONDS', unit: 'seconds', meaning: 'access token lifetime (seconds)' },
    { setting: 'FLASK_REFRESH_TTL_SECONDS', unit: 'seconds', meaning: 'refresh token lifetime (seconds)' },
  ],
  // Refresh tokens are reusable until they expire or their session ends (SPEC §3): never rotated.
  refresh: {
    policy: 'reusable',
    summary: 'The refresh token is not rotated: it stays usable until it expires or its session ends. Each refresh answers a new access token.',
  },
})

export const lifetimes = () => ({
  accessSeconds: config().FLASK_ACCESS_TTL_SECONDS,
  refreshSeconds: config().FLASK_REFRESH_TTL_SECONDS,
})

/**
 * The issuer we put in `iss` and check on every use (SPEC §4: always set and check iss; a token
 * without iss, as flask-jwt-extended makes them by default, is let through): PUBLIC_URL when set,
 * else a fixed name — not the request's host, so one service reached under two host names
 * still accepts its own tokens. PyJWT checks `iss` only when the verifying service sets
 * JWT_DECODE_ISSUER (flask-jwt-extended's default is None) and ignores claims it does not know, so
 * `iss` (and our `sid`) never disturb a stock flask-jwt-extended service.
 */
export function flaskIssuer(): string {
  return config().PUBLIC_URL?.replace(/\/+$/, '') ?? 'identity-service'
}

/** PyJWS.encode sorts header keys (sort_headers=True): alg, kid, typ. */
export function tokenHeader(key: JwtKey): Record<string, unknown> {
  return key.kid ? { alg: key.alg, kid: key.kid, typ: 'JWT' } : { alg: key.alg, typ: 'JWT' }
}

/**
 * Claims in the order flask-jwt-extended 4.7's tokens._encode_jwt builds them (tokens.py lines
 * 42-66): fresh, iat, jti, type, <identity claim>, nbf (JWT_ENCODE_NBF), csrf
 * (JWT_COOKIE_CSRF_PROTECT), iss (JWT_ENCODE_ISSUER), exp, then additional claims. `sid` is ours,
 * passed as an additional claim so it lands last, where flask-jwt-extended puts its own.
 */
export function flaskClaims(o: { type: 'access' | 'refresh'; sub: string; iss: string; sid: string; now: number; ttlSeconds: number }) {
  return {
    fresh: false,
    iat: o.now,
    jti: randomUUID(),
    type: o.type,
    sub: o.sub,
    nbf: o.now,
    csrf: randomUUID(),
    iss: o.iss,
    exp: o.now + o.ttlSeconds,
    sid: o.sid,
  }
}

/** `YYYY-MM-DD HH:mm:ss` in FLASK_TIMEZONE, as the seed's user object prints times. */
export function flaskTime(d: Date | null): string | null {
  if (!d) return null
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: config().FLASK_TIMEZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`
}
