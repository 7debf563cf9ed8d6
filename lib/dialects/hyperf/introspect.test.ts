// What the standards endpoints learn about Hyperf jwts (lib/core/introspection.ts).
import { keysOf } from '@/test/keys'
import { describe, expect, it } from 'vitest'
import { signJwt } from '../../core/jwt'
import { call, jsonRequest } from '../../../test/http'
import { makeUser } from '../../../test/factories'
import { deactivateJwt, getJwt, refreshJwt } from './handlers'
import { inspector } from './introspect'

async function signIn() {
  const { user, name, password } = await makeUser()
  const r = await call(getJwt, jsonRequest('/login/jwt/get', { account: name, pwd: password }))
  return { user, jwt: r.body.data.jwt as string, refreshJwt: r.body.data.refresh_jwt as string }
}

describe('hyperf inspector', () => {
  it('describes a live access and refresh jwt', async () => {
    const { user, jwt, refreshJwt: rj } = await signIn()
    const a = await inspector.inspect(jwt)
    expect(a).toMatchObject({ active: true, dialect: 'hyperf', tokenType: 'access', userId: user.id, sessionId: expect.any(String), jti: expect.any(String) })
    expect(a!.exp! - a!.iat!).toBe(86400)
    const r = await inspector.inspect(rj)
    expect(r).toMatchObject({ active: true, tokenType: 'refresh', userId: user.id, sessionId: a!.sessionId })
  })

  it('an access jwt refreshed away is inactive; the refresh jwt stays active until the session ends', async () => {
    const { jwt, refreshJwt: rj } = await signIn()
    const next = (await call(refreshJwt, jsonRequest('/login/jwt/refresh', { jwt: rj }))).body.data
    expect((await inspector.inspect(jwt))!.active).toBe(false)
    expect((await inspector.inspect(next))!.active).toBe(true)
    expect((await inspector.inspect(rj))!.active).toBe(true)
    await call(deactivateJwt, jsonRequest('/login/jwt/deactivate', { jwt: next }))
    expect((await inspector.inspect(next))!.active).toBe(false)
    expect((await inspector.inspect(rj))!.active).toBe(false)
  })

  it('an expired jwt of ours is inactive, not unknown', async () => {
    const { jwt } = await signIn()
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString())
    const [key] = await keysOf('hyperf')
    const expired = await signJwt({ typ: 'JWT', cty: '', kid: null }, { ...claims, exp: Math.floor(Date.now() / 1000) - 120 }, key)
    expect(await inspector.inspect(expired)).toMatchObject({ active: false, dialect: 'hyperf', tokenType: 'access' })
  })

  it('null for anything that is not a Hyperf jwt', async () => {
    const [other] = await keysOf('flask')
    const foreign = await signJwt({ typ: 'JWT' }, { sub: 'accredit', aud: 'pc', exp: Math.floor(Date.now() / 1000) + 600 }, other)
    for (const t of ['', 'abc', 'a.b.c', foreign, 'x'.repeat(40) + '_1700000000']) expect(await inspector.inspect(t)).toBeNull()
    // Our key but not our claims.
    const [key] = await keysOf('hyperf')
    expect(await inspector.inspect(await signJwt({ typ: 'JWT' }, { exp: Math.floor(Date.now() / 1000) + 600 }, key))).toBeNull()
  })
})
