// How an unmodified flask-jwt-extended 4.7 service (PyJWT 2.10 underneath) reads
// `Authorization: Bearer <jwt>` and decodes the token, check for check and message for message,
// so /api/auth/refresh fails exactly as the seed project's does (seed 003, reference §3).
// Sources, read at flask-jwt-extended 4.7.1 and PyJWT 2.10.1:
//   view_decorators.py _decode_jwt_from_headers   -> the header checks (401 / 422)
//   jwt_manager.py _decode_jwt_from_config        -> an unverified decode first, then
//                                                    get_unverified_header, then the verified decode;
//                                                    on ExpiredSignatureError a second decode with
//                                                    verify_exp off, whose own errors win
//   tokens.py _decode_jwt                         -> "Missing claim: sub", type defaults to access
//   jwt/api_jws.py _load, _verify_signature       -> segments, padding, header JSON, alg, signature
//   jwt/api_jwt.py _decode_payload, _validate_claims -> payload JSON, iat, nbf, exp, sub, jti
//   internal_utils.py verify_token_type, verify_token_not_blocklisted
// Every failure is thrown as AuthError with `detail.msg` set to flask-jwt-extended's text; the
// dialect's error table (errors.ts) turns the kind into the status. This file only parses and
// orders the checks: the signature itself is the core's one check (verifySignature).
import { AuthError, type AuthErrorKind } from '../../core/errors'
import { verifySignature, type JwtKey } from '../../core/jwt'
import { pyJsonLoads } from './pyjson'

export type FlaskDecoded = { header: Record<string, unknown>; payload: Record<string, unknown> }

function fail(kind: AuthErrorKind, msg: string, reason = 'malformed'): never {
  throw new AuthError(kind, { reason, msg })
}

// Python's str.split()/strip() whitespace, and `\s` of a str regex.
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
const SPACE_RUN = new RegExp(`[${PY_SPACE}]+`)
const TRIM = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g')
const FIELD_SEP = new RegExp(`,[${PY_SPACE}]*`)

const pySplit = (s: string) => s.split(SPACE_RUN).filter((p) => p !== '')

/**
 * The token from `Authorization: Bearer <jwt>`, as _decode_jwt_from_headers reads it:
 * strip whitespace then commas; a comma-separated list of fields of which exactly one starts
 * with the word `Bearer` (case-sensitive); that field must be exactly two words.
 */
export function tokenFromAuthorization(value: string | null): string {
  const header = (value ?? '').replace(TRIM, '').replace(/^,+|,+$/g, '')
  if (!header) fail('token_missing', 'Missing Authorization Header', 'missing')
  // flask-jwt-extended 4.7.1 indexes s.split()[0] and fails with a 500 on an empty field; such a
  // field simply does not count here.
  const fields = header.split(FIELD_SEP).filter((s) => pySplit(s)[0] === 'Bearer')
  if (fields.length !== 1) fail('token_missing', "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'", 'missing')
  const parts = pySplit(fields[0])
  if (parts.length !== 2) fail('token_invalid', "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'")
  return parts[1]
}

// base64.urlsafe_b64decode after PyJWT's base64url_decode re-padding: binascii.a2b_base64 in its
// lenient mode skips characters outside the alphabet and stops at a complete pad sequence.
const B64 = (() => {
  const t = new Int16Array(256).fill(-1)
  const std = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  for (let i = 0; i < 64; i++) t[std.charCodeAt(i)] = i
  t['-'.charCodeAt(0)] = 62 // urlsafe_b64decode translates - to + and _ to /
  t['_'.charCodeAt(0)] = 63
  return t
})()

function pyBase64UrlDecode(segment: Uint8Array): Uint8Array | null {
  const rem = segment.length % 4
  const input = rem > 0 ? Buffer.concat([segment, Buffer.alloc(4 - rem, '=')]) : segment
  const out: number[] = []
  let quad = 0
  let left = 0
  let pads = 0
  for (const ch of input) {
    if (ch === 0x3d) {
      if (quad >= 2 && quad + ++pads >= 4) return Uint8Array.from(out)
      continue
    }
    const v = B64[ch]
    if (v < 0) continue
    pads = 0
    switch (quad) {
      case 0:
        quad = 1
        left = v
        break
      case 1:
        quad = 2
        out.push(((left << 2) | (v >> 4)) & 0xff)
        left = v & 0x0f
        break
      case 2:
        quad = 3
        out.push(((left << 4) | (v >> 2)) & 0xff)
        left = v & 0x03
        break
      case 3:
        quad = 0
        out.push(((left << 6) | v) & 0xff)
        left = 0
        break
    }
  }
  return quad === 0 ? Uint8Array.from(out) : null // "Incorrect padding" / "cannot be 1 more than a multiple of 4"
}

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

type Loaded = { header: Record<string, unknown>; payloadBytes: Uint8Array; signature: Uint8Array }

/** PyJWS._load. */
function load(token: Uint8Array): Loaded {
  const lastDot = token.lastIndexOf(0x2e)
  const signingInput = lastDot >= 0 ? token.subarray(0, lastDot) : null
  const firstDot = signingInput ? signingInput.indexOf(0x2e) : -1
  if (!signingInput || firstDot < 0) fail('token_invalid', 'Not enough segments')
  const headerData = pyBase64UrlDecode(signingInput.subarray(0, firstDot))
  if (!headerData) fail('token_invalid', 'Invalid header padding')
  const header = pyJsonLoads(headerData)
  if (!header.ok) fail('token_invalid', `Invalid header string: ${header.message}`)
  if (!isDict(header.value)) fail('token_invalid', 'Invalid header string: must be a json object')
  const payloadBytes = pyBase64UrlDecode(signingInput.subarray(firstDot + 1))
  if (!payloadBytes) fail('token_invalid', 'Invalid payload padding')
  const signature = pyBase64UrlDecode(token.subarray(lastDot + 1))
  if (!signature) fail('token_invalid', 'Invalid crypto padding')
  return { header: header.value, payloadBytes, signature }
}

/** PyJWT._decode_payload. */
function decodePayload(bytes: Uint8Array): Record<string, unknown> {
  const r = pyJsonLoads(bytes)
  if (!r.ok) fail('token_invalid', `Invalid payload string: ${r.message}`)
  if (!isDict(r.value)) fail('token_invalid', 'Invalid payload string: must be a json object')
  return r.value
}

/**
 * Python's int() on a JSON value; null when Python raises ValueError. (null, lists, objects and
 * infinities raise TypeError/OverflowError there, a 500 from the real service: we answer them
 * like a ValueError instead, SPEC §5 "never a 500".)
 */
export function pyInt(v: unknown): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null
  if (typeof v === 'string') {
    const s = v.replace(TRIM, '')
    return /^[+-]?\d+(?:_\d+)*$/.test(s) ? Number(s.replace(/_/g, '')) : null
  }
  return null
}

/**
 * Tries the keys of the token's alg (those with its kid first) through the core's one signature
 * check (lib/core/jwt.ts), which accepts only canonical base64url segments: a token binascii
 * would read leniently (padding, stray bytes skipped) fails there as a bad signature.
 */
async function signatureOk(token: string, alg: string, kid: unknown, keys: JwtKey[], payload: Record<string, unknown>): Promise<boolean> {
  const candidates = keys.filter((k) => k.alg === alg).sort((a, b) => Number(b.kid === kid) - Number(a.kid === kid))
  return (await verifySignature(token, candidates, { exp: pyInt(payload.exp) })) !== null
}

export type DecodeOptions = {
  keys: JwtKey[]
  /** JWT_DECODE_LEEWAY, seconds. */
  leeway: number
  /** The issuer a token's iss must equal when present; null checks nothing (flask-jwt-extended's default). */
  issuer: string | null
  now?: number
}

/** The checks of PyJWT._validate_claims after the signature, with verify_exp on or off. */
function validateClaims(p: Record<string, unknown>, o: DecodeOptions, verifyExp: boolean): 'expired' | null {
  const now = (o.now ?? Date.now()) / 1000
  if ('iat' in p) {
    const iat = pyInt(p.iat)
    if (iat === null) fail('token_invalid', 'Issued At claim (iat) must be an integer.')
    if (iat > now + o.leeway) fail('token_invalid', 'The token is not yet valid (iat)', 'issued_in_future')
  }
  if ('nbf' in p) {
    const nbf = pyInt(p.nbf)
    if (nbf === null) fail('token_invalid', 'Not Before claim (nbf) must be an integer.')
    if (nbf > now + o.leeway) fail('token_invalid', 'The token is not yet valid (nbf)', 'not_yet_valid')
  }
  if ('exp' in p && verifyExp) {
    const exp = pyInt(p.exp)
    if (exp === null) fail('token_invalid', 'Expiration Time claim (exp) must be an integer.')
    if (exp <= now - o.leeway) return 'expired'
  }
  // Our tokens always carry iss and a foreign one is refused; a token without iss (as
  // flask-jwt-extended makes them by default, JWT_ENCODE_ISSUER unset) is not refused for that.
  if (o.issuer !== null && 'iss' in p && p.iss !== o.issuer) fail('token_invalid', 'Invalid issuer', 'wrong_issuer')
  // verify_aud is off: flask-jwt-extended passes verify_aud = (JWT_DECODE_AUDIENCE is not None).
  if ('sub' in p && typeof p.sub !== 'string') fail('token_invalid', 'Subject must be a string')
  if ('jti' in p && typeof p.jti !== 'string') fail('token_invalid', 'JWT ID must be a string')
  if (!('sub' in p)) fail('token_invalid', 'Missing claim: sub', 'missing_claims')
  return null
}

/**
 * Decodes and verifies a token as flask-jwt-extended's decode_token does, with JWT_ALGORITHM set to
 * the algorithm of the dialect's keys (HS256 by default, as the seed's tokens). Returns header and payload with `type`
 * defaulted to "access" and `fresh` to false, as tokens.py does.
 */
export async function decodeFlaskJwt(token: string, o: DecodeOptions): Promise<FlaskDecoded> {
  const bytes = Buffer.from(token, 'utf8')
  // 1. jwt.decode(..., options={"verify_signature": False}): parse header, payload, signature.
  const l = load(bytes)
  const payload = decodePayload(l.payloadBytes)
  // 2. jwt.get_unverified_header: the kid must be a string.
  if ('kid' in l.header && typeof l.header.kid !== 'string') fail('token_invalid', 'Key ID header parameter must be a string')
  // 3. the verified decode: b64, alg, signature, then the claims.
  if (l.header.b64 === false)
    fail('token_invalid', 'It is required that you pass in a value for the "detached_payload" argument to decode a message having the b64 header set to false.')
  if (!('alg' in l.header)) fail('token_invalid', 'Algorithm not specified', 'alg_missing')
  // JWT_DECODE_ALGORITHMS defaults to [JWT_ALGORITHM]: the algorithm our keys sign with.
  const algorithms = [...new Set(o.keys.map((k) => k.alg as string))]
  if (typeof l.header.alg !== 'string' || !algorithms.includes(l.header.alg)) fail('token_invalid', 'The specified alg value is not allowed', 'alg_not_allowed')
  if (!(await signatureOk(token, l.header.alg, l.header.kid, o.keys, payload))) fail('token_invalid', 'Signature verification failed', 'bad_signature')
  if (validateClaims(payload, o, true) === 'expired') {
    // _decode_jwt_from_config decodes again with allow_expired=True to attach the claims to the
    // error; a failure there (bad sub, missing sub...) replaces "Token has expired".
    validateClaims(payload, o, false)
    throw new AuthError('token_expired', { reason: 'expired', msg: 'Token has expired' })
  }
  if (!('type' in payload)) payload.type = 'access'
  if (!('fresh' in payload)) payload.fresh = false
  if (!('jti' in payload)) payload.jti = null
  return { header: l.header, payload }
}

/** Header and payload when `token` parses and carries a valid signature of one of `keys`; else null. No claim checks. */
export async function signedByUs(token: string, keys: JwtKey[]): Promise<FlaskDecoded | null> {
  try {
    const l = load(Buffer.from(token, 'utf8'))
    const payload = decodePayload(l.payloadBytes)
    if (typeof l.header.alg !== 'string' || !keys.some((k) => k.alg === l.header.alg)) return null
    return (await signatureOk(token, l.header.alg, l.header.kid, keys, payload)) ? { header: l.header, payload } : null
  } catch {
    return null
  }
}
