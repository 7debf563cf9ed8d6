import { describe, expect, it } from 'vitest'
import { generateKeyPair, SignJWT, exportSPKI } from 'jose'
import { hmacKey, isCanonicalBase64url, signJwt, verifiedCacheSize, verifyJwt, verifySignature, type JwtKey } from './jwt'
import { flipLastBit, nonCanonical } from '../../test/base64url'
import { AuthError } from './errors'

const now = () => Math.floor(Date.now() / 1000)
const reason = async (p: Promise<unknown>) => {
  try {
    await p
    return 'ok'
  } catch (e) {
    if (e instanceof AuthError) return e.kind === 'token_expired' ? 'expired' : String(e.detail.reason)
    throw e
  }
}
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')

describe('verifyJwt', () => {
  it('keeps the header and claim order it is given', async () => {
    const key = await hmacKey('s'.repeat(40))
    const token = await signJwt({ typ: 'JWT', alg: 'HS256' }, { iss: 'x', iat: 1, exp: now() + 60, sub: 1 }, key)
    const [h, p] = token.split('.').map((s) => Buffer.from(s, 'base64url').toString())
    expect(h).toBe('{"typ":"JWT","alg":"HS256"}')
    expect(p).toBe(`{"iss":"x","iat":1,"exp":${now() + 60},"sub":1}`)
  })

  it('accepts a good token and refuses every kind of bad one', async () => {
    const key = await hmacKey('s'.repeat(40))
    const good = await signJwt({ typ: 'JWT' }, { iss: 'me', iat: now(), nbf: now(), exp: now() + 60 }, key)
    expect(await reason(verifyJwt(good, { keys: [key], issuer: 'me' }))).toBe('ok')
    expect(await reason(verifyJwt('abc', { keys: [key] }))).toBe('malformed')
    expect(await reason(verifyJwt(`${b64({ alg: 'none' })}.${b64({ exp: now() + 60 })}.`, { keys: [key] }))).toBe('alg_not_allowed')
    expect(await reason(verifyJwt(`${b64({ typ: 'JWT' })}.${b64({ exp: now() + 60 })}.x`, { keys: [key] }))).toBe('alg_missing')
    const [h, , s] = good.split('.')
    expect(await reason(verifyJwt(`${h}.${b64({ iss: 'me', exp: now() + 9999 })}.${s}`, { keys: [key] }))).toBe('bad_signature')
    const other = await hmacKey('t'.repeat(40))
    expect(await reason(verifyJwt(good, { keys: [other] }))).toBe('bad_signature')
    expect(await reason(verifyJwt(good, { keys: [key], issuer: 'someone-else' }))).toBe('wrong_issuer')
    const expired = await signJwt({}, { iat: now() - 100, exp: now() - 31 }, key)
    expect(await reason(verifyJwt(expired, { keys: [key] }))).toBe('expired')
    const future = await signJwt({}, { iat: now(), nbf: now() + 31, exp: now() + 600 }, key)
    expect(await reason(verifyJwt(future, { keys: [key] }))).toBe('not_yet_valid')
    const noExp = await signJwt({}, { iat: now() }, key)
    expect(await reason(verifyJwt(noExp, { keys: [key] }))).toBe('missing_claims')
  })

  it('tolerates 30 s of clock skew, not more', async () => {
    const key = await hmacKey('s'.repeat(40))
    const justExpired = await signJwt({}, { iat: now() - 100, exp: now() - 20 }, key)
    expect(await reason(verifyJwt(justExpired, { keys: [key] }))).toBe('ok')
    const nbfSoon = await signJwt({}, { nbf: now() + 20, exp: now() + 600 }, key)
    expect(await reason(verifyJwt(nbfSoon, { keys: [key] }))).toBe('ok')
  })

  it('refuses an HS256 token signed with an ES256 public key as the secret', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
    const es: JwtKey = { alg: 'ES256', kid: 'k1', signKey: privateKey, verifyKey: publicKey }
    const pem = await exportSPKI(publicKey)
    const forged = await new SignJWT({ exp: now() + 60 }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode(pem))
    expect(await reason(verifyJwt(forged, { keys: [es] }))).toBe('alg_not_allowed')
    const real = await signJwt({}, { exp: now() + 60 }, es)
    expect(await reason(verifyJwt(real, { keys: [es] }))).toBe('ok')
  })

  it('a cached token is still refused once it expires', async () => {
    const key = await hmacKey('s'.repeat(40))
    const t = await signJwt({}, { exp: now() + 5 }, key)
    expect(await reason(verifyJwt(t, { keys: [key] }))).toBe('ok')
    expect(await reason(verifyJwt(t, { keys: [key], now: (now() + 40) * 1000 }))).toBe('expired')
    // and the cache does not let another key's holder in
    expect(await reason(verifyJwt(t, { keys: [await hmacKey('u'.repeat(40))] }))).toBe('bad_signature')
  })
})

describe('signJwt with HS256', () => {
  it("gives byte for byte the token jose's SignJWT gives for the same header, claims and secret", async () => {
    const secret = 'a-secret-of-the-hyperf-dialect-0123456789'
    const key = await hmacKey(secret, 'k1')
    const header = { typ: 'JWT', kid: 'k1' }
    // Claims in a deliberate order, with non-ASCII text and nested values (order must be kept).
    const payload = { iss: 'http://127.0.0.1', sub: '签发', aud: ['a', 'b'], iat: 1700000000, exp: 1700003600, data: '{"uid":1,"rid":["2"]}', n: null }
    const ours = await signJwt(header, payload, key)
    const jose = await new SignJWT(payload).setProtectedHeader({ ...header, alg: 'HS256' }).sign(new TextEncoder().encode(secret))
    expect(ours).toBe(jose)
    expect((await verifyJwt(ours, { keys: [key], now: 1700000001_000 })).payload).toEqual(payload)
  })
})

/** An HS256 key that counts how often an HMAC is computed with it (each read of its secret is one). */
async function countingKey(secret: string): Promise<{ key: JwtKey; macs: () => number }> {
  const base = await hmacKey(secret)
  let n = 0
  const key: JwtKey = { alg: 'HS256', verifyKey: base.verifyKey, signKey: base.signKey }
  Object.defineProperty(key, 'hmacSecret', { get: () => (n++, base.hmacSecret) })
  return { key, macs: () => n }
}

describe('verifySignature: the one signature check and its cache', () => {
  it('checks a token once per key object: a second check of the same token is served from the cache', async () => {
    const { key, macs } = await countingKey('c'.repeat(40))
    const t = await signJwt({ typ: 'JWT' }, { exp: now() + 60, n: 1 }, key)
    const before = verifiedCacheSize()
    const signed = macs()
    expect(await verifySignature(t, [key], { exp: now() + 60 })).toBe(key)
    expect(macs() - signed).toBe(1)
    expect(verifiedCacheSize()).toBe(before + 1)
    expect(await verifySignature(t, [key], { exp: now() + 60 })).toBe(key)
    expect(await reason(verifyJwt(t, { keys: [key] }))).toBe('ok')
    expect(macs() - signed).toBe(1)
  })

  it('a token cached as verified by one key is not accepted for another key', async () => {
    const a = await hmacKey('a'.repeat(40))
    const b = await hmacKey('b'.repeat(40))
    const t = await signJwt({ typ: 'JWT' }, { exp: now() + 60 }, a)
    expect(await verifySignature(t, [a], { exp: now() + 60 })).toBe(a)
    expect(await verifySignature(t, [b], { exp: now() + 60 })).toBeNull()
    expect(await reason(verifyJwt(t, { keys: [b] }))).toBe('bad_signature')
    expect(await verifySignature(t, [b, a], { exp: now() + 60 })).toBe(a)
  })

  it('accepts only canonical base64url in all three segments, and never caches anything else (#21 item 12)', async () => {
    const { key, macs } = await countingKey('d'.repeat(40))
    const t = await signJwt({ typ: 'JWT' }, { exp: now() + 60 }, key)
    const [h, p, s] = t.split('.')
    expect(await verifySignature(t, [key], { exp: now() + 60 })).toBe(key)
    const before = verifiedCacheSize()
    const signed = macs()
    for (const bad of nonCanonical(t)) {
      expect(await verifySignature(bad, [key], { exp: now() + 60 })).toBeNull()
      expect(await reason(verifyJwt(bad, { keys: [key] }))).not.toBe('ok')
    }
    // None of them got as far as an HMAC, and none was cached.
    expect(macs() - signed).toBe(0)
    expect(verifiedCacheSize()).toBe(before)
    // The spellings decode to the same bytes as the real token: only the canonical check refuses them.
    expect(Buffer.from(flipLastBit(s), 'base64url').equals(Buffer.from(s, 'base64url'))).toBe(true)
    expect(await verifySignature(`${h}.${p}.${s}`, [key], { exp: now() + 60 })).toBe(key)
  })

  it('isCanonicalBase64url', () => {
    for (const ok of ['', 'AA', 'AAA', 'AAAA', 'QQ', 'QUI', 'a-_b']) expect(isCanonicalBase64url(ok)).toBe(true)
    for (const bad of ['A', 'QR', 'QUJ', 'QQ==', 'QUI=', 'a+/b', 'AA AA', 'AA\n', 'AAé']) expect(isCanonicalBase64url(bad)).toBe(false)
  })

  it('refuses a token whose crit names an extension jose does not know', async () => {
    const key = await hmacKey('s'.repeat(40))
    const t = await signJwt({ typ: 'JWT', crit: ['exp'], exp: 1 }, { exp: now() + 60 }, key)
    expect(await reason(verifyJwt(t, { keys: [key] }))).toBe('bad_signature')
  })
})
