// A token check that answers exactly as firebase/php-jwt 6.9 `JWT::decode()` does (reference §2:
// the real project shows php-jwt's exception message after "认证失败："), in php-jwt's order:
//
//   segments → header base64+JSON → payload base64+JSON → payload is an object → `alg` empty →
//   `alg` supported → key for that alg → signature → nbf (or iat without nbf) → exp
//
// Two PHP behaviours matter for the texts, so they are copied here rather than borrowed from jose:
// PHP's non-strict base64_decode (skips any byte outside the alphabet, so the only framing error
// is the segment count) and json_decode's error codes (an unterminated string is "Unexpected
// control character found", `{"a":1]` is "Invalid or malformed JSON", ...), read from php-src
// ext/json/json_scanner.re and json_parser.y. This file only parses: the signature is checked by
// the core's one check (verifySignature, lib/core/jwt.ts) with the keys of lib/core/keys.ts, never
// with a key built here.
import { cachedReading, keepReading, verifySignature, type JwtKey } from '../../core/jwt'

/** php-jwt's `JWT::$supported_algs` keys: a name outside these is "Algorithm not supported". */
const SUPPORTED_ALGS = new Set(['ES384', 'ES256', 'ES256K', 'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'EdDSA'])

export type PhpJwtClaims = Record<string, unknown>

export type PhpJwtOutcome =
  | { ok: true; header: unknown; payload: PhpJwtClaims }
  /** `payload` is set when the signature was good and only a time check failed. */
  | { ok: false; message: string; payload?: PhpJwtClaims }

export type PhpJwtOptions = {
  /** php-jwt's `JWT::$leeway`, seconds. */
  leeway: number
  /** PHP's date_default_timezone, for the nbf/iat message. */
  timeZone: string
  /** ms; default Date.now() */
  now?: number
}

export async function phpJwtDecode(jwt: string, keys: JwtKey[], opts: PhpJwtOptions): Promise<PhpJwtOutcome> {
  const fail = (message: string, payload?: PhpJwtClaims): PhpJwtOutcome => ({ ok: false, message, ...(payload ? { payload } : {}) })
  const timestamp = Math.floor((opts.now ?? Date.now()) / 1000)
  if (keys.length === 0) return fail('Key may not be empty')
  // The parse of a token verified before is kept beside it in the core's cache (the status and
  // refresh endpoints are the hot path, SPEC §9): the same text parses the same way, so its
  // messages cannot differ. The key and time checks below run on every call.
  const kept = cachedReading<PhpReading>(jwt, PHP_JWT_READING)
  const reading = kept ?? parse(jwt)
  if ('message' in reading) return fail(reading.message)
  const { header, payload, alg, kid, sig } = reading

  const candidates = keys.filter((k) => k.alg === alg)
  if (candidates.length === 0) return fail('Incorrect key for this algorithm')
  const byKid = typeof kid === 'string' ? candidates.filter((k) => k.kid === kid) : []
  const tryKeys = byKid.length > 0 ? byKid : candidates
  if (alg === 'EdDSA' && sig.length === 0) return fail('Signature cannot be empty string')
  // The one signature check (lib/core/jwt.ts). It accepts only canonical base64url segments: a
  // token PHP would read leniently (padding, stray bytes skipped) fails here, with php-jwt's
  // message for a bad signature.
  if (!(await verifySignature(jwt, tryKeys, { exp: phpNumber(payload.exp) }))) return fail('Signature verification failed')
  if (!kept) keepReading(jwt, PHP_JWT_READING, reading)

  const claims = payload
  const nbf = phpNumber(claims.nbf)
  const iat = phpNumber(claims.iat)
  const exp = phpNumber(claims.exp)
  if (isSet(claims.nbf) && Math.floor(nbf) > timestamp + opts.leeway) {
    return fail(`Cannot handle token with nbf prior to ${phpDateIso8601(Math.trunc(nbf), opts.timeZone)}`, claims)
  }
  if (!isSet(claims.nbf) && isSet(claims.iat) && Math.floor(iat) > timestamp + opts.leeway) {
    return fail(`Cannot handle token with iat prior to ${phpDateIso8601(Math.trunc(iat), opts.timeZone)}`, claims)
  }
  if (isSet(claims.exp) && timestamp - opts.leeway >= exp) return fail('Expired token', claims)
  return { ok: true, header, payload: claims }
}

const PHP_JWT_READING = Symbol('php-jwt')

/** What php-jwt's decode() reads from the token before it looks at keys. */
type PhpReading = { header: unknown; payload: PhpJwtClaims; alg: string; kid: unknown; sig: Uint8Array }

/** php-jwt's decode() up to the key lookup, in its order: every check here depends on the text alone. */
function parse(jwt: string): PhpReading | { message: string } {
  const fail = (message: string) => ({ message })
  const tks = jwt.split('.')
  if (tks.length !== 3) return fail('Wrong number of segments')
  const [headb64, bodyb64, cryptob64] = tks

  const header = jsonDecode(phpBase64UrlDecode(headb64))
  if ('error' in header) return fail(header.error)
  if (header.value === null) return fail('Invalid header encoding')
  const body = jsonDecode(phpBase64UrlDecode(bodyb64))
  if ('error' in body) return fail(body.error)
  if (body.value === null) return fail('Invalid claims encoding')
  let payload = body.value
  // PHP casts a decoded JSON array to an object ("prevent PHP Fatal Error ... empty array").
  if (Array.isArray(payload)) payload = arrayToObject(payload)
  if (!isPhpObject(payload)) return fail('Payload must be a JSON object')
  const sig = phpBase64UrlDecode(cryptob64)

  // `$header->alg` on a non-object is null in PHP (with a warning): "Empty algorithm".
  const alg = isPhpObject(header.value) ? header.value.alg : undefined
  if (phpEmpty(alg)) return fail('Empty algorithm')
  if (typeof alg !== 'string' || !SUPPORTED_ALGS.has(alg)) return fail('Algorithm not supported')
  const kid = isPhpObject(header.value) ? header.value.kid : undefined
  return { header: header.value, payload, alg, kid, sig }
}

// ---------------------------------------------------------------------------------------------
// PHP values

type PhpObject = Record<string, unknown>

function isPhpObject(v: unknown): v is PhpObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function arrayToObject(a: unknown[]): PhpObject {
  const o: PhpObject = {}
  a.forEach((v, i) => define(o, String(i), v))
  return o
}

function define(o: PhpObject, key: string, value: unknown): void {
  // defineProperty: a "__proto__" key is data, not the prototype. Every other key of a plain
  // object is set by assignment alike (Object.prototype has no other setter), and faster.
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
  else o[key] = value
}

/** PHP's empty(): null, false, 0, 0.0, "", "0", []. */
function phpEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === false || v === 0 || v === '' || v === '0' || (Array.isArray(v) && v.length === 0)
}

/** PHP's isset() on a property: present and not null. */
const isSet = (v: unknown) => v !== undefined && v !== null

/** The number PHP's floor()/comparison would use; NaN where PHP would throw a TypeError. */
function phpNumber(v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v)
  return Number.NaN
}

// ---------------------------------------------------------------------------------------------
// base64_decode(strtr($input, '-_', '+/')), non-strict: bytes outside the alphabet and '=' are
// skipped; a trailing partial sextet group is dropped.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const REVERSE = new Int16Array(256).fill(-1)
for (let i = 0; i < 64; i++) REVERSE[B64.charCodeAt(i)] = i
REVERSE['-'.charCodeAt(0)] = 62
REVERSE['_'.charCodeAt(0)] = 63

export function phpBase64UrlDecode(input: string): Uint8Array {
  const bytes = Buffer.from(input, 'utf8')
  const out = new Uint8Array(Math.ceil((bytes.length * 3) / 4))
  let i = 0
  let j = 0
  for (const c of bytes) {
    const ch = REVERSE[c]
    if (ch < 0) continue
    switch (i % 4) {
      case 0:
        out[j] = ch << 2
        break
      case 1:
        out[j++] |= ch >> 4
        out[j] = (ch & 0x0f) << 4
        break
      case 2:
        out[j++] |= ch >> 2
        out[j] = (ch & 0x03) << 6
        break
      case 3:
        out[j++] |= ch
        break
    }
    i++
  }
  return out.subarray(0, j)
}

// ---------------------------------------------------------------------------------------------
// json_decode($input, false, 512, JSON_BIGINT_AS_STRING) with php-jwt's jsonDecode() messages.

const JSON_ERROR = {
  DEPTH: 1,
  STATE_MISMATCH: 2,
  CTRL_CHAR: 3,
  SYNTAX: 4,
  UTF8: 5,
  INVALID_PROPERTY_NAME: 9,
  UTF16: 10,
} as const

/** php-jwt's handleJsonError() table; codes it does not list read "Unknown JSON error: <n>". */
const JSON_MESSAGES: Record<number, string> = {
  1: 'Maximum stack depth exceeded',
  2: 'Invalid or malformed JSON',
  3: 'Unexpected control character found',
  4: 'Syntax error, malformed JSON',
  5: 'Malformed UTF-8 characters',
}

const MAX_DEPTH = 512

class JsonError extends Error {
  constructor(readonly code: number) {
    super(`json error ${code}`)
  }
}

type Token = { t: '{' | '}' | '[' | ']' | ':' | ',' | 'EOI' } | { t: 'value'; v: unknown } | { t: 'string'; v: string }

/** php-jwt JWT::jsonDecode(): a value, or the message of the DomainException it throws. */
export function jsonDecode(bytes: Uint8Array): { value: unknown } | { error: string } {
  let value: unknown
  try {
    value = new PhpJsonParser(bytes).parse()
  } catch (e) {
    if (!(e instanceof JsonError)) throw e
    return { error: JSON_MESSAGES[e.code] ?? `Unknown JSON error: ${e.code}` }
  }
  // json_decode(" null ") is null without an error: php-jwt then throws this.
  if (value === null && Buffer.from(bytes).toString('latin1') !== 'null') return { error: 'Null result with non-null input' }
  return { value }
}

/** Whether b[at] is a UTF-8 continuation byte. */
const cont = (b: Uint8Array, at: number) => at < b.length && b[at] >= 0x80 && b[at] <= 0xbf

/**
 * Length of the well-formed UTF-8 sequence at i (json_scanner.re's UTF8 rule), or 0. Called for
 * every byte of every string: no closure is made per call (under tsx, which serves the fast path,
 * each closure also costs a defineProperty for its name).
 */
function utf8Length(b: Uint8Array, i: number): number {
  const c = b[i]
  if (c <= 0x7f) return 1
  const b1 = i + 1 < b.length ? b[i + 1] : -1
  if (c >= 0xc2 && c <= 0xdf) return cont(b, i + 1) ? 2 : 0
  if (c === 0xe0) return b1 >= 0xa0 && b1 <= 0xbf && cont(b, i + 2) ? 3 : 0
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(b, i + 1) && cont(b, i + 2) ? 3 : 0
  if (c === 0xed) return b1 >= 0x80 && b1 <= 0x9f && cont(b, i + 2) ? 3 : 0
  if (c === 0xf0) return b1 >= 0x90 && b1 <= 0xbf && cont(b, i + 2) && cont(b, i + 3) ? 4 : 0
  if (c >= 0xf1 && c <= 0xf3) return cont(b, i + 1) && cont(b, i + 2) && cont(b, i + 3) ? 4 : 0
  if (c === 0xf4) return b1 >= 0x80 && b1 <= 0x8f && cont(b, i + 2) && cont(b, i + 3) ? 4 : 0
  return 0
}

const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/
const LONG_MIN_DIGITS = '9223372036854775808'

// Escapes json_scanner.re decodes to one character, and the literal words.
const SIMPLE_ESCAPES: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' }
const WORDS = [
  ['null', null],
  ['true', true],
  ['false', false],
] as const

class PhpJsonParser {
  private i = 0
  private readonly ascii: string
  /** A view of the same bytes (no copy): strings are decoded from it in place, on every fresh token. */
  private readonly buf: Buffer

  constructor(private readonly b: Uint8Array) {
    this.buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength)
    this.ascii = this.buf.toString('latin1')
  }

  parse(): unknown {
    const v = this.value(this.next(), 1)
    if (this.next().t !== 'EOI') throw new JsonError(JSON_ERROR.SYNTAX)
    return v
  }

  private value(tok: Token, depth: number): unknown {
    switch (tok.t) {
      case 'value':
      case 'string':
        return tok.v
      case '{':
        return this.object(depth)
      case '[':
        return this.array(depth)
      default:
        throw new JsonError(JSON_ERROR.SYNTAX)
    }
  }

  private object(depth: number): PhpObject {
    if (depth >= MAX_DEPTH) throw new JsonError(JSON_ERROR.DEPTH)
    const o: PhpObject = {}
    let tok = this.next()
    if (tok.t === '}') return o
    if (tok.t === ']') throw new JsonError(JSON_ERROR.STATE_MISMATCH)
    for (;;) {
      if (tok.t !== 'string') throw new JsonError(JSON_ERROR.SYNTAX)
      const key = tok.v
      if (this.next().t !== ':') throw new JsonError(JSON_ERROR.SYNTAX)
      const v = this.value(this.next(), depth + 1)
      if (key.length > 0 && key.charCodeAt(0) === 0) throw new JsonError(JSON_ERROR.INVALID_PROPERTY_NAME)
      define(o, key, v)
      tok = this.next()
      if (tok.t === '}') return o
      if (tok.t === ']') throw new JsonError(JSON_ERROR.STATE_MISMATCH)
      if (tok.t !== ',') throw new JsonError(JSON_ERROR.SYNTAX)
      tok = this.next()
    }
  }

  private array(depth: number): unknown[] {
    if (depth >= MAX_DEPTH) throw new JsonError(JSON_ERROR.DEPTH)
    const a: unknown[] = []
    let tok = this.next()
    if (tok.t === ']') return a
    if (tok.t === '}') throw new JsonError(JSON_ERROR.STATE_MISMATCH)
    for (;;) {
      a.push(this.value(tok, depth + 1))
      tok = this.next()
      if (tok.t === ']') return a
      if (tok.t === '}') throw new JsonError(JSON_ERROR.STATE_MISMATCH)
      if (tok.t !== ',') throw new JsonError(JSON_ERROR.SYNTAX)
      tok = this.next()
    }
  }

  private next(): Token {
    const b = this.b
    while (this.i < b.length && (b[this.i] === 0x20 || b[this.i] === 0x09 || b[this.i] === 0x0a || b[this.i] === 0x0d)) this.i++
    if (this.i >= b.length) return { t: 'EOI' }
    const c = b[this.i]
    switch (c) {
      case 0x7b:
      case 0x7d:
      case 0x5b:
      case 0x5d:
      case 0x3a:
      case 0x2c:
        this.i++
        return { t: String.fromCharCode(c) as '{' }
      case 0x22:
        this.i++
        return { t: 'string', v: this.string() }
    }
    for (const [word, v] of WORDS) {
      if (this.ascii.startsWith(word, this.i)) {
        this.i += word.length
        return { t: 'value', v }
      }
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const m = NUMBER.exec(this.ascii.slice(this.i, this.i + 400))
      if (m) {
        this.i += m[0].length
        return { t: 'value', v: this.number(m[0], m[2] === undefined && m[3] === undefined) }
      }
    }
    // An embedded NUL or other control byte, a stray (valid UTF-8) character, or a broken byte.
    if (c < 0x20) throw new JsonError(JSON_ERROR.CTRL_CHAR)
    throw new JsonError(utf8Length(b, this.i) > 0 ? JSON_ERROR.SYNTAX : JSON_ERROR.UTF8)
  }

  private number(text: string, isInt: boolean): unknown {
    if (!isInt) return Number(text)
    const negative = text.startsWith('-')
    const digits = negative ? text.slice(1) : text
    let bigint = false
    if (digits.length > 19) bigint = true
    else if (digits.length === 19) bigint = !(digits < LONG_MIN_DIGITS || (digits === LONG_MIN_DIGITS && negative))
    return bigint ? text : Number(text)
  }

  /** After the opening quote; json_scanner.re's STR_P1 rules. */
  private string(): string {
    const b = this.b
    let out = ''
    let start = this.i
    for (;;) {
      // The end of the input is PHP's terminating NUL: a control character.
      if (this.i >= b.length) throw new JsonError(JSON_ERROR.CTRL_CHAR)
      const c = b[this.i]
      if (c < 0x20) throw new JsonError(JSON_ERROR.CTRL_CHAR)
      if (c === 0x22) {
        if (this.i > start) out += this.buf.toString('utf8', start, this.i)
        this.i++
        return out
      }
      if (c === 0x5c) {
        if (this.i > start) out += this.buf.toString('utf8', start, this.i)
        const e = b[this.i + 1]
        if (e !== undefined && SIMPLE_ESCAPES[e] !== undefined) {
          out += SIMPLE_ESCAPES[e]
          this.i += 2
        } else if (e === 0x75 && this.hex4(this.i + 2)) {
          const code = parseInt(this.ascii.slice(this.i + 2, this.i + 6), 16)
          if (code >= 0xd800 && code <= 0xdbff && b[this.i + 6] === 0x5c && b[this.i + 7] === 0x75 && this.hex4(this.i + 8)) {
            const low = parseInt(this.ascii.slice(this.i + 8, this.i + 12), 16)
            if (low >= 0xdc00 && low <= 0xdfff) {
              out += String.fromCharCode(code, low)
              this.i += 12
              start = this.i
              continue
            }
          }
          // A lone surrogate: JSON_ERROR_UTF16.
          if (code >= 0xd800 && code <= 0xdfff) throw new JsonError(JSON_ERROR.UTF16)
          out += String.fromCharCode(code)
          this.i += 6
        } else {
          throw new JsonError(JSON_ERROR.SYNTAX)
        }
        start = this.i
        continue
      }
      const n = utf8Length(b, this.i)
      if (n === 0) throw new JsonError(JSON_ERROR.UTF8)
      this.i += n
    }
  }

  private hex4(at: number): boolean {
    const b = this.b
    return at + 4 <= b.length && isHex(b[at]) && isHex(b[at + 1]) && isHex(b[at + 2]) && isHex(b[at + 3])
  }
}

// ---------------------------------------------------------------------------------------------
// PHP date() in a time zone, with Intl (no time zone package).

type Parts = { y: string; mo: string; d: string; h: string; mi: string; s: string; offset: string }
const formatters = new Map<string, Intl.DateTimeFormat>()
// formatToParts costs tens of microseconds, and /login/jwt/status formats the same token's iat and
// exp on every call: the last few thousand answers are kept.
const partsCache = new Map<string, Parts>()
const PARTS_CACHE_MAX = 4096

function partsIn(epochSeconds: number, timeZone: string): Parts {
  const key = `${timeZone}|${epochSeconds}`
  let parts = partsCache.get(key)
  if (!parts) {
    if (partsCache.size >= PARTS_CACHE_MAX) partsCache.clear()
    parts = computeParts(epochSeconds, timeZone)
    partsCache.set(key, parts)
  }
  return parts
}

function computeParts(epochSeconds: number, timeZone: string): Parts {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  const p: Record<string, string> = {}
  for (const part of f.formatToParts(new Date(epochSeconds * 1000))) p[part.type] = part.value
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second))
  const offsetMinutes = Math.round((local - epochSeconds * 1000) / 60_000)
  const abs = Math.abs(offsetMinutes)
  const offset = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`
  return { y: p.year.padStart(4, '0'), mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second, offset }
}

/** date(DateTime::ISO8601, $t): `Y-m-d\TH:i:sO`, e.g. 2023-12-16T17:35:20+0800. */
export function phpDateIso8601(epochSeconds: number, timeZone: string): string {
  const p = partsIn(epochSeconds, timeZone)
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}${p.offset}`
}

/** Carbon::toDateTimeString(): `Y-m-d H:i:s`. */
export function phpDateTime(epochSeconds: number, timeZone: string): string {
  const p = partsIn(epochSeconds, timeZone)
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`
}
