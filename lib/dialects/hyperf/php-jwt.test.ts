// A token of each kind firebase/php-jwt 6.9 refuses gets php-jwt's exact message after
// "认证失败：" (reference §2), through /login/jwt/status, in php-jwt's order of checks.
import { keysOf, secretOf } from '@/test/keys'
import { describe, expect, it } from 'vitest'
import { createHmac } from 'node:crypto'
import { AuthError } from '../../core/errors'
import { hmacKey, signJwt, verifiedCacheSize, verifyJwt, type JwtKey } from '../../core/jwt'
import { decodeFlaskJwt } from '../flask/pyjwt'
import { call, jsonRequest } from '../../../test/http'
import { deactivateJwt, getJwt, jwtStatus, refreshJwt, register, sendSms } from './handlers'
import { jsonDecode, phpBase64UrlDecode, phpDateIso8601, phpJwtDecode } from './php-jwt'
import { phone } from '../../../test/factories'
import { nonCanonical } from '../../../test/base64url'

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url')
const HEADER = b64('{"typ":"JWT","alg":"HS256"}')
const now = () => Math.floor(Date.now() / 1000)

/** Signs header.payload (given as raw JSON text) with the Hyperf key, as php-jwt would. */
async function hs256(headerJson: string, payloadJson: string): Promise<string> {
  const input = `${b64(headerJson)}.${b64(payloadJson)}`
  // The same secret the dialect signs with (HYPERF_JWT_KEY or its derived default).
  return `${input}.${createHmac('sha256', secretOf('hyperf')).update(input).digest('base64url')}`
}

async function statusMessage(jwt: string): Promise<{ status: number; msg: string }> {
  const r = await call(jwtStatus, jsonRequest('/login/jwt/status', { jwt }))
  expect(r.body).toMatchObject({ code: 9908, status: false, data: [] })
  return { status: r.status, msg: r.body.msg }
}

describe("php-jwt's messages, each through /login/jwt/status (401 9908)", () => {
  it.each([
    ['one segment', 'abc', 'Wrong number of segments'],
    ['four segments', 'a.b.c.d', 'Wrong number of segments'],
    ['an empty string of dots', '..', 'Syntax error, malformed JSON'],
    ['a header that is not JSON', `${b64('{"alg":')}.${b64('{}')}.x`, 'Syntax error, malformed JSON'],
    ['a header that is JSON null', `${b64('null')}.${b64('{}')}.x`, 'Invalid header encoding'],
    ['claims that are not JSON', `${HEADER}.${b64('{"exp":1')}.x`, 'Syntax error, malformed JSON'],
    ['claims that are JSON null', `${HEADER}.${b64('null')}.x`, 'Invalid claims encoding'],
    ['claims that are a number', `${HEADER}.${b64('123')}.x`, 'Payload must be a JSON object'],
    ['claims that are a string', `${HEADER}.${b64('"abc"')}.x`, 'Payload must be a JSON object'],
    ['a header without alg', `${b64('{"typ":"JWT"}')}.${b64('{}')}.x`, 'Empty algorithm'],
    ['alg ""', `${b64('{"alg":""}')}.${b64('{}')}.x`, 'Empty algorithm'],
    ['alg none', `${b64('{"alg":"none"}')}.${b64('{}')}.x`, 'Algorithm not supported'],
    ['alg HS999', `${b64('{"alg":"HS999"}')}.${b64('{}')}.x`, 'Algorithm not supported'],
    ['alg HS512 with an HS256 key', `${b64('{"alg":"HS512"}')}.${b64('{}')}.x`, 'Incorrect key for this algorithm'],
    ['a forged signature', `${HEADER}.${b64('{"exp":9999999999}')}.${b64('forged')}`, 'Signature verification failed'],
    // json_decode's own codes, as php-jwt's handleJsonError() words them.
    ['an unterminated string', `${b64('{"alg":"HS256')}.${b64('{}')}.x`, 'Unexpected control character found'],
    ['a mismatched bracket', `${b64('{"alg":"HS256"]')}.${b64('{}')}.x`, 'Invalid or malformed JSON'],
    ['broken UTF-8', `${b64(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))}.${b64('{}')}.x`, 'Malformed UTF-8 characters'],
    ['a lone surrogate', `${b64('{"alg":"\\ud800"}')}.${b64('{}')}.x`, 'Unknown JSON error: 10'],
    ['" null " with spaces', `${b64(' null ')}.${b64('{}')}.x`, 'Null result with non-null input'],
  ])('%s → %s', async (_name, jwt, message) => {
    expect(await statusMessage(jwt)).toEqual({ status: 401, msg: `认证失败：${message}` })
  })

  it("a token signed with another dialect's key → Signature verification failed", async () => {
    const [thinksnsKey] = await keysOf('thinksns')
    const t = await signJwt({ typ: 'JWT' }, { sub: 'accredit', aud: 'pc', exp: now() + 600 }, thinksnsKey)
    expect(await statusMessage(t)).toEqual({ status: 401, msg: '认证失败：Signature verification failed' })
  })

  it('nbf in the future → "Cannot handle token with nbf prior to" + date(DateTime::ISO8601) in Asia/Shanghai', async () => {
    const t = await hs256('{"typ":"JWT","alg":"HS256"}', '{"iat":1900000000,"nbf":1900000000,"exp":1900086400}')
    expect(await statusMessage(t)).toEqual({ status: 401, msg: '认证失败：Cannot handle token with nbf prior to 2030-03-18T01:46:40+0800' })
  })

  it('iat in the future without nbf → "Cannot handle token with iat prior to ..."', async () => {
    const t = await hs256('{"typ":"JWT","alg":"HS256"}', '{"iat":1900000000,"exp":1900086400}')
    expect(await statusMessage(t)).toEqual({ status: 401, msg: '认证失败：Cannot handle token with iat prior to 2030-03-18T01:46:40+0800' })
  })

  it('exp passed (beyond the 30 s leeway) → Expired token; inside the leeway it is not expired', async () => {
    const expired = await hs256('{"typ":"JWT","alg":"HS256"}', `{"iat":${now() - 7200},"nbf":${now() - 7200},"exp":${now() - 31}}`)
    expect(await statusMessage(expired)).toEqual({ status: 401, msg: '认证失败：Expired token' })
    // Inside the leeway the php-jwt checks pass; it is not one of our session tokens, so it is refused as such.
    const fresh = await hs256('{"typ":"JWT","alg":"HS256"}', `{"iat":${now() - 7200},"nbf":${now() - 7200},"exp":${now() - 5}}`)
    expect(await statusMessage(fresh)).toEqual({ status: 401, msg: '认证失败：jwt expired or revoked' })
  })

  // #21 item 12: php-jwt itself skips bytes outside the base64 alphabet, so `<signature>=!` would
  // verify there; we accept only canonical base64url (lib/core/jwt.ts) and answer php-jwt's
  // message for a bad signature.
  it('padding or stray characters in any segment: Signature verification failed', async () => {
    const t = await hs256('{"typ":"JWT","alg":"HS256"}', `{"exp":${now() + 3600}}`)
    const [h, p, s] = t.split('.')
    for (const bad of [`${h}.${p}.${s}=!`, `${h}.${p}.${s}=`, `${h}.${p}!.${s}`, `${h}=.${p}.${s}`, ...nonCanonical(t)]) {
      expect(await statusMessage(bad)).toEqual({ status: 401, msg: '认证失败：Signature verification failed' })
    }
    // The canonical token gets past the signature (then: not ours).
    expect(await statusMessage(t)).not.toEqual({ status: 401, msg: '认证失败：Signature verification failed' })
  })

  it('the same messages on deactivate and refresh', async () => {
    for (const [handler, path] of [
      [deactivateJwt, '/login/jwt/deactivate'],
      [refreshJwt, '/login/jwt/refresh'],
    ] as const) {
      const r = await call(handler, jsonRequest(path, { jwt: `${b64('{"alg":"none"}')}.${b64('{}')}.` }))
      expect(r.status).toBe(401)
      expect(r.body).toEqual({ code: 9908, msg: '认证失败：Algorithm not supported', status: false, data: [] })
    }
  })

  it('an expired jwt of ours → Expired token, a tampered one → Signature verification failed', async () => {
    const p = phone()
    const code = (await call(sendSms, jsonRequest('/login/send/sms', { phone: p }))).body.data.code
    await call(
      register,
      jsonRequest('/login/register', { account: 'JwtKinds', password: 'pw1_long_enough', password_confirmation: 'pw1_long_enough', phone: p, code }),
    )
    const { jwt } = (await call(getJwt, jsonRequest('/login/jwt/get', { account: 'JwtKinds', pwd: 'pw1_long_enough' }))).body.data
    const [h, payload, s] = jwt.split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const tampered = `${h}.${b64(JSON.stringify({ ...claims, data: '{"uid":1,"rid":["1"]}' }))}.${s}`
    expect(await statusMessage(tampered)).toEqual({ status: 401, msg: '认证失败：Signature verification failed' })
    const [key] = await keysOf('hyperf')
    const expired = await signJwt({ typ: 'JWT', cty: '', kid: null }, { ...claims, exp: now() - 60 }, key)
    expect(await statusMessage(expired)).toEqual({ status: 401, msg: '认证失败：Expired token' })
  })
})

describe('PHP building blocks', () => {
  it('base64_decode is non-strict: unknown bytes and padding are skipped', () => {
    expect(Buffer.from(phpBase64UrlDecode('eyJ-_w')).toString('hex')).toBe(Buffer.from('eyJ-_w', 'base64url').toString('hex'))
    expect(Buffer.from(phpBase64UrlDecode('e y=J!9')).toString('latin1')).toBe(Buffer.from('eyJ9', 'base64').toString('latin1'))
  })

  it.each([
    ['{"a":1}', { value: { a: 1 } }],
    ['[1,"x",true,null]', { value: [1, 'x', true, null] }],
    ['null', { value: null }],
    ['', { error: 'Syntax error, malformed JSON' }],
    ['{"a":1,}', { error: 'Syntax error, malformed JSON' }],
    ['[1}', { error: 'Invalid or malformed JSON' }],
    ['{"a":"b\u0001"}', { error: 'Unexpected control character found' }],
    ['"a\\x"', { error: 'Syntax error, malformed JSON' }],
    ['{"\\u0000a":1}', { error: 'Unknown JSON error: 9' }],
    ['12345678901234567890', { value: '12345678901234567890' }],
    ['"\\ud83d\\ude00"', { value: '😀' }],
    ['NULL', { error: 'Syntax error, malformed JSON' }],
  ])('json_decode(%j)', (input, expected) => {
    expect(jsonDecode(Buffer.from(input, 'utf8'))).toEqual(expected)
  })

  it('depth 512 is too deep', () => {
    expect(jsonDecode(Buffer.from('['.repeat(511) + ']'.repeat(511)))).toHaveProperty('value')
    expect(jsonDecode(Buffer.from('['.repeat(512) + ']'.repeat(512)))).toEqual({ error: 'Maximum stack depth exceeded' })
  })

  it('a "__proto__" claim is data, not a prototype', () => {
    const r = jsonDecode(Buffer.from('{"__proto__":{"x":1}}')) as { value: Record<string, unknown> }
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype)
    expect((r.value as { x?: unknown }).x).toBeUndefined()
  })

  it('date(DateTime::ISO8601) in the configured zone', () => {
    expect(phpDateIso8601(1700000000, 'Asia/Shanghai')).toBe('2023-11-15T06:13:20+0800')
    expect(phpDateIso8601(1700000000, 'UTC')).toBe('2023-11-14T22:13:20+0000')
    expect(phpDateIso8601(1700000000, 'America/New_York')).toBe('2023-11-14T17:13:20-0500')
  })
})

describe("php-jwt parses; the signature is the core's one check with its one cache", () => {
  const opts = { leeway: 30, timeZone: 'Asia/Shanghai' }
  const claims = () => ({ iss: 'http://127.0.0.1', sub: 'accredit', aud: 'pc', iat: now(), nbf: now(), exp: now() + 600, data: '{"uid":1}' })
  const flaskMessage = async (token: string, keys: JwtKey[]) => {
    try {
      await decodeFlaskJwt(token, { keys, leeway: 30, issuer: null })
      return 'ok'
    } catch (e) {
      if (e instanceof AuthError) return String(e.detail.msg)
      throw e
    }
  }
  const joseReason = async (token: string, keys: JwtKey[]) => {
    try {
      await verifyJwt(token, { keys })
      return 'ok'
    } catch (e) {
      if (e instanceof AuthError) return String(e.detail.reason)
      throw e
    }
  }

  it("a token verified through one dialect's keys is not accepted through another dialect's", async () => {
    // Two dialects' key sets (as HYPERF_JWT_KEY and FLASK_JWT_SECRET_KEY give them).
    const hyperf = [await hmacKey('hyperf-secret-'.padEnd(40, 'h'))]
    const flask = [await hmacKey('flask-secret-'.padEnd(40, 'f'))]
    const hyperfToken = await signJwt({ typ: 'JWT' }, claims(), hyperf[0])
    expect(await phpJwtDecode(hyperfToken, hyperf, opts)).toMatchObject({ ok: true })
    expect(await flaskMessage(hyperfToken, flask)).toBe('Signature verification failed')
    expect(await phpJwtDecode(hyperfToken, flask, opts)).toEqual({ ok: false, message: 'Signature verification failed' })
    expect(await joseReason(hyperfToken, flask)).toBe('bad_signature')

    // and the other way round: verified through Flask's parser first
    const flaskToken = await signJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims(), sub: 'a-uuid', type: 'refresh' }, flask[0])
    expect(await flaskMessage(flaskToken, flask)).toBe('ok')
    expect(await phpJwtDecode(flaskToken, hyperf, opts)).toEqual({ ok: false, message: 'Signature verification failed' })
    expect(await joseReason(flaskToken, hyperf)).toBe('bad_signature')
  })

  it('a token php-jwt verified is served from the single cache: no second HMAC, here or in the other parsers', async () => {
    const base = await hmacKey('counted-'.padEnd(40, 'c'))
    let macs = 0
    // Every HMAC computed with this key reads its secret once.
    const key: JwtKey = { alg: 'HS256', verifyKey: base.verifyKey, signKey: base.signKey }
    Object.defineProperty(key, 'hmacSecret', { get: () => (macs++, base.hmacSecret) })
    const t = await signJwt({ typ: 'JWT' }, { ...claims(), sub: 'a-uuid' }, key)
    const signed = macs
    const size = verifiedCacheSize()
    expect(await phpJwtDecode(t, [key], opts)).toMatchObject({ ok: true })
    expect(macs - signed).toBe(1)
    expect(verifiedCacheSize()).toBe(size + 1)
    expect(await phpJwtDecode(t, [key], opts)).toMatchObject({ ok: true })
    expect(await joseReason(t, [key])).toBe('ok')
    expect(await flaskMessage(t, [key])).toBe('ok')
    expect(macs - signed).toBe(1)
    expect(verifiedCacheSize()).toBe(size + 1)
  })

  it("a cached token still gets php-jwt's time messages", async () => {
    const key = await hmacKey('timed-'.padEnd(40, 't'))
    const t = await signJwt({ typ: 'JWT' }, { ...claims(), exp: now() + 5 }, key)
    expect(await phpJwtDecode(t, [key], opts)).toMatchObject({ ok: true })
    expect(await phpJwtDecode(t, [key], { ...opts, now: (now() + 40) * 1000 })).toMatchObject({ ok: false, message: 'Expired token' })
    expect(await phpJwtDecode(t, [key], { ...opts, now: (now() - 3600) * 1000 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Cannot handle token with nbf prior to /),
    })
  })
})
