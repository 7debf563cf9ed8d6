// Python's `json.loads(bytes)` as PyJWT 2.10 calls it on a token's header and payload, with
// CPython's own error messages (Lib/json/__init__.py detect_encoding, Lib/json/decoder.py,
// Modules/_json.c scanner). flask-jwt-extended puts those messages in its 422 bodies
// ("Invalid header string: Expecting ',' delimiter: line 1 column 15 (char 14)", seed 003), so a
// client comparing them sees the same text. Messages are those of CPython 3.11/3.12 (3.13 added
// "Illegal trailing comma ..."; 3.12 says "Expecting property name enclosed in double quotes").

export type PyJsonResult = { ok: true; value: unknown } | { ok: false; message: string }

class PyJsonError extends Error {
  constructor(
    readonly msg: string,
    readonly pos: number,
  ) {
    super(msg)
  }
}

/** Raised by scan_once when no value starts at `pos` (Python's StopIteration(idx)). */
class StopIteration extends Error {
  constructor(readonly pos: number) {
    super('StopIteration')
  }
}

const WS = new Set([' ', '\t', '\n', '\r'])
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y
const NUMBER_CHARS = new Set('-+.eE0123456789')
const MAX_DEPTH = 900 // CPython's recursion limit is ~1000 frames; beyond it Python raises RecursionError

function formatError(msg: string, doc: string[], pos: number): string {
  let lineno = 1
  let lastNl = -1
  for (let i = 0; i < pos && i < doc.length; i++) {
    if (doc[i] === '\n') {
      lineno++
      lastNl = i
    }
  }
  const colno = pos - lastNl
  return `${msg}: line ${lineno} column ${colno} (char ${pos})`
}

// json.decoder's BACKSLASH table (one code point each, so `in` never meets a prototype name).
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/** Whether the code points from idx spell `word` (ASCII). */
function wordAt(s: string[], idx: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (s[idx + k] !== word[k]) return false
  return true
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c)
}

/** The decoder over code points, so positions count characters as Python does. */
function scanner(s: string[]) {
  const len = s.length
  const skipWs = (i: number) => {
    while (i < len && WS.has(s[i])) i++
    return i
  }

  function scanString(end: number): [string, number] {
    // `end` is the index just after the opening quote.
    const begin = end - 1
    let out = ''
    for (;;) {
      let next = end
      let c: string | undefined
      for (; next < len; next++) {
        c = s[next]
        if (c === '"' || c === '\\') break
        if (c.codePointAt(0)! <= 0x1f) throw new PyJsonError('Invalid control character at', next)
      }
      if (next >= len) throw new PyJsonError('Unterminated string starting at', begin)
      out += s.slice(end, next).join('')
      c = s[next]
      if (c === '"') return [out, next + 1]
      next++ // the backslash
      if (next === len) throw new PyJsonError('Unterminated string starting at', begin)
      c = s[next]
      if (c !== 'u') {
        end = next + 1
        if (!(c in SIMPLE_ESCAPES)) throw new PyJsonError('Invalid \\escape', end - 2)
        out += SIMPLE_ESCAPES[c]
        continue
      }
      next++
      end = next + 4
      if (end >= len) throw new PyJsonError('Invalid \\uXXXX escape', next - 1)
      let code = 0
      for (; next < end; next++) {
        if (!isHex(s[next])) throw new PyJsonError('Invalid \\uXXXX escape', end - 5)
        code = (code << 4) | parseInt(s[next], 16)
      }
      // A high surrogate followed by an escaped low surrogate is one character.
      if (code >= 0xd800 && code <= 0xdbff && end + 6 < len && s[next] === '\\' && s[next + 1] === 'u') {
        let low = 0
        let j = next + 2
        const lowEnd = j + 4
        for (; j < lowEnd; j++) {
          if (!isHex(s[j])) throw new PyJsonError('Invalid \\uXXXX escape', lowEnd - 5)
          low = (low << 4) | parseInt(s[j], 16)
        }
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + (((code - 0xd800) << 10) | (low - 0xdc00))
          end = lowEnd
        }
      }
      out += String.fromCodePoint(code)
    }
  }

  function scanOnce(idx: number, depth: number): [unknown, number] {
    if (idx >= len) throw new StopIteration(idx)
    const c = s[idx]
    switch (c) {
      case '"':
        return scanString(idx + 1)
      case '{':
        return parseObject(idx + 1, depth + 1)
      case '[':
        return parseArray(idx + 1, depth + 1)
      case 'n':
        if (wordAt(s, idx, 'null')) return [null, idx + 4]
        break
      case 't':
        if (wordAt(s, idx, 'true')) return [true, idx + 4]
        break
      case 'f':
        if (wordAt(s, idx, 'false')) return [false, idx + 5]
        break
      case 'N':
        if (wordAt(s, idx, 'NaN')) return [NaN, idx + 3]
        break
      case 'I':
        if (wordAt(s, idx, 'Infinity')) return [Infinity, idx + 8]
        break
      case '-':
        if (wordAt(s, idx, '-Infinity')) return [-Infinity, idx + 9]
        break
    }
    // Numbers are ASCII; match on the code points from idx (only the run the pattern can
    // consume, at most 400 of them, is joined into a string).
    let stop = idx
    const limit = Math.min(len, idx + 400)
    while (stop < limit && NUMBER_CHARS.has(s[stop])) stop++
    const rest = s.slice(idx, stop).join('')
    NUMBER.lastIndex = 0
    const m = NUMBER.exec(rest)
    if (!m) throw new StopIteration(idx)
    return [Number(m[0]), idx + m[0].length]
  }

  function enter(depth: number) {
    if (depth > MAX_DEPTH) throw new PyJsonError('maximum recursion depth exceeded while decoding a JSON object from a unicode string', 0)
  }

  function parseObject(idx: number, depth: number): [unknown, number] {
    enter(depth)
    const obj: Record<string, unknown> = {}
    idx = skipWs(idx)
    if (idx >= len || s[idx] !== '}') {
      for (;;) {
        if (idx >= len || s[idx] !== '"') throw new PyJsonError('Expecting property name enclosed in double quotes', idx)
        const [key, afterKey] = scanString(idx + 1)
        idx = skipWs(afterKey)
        if (idx >= len || s[idx] !== ':') throw new PyJsonError("Expecting ':' delimiter", idx)
        idx = skipWs(idx + 1)
        const [value, afterValue] = scanOnce(idx, depth)
        // defineProperty for "__proto__" (data, not the prototype); any other key of a plain
        // object is set alike by assignment, and faster.
        if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
        else obj[key] = value
        idx = skipWs(afterValue)
        if (idx < len && s[idx] === '}') break
        if (idx >= len || s[idx] !== ',') throw new PyJsonError("Expecting ',' delimiter", idx)
        idx = skipWs(idx + 1)
      }
    }
    return [obj, idx + 1]
  }

  function parseArray(idx: number, depth: number): [unknown, number] {
    enter(depth)
    const arr: unknown[] = []
    idx = skipWs(idx)
    if (idx >= len || s[idx] !== ']') {
      for (;;) {
        const [value, afterValue] = scanOnce(idx, depth)
        arr.push(value)
        idx = skipWs(afterValue)
        if (idx < len && s[idx] === ']') break
        if (idx >= len || s[idx] !== ',') throw new PyJsonError("Expecting ',' delimiter", idx)
        idx = skipWs(idx + 1)
      }
    }
    return [arr, idx + 1]
  }

  return { skipWs, scanOnce }
}

/** `json.loads(str)`: the value, or Python's JSONDecodeError text. */
export function pyJsonLoadsString(text: string): PyJsonResult {
  const s = Array.from(text)
  const { skipWs, scanOnce } = scanner(s)
  try {
    let value: unknown
    let end: number
    try {
      ;[value, end] = scanOnce(skipWs(0), 0)
    } catch (e) {
      if (e instanceof StopIteration) throw new PyJsonError('Expecting value', e.pos)
      throw e
    }
    end = skipWs(end)
    if (end !== s.length) throw new PyJsonError('Extra data', end)
    return { ok: true, value }
  } catch (e) {
    if (e instanceof PyJsonError) {
      // RecursionError has no position suffix (and is not a JSONDecodeError).
      if (e.msg.startsWith('maximum recursion')) return { ok: false, message: e.msg }
      return { ok: false, message: formatError(e.msg, s, e.pos) }
    }
    throw e
  }
}

// ---------------------------------------------------------------------------------------------
// bytes -> str as json.loads does it: detect_encoding, then decode with 'surrogatepass'. A
// decoding failure is a UnicodeDecodeError (a ValueError), so PyJWT reports its text.

type Decoded = { ok: true; text: string } | { ok: false; message: string }

function decodeError(codec: string, bytes: Uint8Array, start: number, end: number, reason: string): Decoded {
  const what =
    end - start === 1
      ? `can't decode byte 0x${bytes[start].toString(16).padStart(2, '0')} in position ${start}`
      : `can't decode bytes in position ${start}-${end - 1}`
  return { ok: false, message: `'${codec}' codec ${what}: ${reason}` }
}

/** CPython's UTF-8 decoder with the surrogatepass handler (encoded surrogates are accepted). */
function decodeUtf8(b: Uint8Array, codec: string, offset: number): Decoded {
  let out = ''
  let i = offset
  const n = b.length
  while (i < n) {
    const c = b[i]
    if (c < 0x80) {
      out += String.fromCharCode(c)
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (c >= 0xc2 && c <= 0xdf) need = 1
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2
      if (c === 0xe0) lo = 0xa0
      // 0xED 0xA0-0xBF are surrogates: invalid UTF-8, but surrogatepass lets them through.
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3
      if (c === 0xf0) lo = 0x90
      if (c === 0xf4) hi = 0x8f
    } else return decodeError(codec, b, i, i + 1, 'invalid start byte')
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07)
    let j = 1
    for (; j <= need; j++) {
      if (i + j >= n) return decodeError(codec, b, i, n, 'unexpected end of data')
      const cc = b[i + j]
      const min = j === 1 ? lo : 0x80
      const max = j === 1 ? hi : 0xbf
      if (cc < min || cc > max) return decodeError(codec, b, i, i + j, 'invalid continuation byte')
      cp = (cp << 6) | (cc & 0x3f)
    }
    out += cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp)
    i += need + 1
  }
  return { ok: true, text: out }
}

function decodeUtf16(b: Uint8Array, codec: string, littleEndian: boolean, offset: number): Decoded {
  let out = ''
  let i = offset
  for (; i + 1 < b.length; i += 2) out += String.fromCharCode(littleEndian ? b[i] | (b[i + 1] << 8) : (b[i] << 8) | b[i + 1])
  if (i < b.length) return decodeError(codec, b, i, i + 1, 'truncated data')
  return { ok: true, text: out }
}

function decodeUtf32(b: Uint8Array, codec: string, littleEndian: boolean, offset: number): Decoded {
  let out = ''
  let i = offset
  for (; i + 3 < b.length; i += 4) {
    const cp = littleEndian
      ? (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0
      : ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0
    if (cp > 0x10ffff) return decodeError(codec, b, i, i + 4, 'code point not in range(0x110000)')
    out += cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp)
  }
  if (i < b.length) return decodeError(codec, b, i, b.length, 'truncated data')
  return { ok: true, text: out }
}

/** json.detect_encoding followed by bytes.decode(encoding, 'surrogatepass'). */
function pyDecodeJsonBytes(b: Uint8Array): Decoded {
  const starts = (...p: number[]) => p.every((v, k) => b[k] === v) && b.length >= p.length
  if (starts(0x00, 0x00, 0xfe, 0xff)) return decodeUtf32(b, 'utf-32', false, 4)
  if (starts(0xff, 0xfe, 0x00, 0x00)) return decodeUtf32(b, 'utf-32', true, 4)
  if (starts(0xfe, 0xff)) return decodeUtf16(b, 'utf-16', false, 2)
  if (starts(0xff, 0xfe)) return decodeUtf16(b, 'utf-16', true, 2)
  if (starts(0xef, 0xbb, 0xbf)) return decodeUtf8(b, 'utf-8', 3)
  if (b.length >= 4) {
    if (!b[0]) return b[1] ? decodeUtf16(b, 'utf-16-be', false, 0) : decodeUtf32(b, 'utf-32-be', false, 0)
    if (!b[1]) return b[2] || b[3] ? decodeUtf16(b, 'utf-16-le', true, 0) : decodeUtf32(b, 'utf-32-le', true, 0)
  } else if (b.length === 2) {
    if (!b[0]) return decodeUtf16(b, 'utf-16-be', false, 0)
    if (!b[1]) return decodeUtf16(b, 'utf-16-le', true, 0)
  }
  return decodeUtf8(b, 'utf-8', 0)
}

/** `json.loads(b)` for bytes: the value, or the text of the ValueError Python raises. */
export function pyJsonLoads(b: Uint8Array): PyJsonResult {
  const d = pyDecodeJsonBytes(b)
  if (!d.ok) return d
  return pyJsonLoadsString(d.text)
}
