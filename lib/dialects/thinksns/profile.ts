// What makes ThinkSNS+ tokens ThinkSNS+ tokens (SPEC §4, §5.1; reference §1): tymon/jwt-auth's
// header and claim order, its subject lock `prv`, lifetimes in minutes, and its refresh policy
// (the current token is exchanged once; the refresh window counts from the first token's iat).
import { config } from '../../config'
import { defineTokens } from '../define'

export const CLIENT = 'thinksns' as const

export const TOKENS = defineTokens({
  format: 'jwt',
  id: CLIENT,
  secretSetting: 'THINKSNS_JWT_SECRET',
  // A token can be exchanged while inside its refresh window, even when expired (tymon): the
  // refresh windows bound how long a token signed with a key can still be used.
  lifetimes: [
    { setting: 'THINKSNS_TTL_MINUTES', unit: 'minutes', meaning: 'token lifetime (minutes)' },
    { setting: 'THINKSNS_REFRESH_TTL_MINUTES', unit: 'minutes', meaning: "refresh window from the session's first token (minutes)" },
    { setting: 'THINKSNS_LEGACY_TTL_MINUTES', unit: 'minutes', meaning: '`POST /tokens` token lifetime (minutes)' },
    { setting: 'THINKSNS_LEGACY_REFRESH_TTL_MINUTES', unit: 'minutes', meaning: '`POST /tokens` refresh window (minutes)' },
  ],
  refresh: {
    policy: 'exchange',
    summary:
      "The current token (even expired, while inside the refresh window counted from the session's first token) is exchanged once for a new one; the old one is dead at once.",
  },
})

/** jwt-auth's subject lock: sha1 of ThinkSNS+'s user model class name (reference §1). */
export const PRV = '48e453831ceba5e57a475e68649cfdee6e97d8d2'

/** jwt-auth writes this header, in this order. */
export const JWT_HEADER = { typ: 'JWT', alg: 'HS256' } as const

/**
 * How a session was opened. `tokens` sessions come from the legacy `POST /tokens` (seed 001) and
 * keep its longer lifetimes on every refresh; the others use the v2 lifetimes (seed 000).
 */
export type SessionGroup = 'auth' | 'tokens' | 'mini-program'

export type Lifetimes = { ttlMinutes: number; refreshTtlMinutes: number }

export function lifetimesFor(group: string | null): Lifetimes {
  const c = config()
  return group === 'tokens'
    ? { ttlMinutes: c.THINKSNS_LEGACY_TTL_MINUTES, refreshTtlMinutes: c.THINKSNS_LEGACY_REFRESH_TTL_MINUTES }
    : { ttlMinutes: c.THINKSNS_TTL_MINUTES, refreshTtlMinutes: c.THINKSNS_REFRESH_TTL_MINUTES }
}

/** `expires_in` is in minutes (seed 000); old clients of seed 001 read seconds (THINKSNS_EXPIRES_IN_SECONDS). */
export function expiresIn(l: Lifetimes): number {
  return config().THINKSNS_EXPIRES_IN_SECONDS ? l.ttlMinutes * 60 : l.ttlMinutes
}

/**
 * The claim set, in the order jwt-auth builds it (iss, iat, exp, nbf, jti, sub, prv), plus our
 * session id. `iss` is the URL the token was asked for, as jwt-auth's Issuer claim does; `sub` the
 * user's ThinkSNS+ id (lib/core/legacy-ids.ts: the id its clients know, ours when it has no other).
 */
export function claims(input: { iss: string; iat: number; now: number; ttlMinutes: number; jti: string; sub: number; sessionId: string }) {
  return {
    iss: input.iss,
    iat: input.iat,
    exp: input.now + input.ttlMinutes * 60,
    nbf: input.now,
    jti: input.jti,
    sub: input.sub,
    prv: PRV,
    sid: input.sessionId,
  }
}

/** Public profile look-ups per address per minute (Laravel's default `throttle:60,1`). */
export const PROFILE_LOOKUPS_PER_MINUTE = 60

/** Mini-program sign-ins per address per minute. */
export const WECHAT_SIGNINS_PER_MINUTE = 30

/** The base URLs tokens may name in `iss`: this request's origin and PUBLIC_URL. */
export function issuerBases(origin: string | null): string[] {
  const bases: string[] = []
  if (origin) bases.push(origin)
  const pub = config().PUBLIC_URL
  if (pub) bases.push(pub.replace(/\/+$/, ''))
  return bases
}

/** The iss for a token asked for at `url` (PUBLIC_URL wins over the request's origin behind a proxy). */
export function issuerFor(url: URL): string {
  const pub = config().PUBLIC_URL
  return (pub ? pub.replace(/\/+$/, '') : url.origin) + url.pathname
}

/** True when iss is a URL of this service's /api/v2 (under the request's origin or PUBLIC_URL). */
export function acceptsIssuer(bases: string[]): (iss: string) => boolean {
  return (iss) => bases.some((b) => iss.startsWith(`${b}/api/v2/`))
}
