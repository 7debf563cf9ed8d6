// Random identifiers and token hashing.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

// Random bytes are drawn from the CSPRNG a pool at a time (as nanoid does): one call per request
// for a request id and a jti cost more than the rest of a token check. Each byte is handed out once.
const POOL_SIZE = 4096
let pool = Buffer.alloc(0)
let offset = 0

function random(n: number): Buffer {
  if (n > POOL_SIZE) return randomBytes(n)
  if (offset + n > pool.length) {
    pool = randomBytes(POOL_SIZE)
    offset = 0
  }
  const out = pool.subarray(offset, offset + n)
  offset += n
  return out
}

/** n characters of [A-Za-z0-9], unbiased (rejection sampling). */
export function randomAlnum(n: number): string {
  let out = ''
  while (out.length < n) {
    for (const b of random(n * 2)) {
      if (b < 248 && out.length < n) out += ALNUM[b % 62]
    }
  }
  return out
}

/** n characters of [A-Za-z0-9_-]. */
export function randomUrlSafe(n: number): string {
  return random(Math.ceil((n * 3) / 4))
    .toString('base64url')
    .slice(0, n)
}

export const newId = () => randomUrlSafe(24)
export const newUuid = () => randomUUID()

/** Tokens and codes are stored only as this hash. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url')
}

export function hmac(key: string, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url')
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
