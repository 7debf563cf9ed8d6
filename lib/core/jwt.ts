// JSON Web Tokens, signed and checked with jose (SPEC §4). Each dialect builds its own header and
// claim set (the real system's, so services that already verify those tokens keep working); this
// module signs them and runs the checks every dialect shares: a well-formed token, an allowed
// algorithm (never `none`), the signature, and exp/nbf/iat with at most 30 s of clock skew.
//
// Signature checks cost ~60-200 µs each (SPEC §9), so a token that passed once is kept in a small
// bounded cache keyed by the whole token, dropped at its exp. The cache skips only the signature:
// the time checks run on every call, and revocation is the session's business (sessions.ts).
import { SignJWT, compactVerify, errors as joseErrors } from 'jose'
import { createHmac, webcrypto } from 'node:crypto'
import { AuthError } from './errors'

export const CLOCK_SKEW_SECONDS = 30

export type JwtAlg = 'HS256' | 'ES256' | 'EdDSA'

export type JwtKey = {
  alg: JwtAlg
  kid?: string
  /** Absent on verification-only keys (a retired asymmetric key still published in the JWKS). */
  signKey?: webcrypto.CryptoKey | Uint8Array
  verifyKey: webcrypto.CryptoKey | Uint8Array
  /** HS256: the secret's bytes, so signing is one synchronous HMAC (see signJwt). */
  hmacSecret?: Buffer
}

export type JwtHeader = { alg?: unknown; typ?: unknown; kid?: unknown; [k: string]: unknown }
export type JwtPayload = { [k: string]: unknown; iss?: unknown; exp?: unknown; nbf?: unknown; iat?: unknown; jti?: unknown; sid?: unknown }

export type JwtFailure =
  | 'malformed'
  | 'alg_missing'
  | 'alg_not_allowed'
  | 'unknown_kid'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'wrong_issuer'
  | 'missing_claims'

export type VerifiedJwt = { header: JwtHeader; payload: JwtPayload }

const hmacKeys = new Map<string, JwtKey>()

/** An HS256 key for a secret, imported once (a CryptoKey verifies ~40% faster than raw bytes). */
export async function hmacKey(secret: string, kid?: string): Promise<JwtKey> {
  const cacheKey = `${kid ?? ''}:${secret}`
  const hit = hmacKeys.get(cacheKey)
  if (hit) return hit
  const key = await webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
  const k: JwtKey = { alg: 'HS256', kid, signKey: key, verifyKey: key, hmacSecret: Buffer.from(secret) }
  hmacKeys.set(cacheKey, k)
  return k
}

/** Signs a claim set as given (header and claim order are kept, as real clients may compare them). */
export async function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: JwtKey): Promise<string> {
  if (!key.signKey) throw new Error(`key ${key.kid ?? key.alg} cannot sign`)
  const h = { ...header, alg: key.alg, ...(key.kid && !('kid' in header) ? { kid: key.kid } : {}) }
  if (key.alg === 'HS256' && key.hmacSecret) {
    // The bytes jose's SignJWT produces (JSON.stringify of header and claims, base64url), made with
    // one node:crypto HMAC instead of an async WebCrypto job: every refresh signs a token.
    // jwt.test.ts checks the two give the same token.
    const input = `${Buffer.from(JSON.stringify(h)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
    return `${input}.${createHmac('sha256', key.hmacSecret).update(input).digest('base64url')}`
  }
  return new SignJWT(payload).setProtectedHeader(h as { alg: string }).sign(key.signKey)
}

function decodeSegment(s: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not base64url')
  return JSON.parse(Buffer.from(s, 'base64url').toString('utf8'))
}

/** Header and payload of a token without any check; null when it is not a JWS compact token. */
export function decodeJwtUnverified(token: string): VerifiedJwt | null {
  const parts = token.split('.')
  if (parts.length !== 3) return null
  try {
    const header = decodeSegment(parts[0])
    const payload = decodeSegment(parts[1])
    if (!isObject(header) || !isObject(payload)) return null
    return { header, payload }
  } catch {
    return null
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export type VerifyOptions = {
  keys: JwtKey[]
  /** Accepted algorithms; default: those of the keys. `none` is never accepted. */
  algorithms?: JwtAlg[]
  /** Accepted issuer(s), or a predicate (ThinkSNS+ puts the request URL in iss). */
  issuer?: string | string[] | ((iss: string) => boolean)
  /** Claims that must be present (beyond exp). */
  required?: string[]
  clockSkewSeconds?: number
  now?: number
}

const CACHE_MAX = 10_000
// Keyed by the whole token; remembers WHICH key object verified it, so a token verified with one
// dialect's key is never taken as verified by another key.
const verified = new Map<string, { result: VerifiedJwt; exp: number; key: JwtKey }>()

function fail(reason: JwtFailure): never {
  throw new AuthError(reason === 'expired' ? 'token_expired' : 'token_invalid', { reason })
}

/** Checks exp, nbf and iat against the clock with the allowed skew. */
export function checkTimes(payload: JwtPayload, opts: { clockSkewSeconds?: number; now?: number } = {}): void {
  const now = Math.floor((opts.now ?? Date.now()) / 1000)
  const skew = opts.clockSkewSeconds ?? CLOCK_SKEW_SECONDS
  if (typeof payload.exp !== 'number') fail('missing_claims')
  if (typeof payload.nbf === 'number' && payload.nbf > now + skew) fail('not_yet_valid')
  if (typeof payload.iat === 'number' && payload.iat > now + skew) fail('issued_in_future')
  if ((payload.exp as number) <= now - skew) fail('expired')
}

/** Verifies a token; throws AuthError token_invalid (detail.reason: JwtFailure) or token_expired. */
export async function verifyJwt(token: string, opts: VerifyOptions): Promise<VerifiedJwt> {
  // A token seen before is not decoded again: the cached header and claims are those of this very
  // string. Every check below still runs on them.
  const cached = verified.get(token)
  const decoded = cached?.result ?? decodeJwtUnverified(token)
  if (!decoded) fail('malformed')
  const { header, payload } = decoded
  if (typeof header.alg !== 'string' || header.alg === '') fail('alg_missing')
  const algorithms = opts.algorithms ?? [...new Set(opts.keys.map((k) => k.alg))]
  if (header.alg.toLowerCase() === 'none' || !algorithms.includes(header.alg as JwtAlg)) fail('alg_not_allowed')
  const candidates = opts.keys.filter((k) => k.alg === header.alg && (header.kid === undefined || k.kid === undefined || k.kid === header.kid))
  if (candidates.length === 0) fail(header.kid !== undefined ? 'unknown_kid' : 'alg_not_allowed')

  if (!(cached && candidates.includes(cached.key))) {
    let ok: JwtKey | undefined
    for (const k of candidates) {
      try {
        await compactVerify(token, k.verifyKey, { algorithms: [k.alg] })
        ok = k
        break
      } catch (e) {
        if (!(e instanceof joseErrors.JWSSignatureVerificationFailed || e instanceof joseErrors.JWSInvalid || e instanceof TypeError)) throw e
      }
    }
    if (!ok) fail('bad_signature')
    if (typeof payload.exp === 'number') {
      if (verified.size >= CACHE_MAX) verified.delete(verified.keys().next().value as string)
      // Frozen: later callers get this same object, so nobody may change it.
      Object.freeze(header)
      Object.freeze(payload)
      verified.set(token, { result: decoded, exp: payload.exp, key: ok })
    }
  }

  checkTimes(payload, opts)
  for (const claim of opts.required ?? []) if (payload[claim] === undefined) fail('missing_claims')
  if (opts.issuer !== undefined) {
    const iss = payload.iss
    const accepted =
      typeof iss === 'string' &&
      (typeof opts.issuer === 'function' ? opts.issuer(iss) : Array.isArray(opts.issuer) ? opts.issuer.includes(iss) : opts.issuer === iss)
    if (!accepted) fail('wrong_issuer')
  }
  return decoded
}

/** Drops cache entries whose exp has passed (called now and then; entries are also bounded). */
export function pruneVerifiedCache(now = Date.now()): void {
  const s = Math.floor(now / 1000) - CLOCK_SKEW_SECONDS
  for (const [t, e] of verified) if (e.exp <= s) verified.delete(t)
}

setInterval(() => pruneVerifiedCache(), 60_000).unref()
