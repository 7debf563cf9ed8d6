// Request bodies as the frameworks behind the dialects read them: JSON, urlencoded or multipart,
// merged with nothing else; size-limited while streaming, so a 1 MB body is refused before it is
// buffered whole.
import { config } from '../config'
import { AuthError } from '../core/errors'

export type Fields = Record<string, unknown>

// Bodies server.ts has already read off the socket (with the same limit), so the fast path does not
// build a web stream only to read it back. 'too_large' when the body crossed the limit.
const buffered = new WeakMap<Request, Uint8Array | 'too_large'>()

/** server.ts: `req`'s body, read already (or the fact that it went past BODY_LIMIT_BYTES). */
export function setBufferedBody(req: Request, body: Uint8Array | 'too_large'): void {
  buffered.set(req, body)
}

async function readLimited(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? '')
  if (Number.isFinite(declared) && declared > limit) throw new AuthError('invalid_input', { reason: 'body_too_large' })
  const pre = buffered.get(req)
  if (pre === 'too_large' || (pre && pre.byteLength > limit)) throw new AuthError('invalid_input', { reason: 'body_too_large' })
  if (pre) return pre
  if (!req.body) return new Uint8Array()
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      void discardRest(reader)
      throw new AuthError('invalid_input', { reason: 'body_too_large' })
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

// After refusing an oversized upload, the rest is read and dropped in the background (the answer
// goes out at once), up to this bound, then the stream is cancelled. Cancelling at once is what
// breaks `next start`: a route handler that stops reading a chunked upload half-way leaves the
// keep-alive connection unusable, and the client's next request on it hangs and is reset
// (test/http/compare.http.test.ts sends one right after).
const DISCARD_MAX_BYTES = 16 * 1024 * 1024

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let seen = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      seen += value.byteLength
      if (seen > DISCARD_MAX_BYTES) {
        await reader.cancel()
        return
      }
    }
  } catch {
    // the client went away
  }
}

const cache = new WeakMap<Request, Promise<Fields>>()

/**
 * The body's fields. Malformed JSON, a non-object JSON value, or an oversized body throw
 * AuthError('invalid_input') with reason malformed_body / body_too_large; an empty body is {}.
 * Read once per request (later calls get the same result).
 */
export function readFields(req: Request): Promise<Fields> {
  let p = cache.get(req)
  if (!p) {
    p = parseFields(req)
    cache.set(req, p)
  }
  return p
}

async function parseFields(req: Request): Promise<Fields> {
  if (req.method === 'GET' || req.method === 'HEAD') return {}
  const limit = config().BODY_LIMIT_BYTES
  const type = (req.headers.get('content-type') ?? '').toLowerCase()
  if (type.startsWith('multipart/form-data')) {
    const bytes = await readLimited(req, limit)
    try {
      const form = await new Response(new Blob([bytes as BlobPart]), { headers: { 'content-type': type } }).formData()
      const out: Fields = {}
      for (const [k, v] of form.entries()) if (typeof v === 'string') out[k] = v
      return out
    } catch {
      throw new AuthError('invalid_input', { reason: 'malformed_body' })
    }
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(await readLimited(req, limit))
  if (text.trim() === '') return {}
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text))
  // JSON, also when a client forgot the content type.
  if (type.includes('json') || type === '' || /^\s*[{[]/.test(text)) {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw new AuthError('invalid_input', { reason: 'malformed_body' })
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AuthError('invalid_input', { reason: 'malformed_body' })
    return value as Fields
  }
  if (type.startsWith('text/plain')) return Object.fromEntries(new URLSearchParams(text))
  throw new AuthError('invalid_input', { reason: 'malformed_body' })
}
