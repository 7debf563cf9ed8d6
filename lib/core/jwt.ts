// JSON Web Tokens (SPEC §4). Each dialect builds its own header and claim set (the real system's,
// so services that already verify those tokens keep working); this module signs them, holds the
// one signature check every dialect's parser ends in (verifySignature), and runs the checks the
// jose-style dialects share (verifyJwt): a well-formed token, an allowed algorithm (never `none`),
// the signature, and exp/nbf/iat with at most 30 s of clock skew.
//
// Signature checks cost ~60-200 µs each with WebCrypto (SPEC §9), so a token that passed once is
// kept in one small bounded cache keyed by the whole token, dropped at its exp. The cache skips
// only the signature (and re-parsing the same text): the time checks run on every call, and
// revocation is the session's business (sessions.ts).
import { SignJWT } from 'jose'
import { createHmac, timingSafeEqual, webcrypto } from 'node:crypto'
import { AuthError } from './errors'

export const CLOCK_SKEW_SECONDS = 30

type JwtAlg = 'HS256' | 'ES256' | 'EdDSA'

export type JwtKey = {
  alg: JwtAlg
  kid?: string
  /** Absent on verification-only keys (a retired asymmetric key still published in the JWKS). */
  signKey?: webcrypto.CryptoKey | Uint8Array
  verifyKey: webcrypto.CryptoKey | Uint8Array
  /** HS256: the secret's bytes, so signing is one synchronous HMAC (see signJwt). */
  hmacSecret?: Buffer
}

type JwtHeader = { alg?: unknown; typ?: unknown; kid?: unknown; [k: string]: unknown }
export type JwtPayload = { [k: string]: unknown; iss?: unknown; exp?: unknown; nbf?: unknown; iat?: unknown; jti?: unknown; sid?: unknown }

type JwtFailure =
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
  if (!isCanonicalBase64url(s)) throw new Error('not canonical base64url')
  return JSON.parse(Buffer.from(s, 'base64url').toString('utf8'))
}

const BASE64URL_ALPHABET = /^[A-Za-z0-9_-]*$/

/**
 * Canonical base64url (RFC 7515 §2: RFC 4648 §5 without padding): only `A-Z a-z 0-9 - _`, no `=`,
 * no length that leaves a lone character, and a last character whose unused bits are zero, i.e.
 * decoding and encoding again gives back the same text. Every signer writes it; every JWT segment
 * must be it (verifySignature), so a token has one spelling only and padding, whitespace or junk
 * added to a signature (which PHP's, Python's and atob's lenient decoders skip) is refused by every
 * dialect. (#21 item 12)
 */
export function isCanonicalBase64url(segment: string): boolean {
  return BASE64URL_ALPHABET.test(segment) && segment.length % 4 !== 1 && Buffer.from(segment, 'base64url').toString('base64url') === segment
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

// ---------------------------------------------------------------------------------------------
// The one signature check and the one verified-token cache. Every dialect's parser (this file's
// for jose-style tokens, php-jwt.ts, pyjwt.ts) reads a token its own library's way, gives that
// library's messages in its order, and then asks verifySignature() whether one of its keys signed
// it. The cache is keyed by the whole token and remembers WHICH key object verified it, so a token
// verified with one dialect's keys is never taken as verified by another's.

const CACHE_MAX = 10_000

type VerifiedEntry = {
  key: JwtKey
  /** The token's exp (seconds): the entry is pruned once it has passed. */
  exp: number
  /**
   * What each parser read from this exact string (a pure function of the text, whatever the key),
   * so the hot path parses a token once. Only kept beside a verified token, so garbage sent by
   * clients never fills the cache.
   */
  readings?: Map<symbol, unknown>
}

const verified = new Map<string, VerifiedEntry>()

export type SignatureOptions = {
  /** The token's exp as the caller's library reads it; without a finite one the result is not cached. */
  exp?: number | null
}

const subtle = webcrypto.subtle

/** HS256: one synchronous HMAC (no WebCrypto job); other algorithms through WebCrypto. */
function signatureMatches(key: JwtKey, input: string, sig: Uint8Array): boolean | Promise<boolean> {
  if (key.alg === 'HS256') {
    const secret = key.hmacSecret ?? (key.verifyKey instanceof Uint8Array ? key.verifyKey : null)
    if (secret) {
      const mac = createHmac('sha256', secret).update(input).digest()
      return mac.length === sig.length && timingSafeEqual(mac, sig)
    }
  }
  const k = key.verifyKey
  if (k instanceof Uint8Array) return false
  const algorithm = k.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : k.algorithm
  // A key that cannot check this signature (wrong length for ECDSA, say) does not match it.
  return subtle.verify(algorithm, k, sig, Buffer.from(input, 'utf8')).catch(() => false)
}

/**
 * The first of `keys` (already narrowed by the caller's library to the token's alg and kid) whose
 * signature `token` carries, or null. The signed input is the token up to its last dot, as in
 * every library we emulate. A token whose three segments are not all canonical base64url is
 * refused here, whatever the caller's library would have read from it: each dialect then gives
 * its own library's answer for a bad signature.
 */
export async function verifySignature(token: string, keys: readonly JwtKey[], opts: SignatureOptions = {}): Promise<JwtKey | null> {
  // Only canonical tokens are ever cached (below).
  const hit = verified.get(token)
  if (hit && keys.includes(hit.key)) return hit.key
  if (keys.length === 0) return null
  const segments = token.split('.')
  if (segments.length !== 3 || !segments.every(isCanonicalBase64url)) return null
  const sig = Buffer.from(segments[2], 'base64url')
  const input = token.slice(0, token.lastIndexOf('.'))
  for (const key of keys) {
    const r = signatureMatches(key, input, sig)
    if (r === true || (r !== false && (await r))) {
      if (typeof opts.exp === 'number' && Number.isFinite(opts.exp)) {
        if (verified.size >= CACHE_MAX) verified.delete(verified.keys().next().value as string)
        verified.set(token, { key, exp: opts.exp })
      }
      return key
    }
  }
  return null
}

/** A parser's reading of `token` kept by keepReading, when the token is in the verified cache. */
export function cachedReading<T>(token: string, reader: symbol): T | undefined {
  return verified.get(token)?.readings?.get(reader) as T | undefined
}

/**
 * Keeps a parser's reading of a token that just passed verifySignature; false (nothing kept) when
 * the token is not in the cache. Later callers get the same objects: nobody may change them.
 */
export function keepReading(token: string, reader: symbol, reading: unknown): boolean {
  const entry = verified.get(token)
  if (!entry) return false
  ;(entry.readings ??= new Map()).set(reader, reading)
  return true
}

/** How many tokens the verified cache holds (tests and diagnostics). */
export function verifiedCacheSize(): number {
  return verified.size
}

// ---------------------------------------------------------------------------------------------

function fail(reason: JwtFailure): never {
  throw new AuthError(reason === 'expired' ? 'token_expired' : 'token_invalid', { reason })
}

/** Checks exp, nbf and iat against the clock with the allowed skew. */
function checkTimes(payload: JwtPayload, opts: { clockSkewSeconds?: number; now?: number } = {}): void {
  const now = Math.floor((opts.now ?? Date.now()) / 1000)
  const skew = opts.clockSkewSeconds ?? CLOCK_SKEW_SECONDS
  if (typeof payload.exp !== 'number') fail('missing_claims')
  if (typeof payload.nbf === 'number' && payload.nbf > now + skew) fail('not_yet_valid')
  if (typeof payload.iat === 'number' && payload.iat > now + skew) fail('issued_in_future')
  if ((payload.exp as number) <= now - skew) fail('expired')
}

/**
 * RFC 7515 §4.1.11 as jose applies it: `crit` must be a non-empty list of names this verifier
 * understands, each present in the header. jose understands only `b64` (RFC 7797), which must
 * then be a boolean; it changes nothing here since the signed input is the token's own text.
 */
function critOk(header: JwtHeader): boolean {
  if (header.crit === undefined) return true
  const crit = header.crit
  if (!Array.isArray(crit) || crit.length === 0 || crit.some((c) => typeof c !== 'string' || c === '')) return false
  return crit.every((c) => c === 'b64') && typeof header.b64 === 'boolean'
}

const JWS_READING = Symbol('jws')

/** Verifies a token; throws AuthError token_invalid (detail.reason: JwtFailure) or token_expired. */
export async function verifyJwt(token: string, opts: VerifyOptions): Promise<VerifiedJwt> {
  // A token verified before is not decoded again: the kept header and claims are those of this
  // very string (frozen, as every later caller gets the same objects). Every check below still runs.
  const decoded = cachedReading<VerifiedJwt>(token, JWS_READING) ?? decodeJwtUnverified(token)
  if (!decoded) fail('malformed')
  const { header, payload } = decoded
  if (typeof header.alg !== 'string' || header.alg === '') fail('alg_missing')
  const algorithms = opts.algorithms ?? [...new Set(opts.keys.map((k) => k.alg))]
  if (header.alg.toLowerCase() === 'none' || !algorithms.includes(header.alg as JwtAlg)) fail('alg_not_allowed')
  const candidates = opts.keys.filter((k) => k.alg === header.alg && (header.kid === undefined || k.kid === undefined || k.kid === header.kid))
  if (candidates.length === 0) fail(header.kid !== undefined ? 'unknown_kid' : 'alg_not_allowed')
  if (!critOk(header)) fail('bad_signature')

  const exp = typeof payload.exp === 'number' ? payload.exp : null
  if (!(await verifySignature(token, candidates, { exp }))) fail('bad_signature')
  if (cachedReading(token, JWS_READING) !== decoded && keepReading(token, JWS_READING, decoded)) {
    Object.freeze(header)
    Object.freeze(payload)
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
function pruneVerifiedCache(now = Date.now()): void {
  const s = Math.floor(now / 1000) - CLOCK_SKEW_SECONDS
  for (const [t, e] of verified) if (e.exp <= s) verified.delete(t)
}

setInterval(() => pruneVerifiedCache(), 60_000).unref()
