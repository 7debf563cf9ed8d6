// What makes Hyperf tokens Hyperf tokens (SPEC §4, §5.2; reference §2): the real project's claim
// set (JerryTZF/hyperf-v3 app/Lib/Jwt/Jwt.php) and header, its lifetimes, and its refresh policy.
import { config } from '../../config'
import { CLOCK_SKEW_SECONDS } from '../../core/jwt'
import { defineTokens } from '../define'

export const CLIENT = 'hyperf' as const

/**
 * Refresh policy (reference §2), carried out in tokens.ts: the refresh jwt is reusable, never
 * rotated (the answer carries no new one, so rotating would log every client out on its second
 * refresh), and each refresh makes the new access jwt the session's only live one.
 */
export const TOKENS = defineTokens({
  format: 'jwt',
  id: CLIENT,
  secretSetting: 'HYPERF_JWT_KEY',
  lifetimes: [
    { setting: 'HYPERF_TTL_SECONDS', unit: 'seconds', meaning: 'access jwt lifetime (seconds)' },
    { setting: 'HYPERF_REFRESH_TTL_SECONDS', unit: 'seconds', meaning: 'refresh jwt lifetime (seconds)' },
  ],
  refresh: {
    policy: 'reusable',
    summary:
      'The refresh jwt is not rotated: it stays usable until it expires or its session ends. Each refresh answers a new access jwt and ends the previous one.',
  },
})

/** The real project's fixed `sub` and `aud` (the access jwt's, which sibling services accept). */
export const SUBJECT = 'accredit'
const AUDIENCE = 'pc'
/**
 * The refresh jwt's own `aud` (#21 item 12, docs/decisions/0008-hyperf-refresh-audience.md): the
 * real project gives both jwts `aud: pc`, so a sibling php-jwt service that checks `aud` now
 * refuses a refresh jwt offered as an access jwt. Refresh jwts signed before this change still
 * carry `pc` (and `typ: refresh`): they are accepted until they expire (HYPERF_REFRESH_TTL_SECONDS).
 */
const REFRESH_AUDIENCE = `${AUDIENCE}:refresh`

/** The `aud` a token of this kind is signed with. */
const audienceOf = (kind: TokenKind): string => (kind === 'refresh' ? REFRESH_AUDIENCE : AUDIENCE)

/** Whether `aud` is one a token of this kind may carry: its own, or (a refresh jwt signed before decision 0008) the access one. */
export const audienceFits = (kind: TokenKind, aud: unknown): boolean => aud === audienceOf(kind) || (kind === 'refresh' && aud === AUDIENCE)

/** Our own claim telling an access jwt from a refresh jwt (the real project's two look alike). */
export type TokenKind = 'access' | 'refresh'

/** php-jwt's `$leeway`: the real project keeps 0; SPEC §4 allows 30 s of clock skew. */
export const LEEWAY_SECONDS = CLOCK_SKEW_SECONDS

export const issuer = () => config().HYPERF_ISSUER
export const timeZone = () => config().HYPERF_TIMEZONE
export const accessTtlSeconds = () => config().HYPERF_TTL_SECONDS
export const refreshTtlSeconds = () => config().HYPERF_REFRESH_TTL_SECONDS

/**
 * php-jwt's encode() with the real project's extra header: `array_merge($head, $header)` gives
 * typ, cty, kid, alg in this order (signJwt appends alg). A rotating asymmetric key names itself.
 */
export function jwtHeader(kid: string | undefined): Record<string, unknown> {
  return { typ: 'JWT', cty: '', kid: kid ?? null }
}

/**
 * The real project's payload, in its order, plus ours; a refresh jwt has its own `aud`. `nbf` = `iat` (the real `iat + 1` refuses a
 * token in the second it was issued); `data` is a JSON *string*, role ids as strings, so the
 * sibling PHP services' `json_decode($payload->data, true)` keeps working.
 */
export function claims(input: { iat: number; exp: number; uid: number; roleIds: string[]; jti: string; sessionId: string; kind: TokenKind }) {
  return {
    iss: issuer(),
    sub: SUBJECT,
    aud: audienceOf(input.kind),
    iat: input.iat,
    nbf: input.iat,
    exp: input.exp,
    data: JSON.stringify({ uid: input.uid, rid: input.roleIds }),
    jti: input.jti,
    sid: input.sessionId,
    typ: input.kind,
  }
}
