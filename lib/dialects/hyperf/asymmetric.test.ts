// With JWT_SIGNING_ALG=ES256 or EdDSA (SPEC §4), Hyperf jwts are signed with the dialect's
// asymmetric key (with its kid) and the php-jwt-compatible check verifies them the same way.
import { secretOf } from '@/test/keys'
import { afterAll, describe, expect, it } from 'vitest'
import { createHmac } from 'node:crypto'
import { config, loadConfig, setConfigForTests } from '../../config'
import { invalidateSigningKeys } from '../../core/signing-keys'
import { call, jsonRequest } from '../../../test/http'
import { makeUser } from '../../../test/factories'
import { getJwt, jwtStatus, refreshJwt } from './handlers'

const original = config()
afterAll(() => {
  setConfigForTests(original)
  invalidateSigningKeys()
})

const b64 = (s: string) => Buffer.from(s).toString('base64url')

describe.each(['ES256', 'EdDSA'] as const)('Hyperf jwts with JWT_SIGNING_ALG=%s', (alg) => {
  it("sign in, status, refresh; an HS256 token is refused with php-jwt's text", async () => {
    setConfigForTests(loadConfig({ ...process.env, JWT_SIGNING_ALG: alg }))
    invalidateSigningKeys()
    const { name, password, user } = await makeUser()
    const got = await call(getJwt, jsonRequest('/login/jwt/get', { account: name, pwd: password }))
    expect(got.body.code).toBe(200)
    const { jwt, refresh_jwt } = got.body.data
    const header = JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString())
    expect(header).toEqual({ typ: 'JWT', cty: '', kid: expect.stringMatching(/^hyperf/), alg })

    const status = await call(jwtStatus, jsonRequest('/login/jwt/status', { jwt }))
    expect(status.body).toMatchObject({ code: 200, data: { uid: user.id } })
    const refreshed = await call(refreshJwt, jsonRequest('/login/jwt/refresh', { jwt: refresh_jwt }))
    expect(refreshed.body).toMatchObject({ code: 200, data: expect.any(String) })

    const input = `${b64('{"typ":"JWT","alg":"HS256"}')}.${b64('{"exp":9999999999}')}`
    const hs = `${input}.${createHmac('sha256', secretOf('hyperf')).update(input).digest('base64url')}`
    const r = await call(jwtStatus, jsonRequest('/login/jwt/status', { jwt: hs }))
    expect(r.status).toBe(401)
    expect(r.body).toEqual({ code: 9908, msg: '认证失败：Incorrect key for this algorithm', status: false, data: [] })

    const [h, p, s] = (refreshed.body.data as string).split('.')
    const flipped = `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`
    const bad = await call(jwtStatus, jsonRequest('/login/jwt/status', { jwt: flipped }))
    expect(bad.body.msg).toBe('认证失败：Signature verification failed')
  })
})
