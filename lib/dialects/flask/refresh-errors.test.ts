// Every way /api/auth/refresh can fail, with flask-jwt-extended 4.7's status and body (reference §3)
// in its order of checks: header, parse, alg, signature, times, claims, type, revocation.
import { keysOf } from '@/test/keys'
import { describe, expect, it, beforeAll } from 'vitest'
import { webcrypto } from 'node:crypto'
import { revokeSession } from '@/lib/core/sessions'
import { makeUser } from '@/test/factories'
import { call, jsonRequest } from '@/test/http'
import { login, refresh } from './handlers'

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64url')
const HEADER = '{"alg":"HS256","typ":"JWT"}'

/** Signs raw header and payload text with the Flask dialect's key, as anyone holding it could. */
async function forge(header: string, payload: string): Promise<string> {
  const [key] = await keysOf('flask')
  const input = `${b64(header)}.${b64(payload)}`
  const sig = await webcrypto.subtle.sign('HMAC', key.signKey as webcrypto.CryptoKey, new TextEncoder().encode(input))
  return `${input}.${b64(new Uint8Array(sig))}`
}

const now = () => Math.floor(Date.now() / 1000)
const claims = (over: Record<string, unknown> = {}, drop: string[] = []) => {
  const c: Record<string, unknown> = {
    fresh: false,
    iat: now(),
    jti: 'a0e4b8a2-0000-4000-8000-000000000000',
    type: 'refresh',
    sub: 'x',
    nbf: now(),
    csrf: 'c',
    exp: now() + 3600,
    ...over,
  }
  for (const k of drop) delete c[k]
  return JSON.stringify(c)
}

let live: { access: string; refresh: string }
let revoked: { access: string; refresh: string }

beforeAll(async () => {
  const signIn = async () => {
    const { name, password } = await makeUser()
    const r = await call(login, jsonRequest('/api/auth/login', { username: name, password }))
    return { access: r.body.data.access_token as string, refresh: r.body.data.refresh_token as string }
  }
  live = await signIn()
  revoked = await signIn()
  await revokeSession(JSON.parse(Buffer.from(revoked.refresh.split('.')[1], 'base64url').toString()).sid, 'logout')
})

type Case = [name: string, authorization: () => Promise<string | null> | string | null, status: number, msg: string]

const B = (t: string) => `Bearer ${t}`

const cases: Case[] = [
  ['no Authorization header', () => null, 401, 'Missing Authorization Header'],
  ['a blank header', () => '   ', 401, 'Missing Authorization Header'],
  ['only commas', () => ',,,', 401, 'Missing Authorization Header'],
  // flask-jwt-extended 4.7.1 raises IndexError (a 500) on an empty field; ours just does not count it.
  ['an empty field', () => ' , ,', 401, "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"],
  ['another scheme', () => 'Basic dXNlcjpwYXNz', 401, "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"],
  ['a lower-case bearer', () => 'bearer abc.def.ghi', 401, "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"],
  ['a token without a scheme', () => 'abc.def.ghi', 401, "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"],
  ['two Bearer fields', () => 'Bearer a.b.c, Bearer d.e.f', 401, "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"],
  ['Bearer alone', () => 'Bearer', 422, "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'"],
  ['Bearer with two parts', () => 'Bearer a.b.c d', 422, "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'"],
  ['one segment', () => B('abcdef'), 422, 'Not enough segments'],
  ['two segments', () => B('abc.def'), 422, 'Not enough segments'],
  ['header base64 one char long', () => B('a.eyJ9.c2ln'), 422, 'Invalid header padding'],
  [
    "header not JSON (the seed's example)",
    () => B(`${b64('{"alg":"HS256";"typ":"JWT"}')}.e30.c2ln`),
    422,
    "Invalid header string: Expecting ',' delimiter: line 1 column 15 (char 14)",
  ],
  ['empty header', () => B('.e30.c2ln'), 422, 'Invalid header string: Expecting value: line 1 column 1 (char 0)'],
  [
    'header not UTF-8',
    () => B(`${b64(Uint8Array.from([0xff, 0x7b]))}.e30.c2ln`),
    422,
    "Invalid header string: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
  ],
  ['header a JSON array', () => B(`${b64('[]')}.e30.c2ln`), 422, 'Invalid header string: must be a json object'],
  ['payload base64 one char long', () => B(`${b64(HEADER)}.a.c2ln`), 422, 'Invalid payload padding'],
  ['signature base64 one char long', () => B(`${b64(HEADER)}.e30.a`), 422, 'Invalid crypto padding'],
  ['payload not JSON', () => B(`${b64(HEADER)}.${b64('not json')}.c2ln`), 422, 'Invalid payload string: Expecting value: line 1 column 1 (char 0)'],
  [
    'payload with a trailing comma',
    () => B(`${b64(HEADER)}.${b64('{"sub":"x",}')}.c2ln`),
    422,
    'Invalid payload string: Expecting property name enclosed in double quotes: line 1 column 12 (char 11)',
  ],
  ['payload a JSON string', () => B(`${b64(HEADER)}.${b64('"x"')}.c2ln`), 422, 'Invalid payload string: must be a json object'],
  ['kid not a string', () => B(`${b64('{"alg":"HS256","kid":5}')}.e30.c2ln`), 422, 'Key ID header parameter must be a string'],
  ['no alg', () => B(`${b64('{"typ":"JWT"}')}.e30.c2ln`), 422, 'Algorithm not specified'],
  ['alg none', () => B(`${b64('{"alg":"none","typ":"JWT"}')}.${b64(claims())}.`), 422, 'The specified alg value is not allowed'],
  ['alg RS256', () => B(`${b64('{"alg":"RS256","typ":"JWT"}')}.${b64(claims())}.c2ln`), 422, 'The specified alg value is not allowed'],
  ['alg HS512', () => B(`${b64('{"alg":"HS512","typ":"JWT"}')}.${b64(claims())}.c2ln`), 422, 'The specified alg value is not allowed'],
  ['alg empty', () => B(`${b64('{"alg":"","typ":"JWT"}')}.${b64(claims())}.c2ln`), 422, 'The specified alg value is not allowed'],
  ['bad signature', () => B(`${live.refresh.slice(0, live.refresh.lastIndexOf('.'))}.${b64('not the signature')}`), 422, 'Signature verification failed'],
  ["another key's signature", () => B(`${b64(HEADER)}.${b64(claims())}.${b64('x'.repeat(32))}`), 422, 'Signature verification failed'],
  // PyJWT 2.10's text (reference §3 pins 2.10); PyJWT 2.15 says "Payload segment must be empty when 'b64' is false."
  [
    'detached payload header',
    async () => B(await forge('{"alg":"HS256","b64":false}', claims())),
    422,
    'It is required that you pass in a value for the "detached_payload" argument to decode a message having the b64 header set to false.',
  ],
  ['iat in the future', async () => B(await forge(HEADER, claims({ iat: now() + 3600, nbf: now() + 3600 }))), 422, 'The token is not yet valid (iat)'],
  ['nbf in the future', async () => B(await forge(HEADER, claims({ nbf: now() + 3600 }))), 422, 'The token is not yet valid (nbf)'],
  ['iat not an integer', async () => B(await forge(HEADER, claims({ iat: 'soon' }))), 422, 'Issued At claim (iat) must be an integer.'],
  ['nbf not an integer', async () => B(await forge(HEADER, claims({ nbf: '1.5' }))), 422, 'Not Before claim (nbf) must be an integer.'],
  ['exp not an integer', async () => B(await forge(HEADER, claims({ exp: 'later' }))), 422, 'Expiration Time claim (exp) must be an integer.'],
  ['expired', async () => B(await forge(HEADER, claims({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 }))), 401, 'Token has expired'],
  ['expired without sub (the second decode wins)', async () => B(await forge(HEADER, claims({ exp: now() - 3600 }, ['sub']))), 422, 'Missing claim: sub'],
  ['sub not a string', async () => B(await forge(HEADER, claims({ sub: 42 }))), 422, 'Subject must be a string'],
  ['jti not a string', async () => B(await forge(HEADER, claims({ jti: 7 }))), 422, 'JWT ID must be a string'],
  ['no sub', async () => B(await forge(HEADER, claims({}, ['sub']))), 422, 'Missing claim: sub'],
  ['an access token', () => B(live.access), 422, 'Only refresh tokens are allowed'],
  ['no type claim (defaults to access)', async () => B(await forge(HEADER, claims({}, ['type']))), 422, 'Only refresh tokens are allowed'],
  ['an expired access token', async () => B(await forge(HEADER, claims({ type: 'access', exp: now() - 3600 }))), 401, 'Token has expired'],
  ["a revoked session's access token", () => B(revoked.access), 422, 'Only refresh tokens are allowed'],
  ["a revoked session's refresh token", () => B(revoked.refresh), 401, 'Token has been revoked'],
  ['a refresh token naming no session of ours', async () => B(await forge(HEADER, claims())), 401, 'Token has been revoked'],
]

describe('POST /api/auth/refresh failures', () => {
  it.each(cases)('%s', async (_, header, status, msg) => {
    const value = await header()
    const r = await call(refresh, jsonRequest('/api/auth/refresh', '', { headers: value === null ? {} : { authorization: value } }))
    expect(r.status).toBe(status)
    expect(r.text).toBe(JSON.stringify({ msg }))
  })

  it('the live refresh token still works after all that', async () => {
    const r = await call(refresh, jsonRequest('/api/auth/refresh', '', { headers: { authorization: B(live.refresh) } }))
    expect(r.body.msg).toBe('刷新令牌成功')
  })
})
