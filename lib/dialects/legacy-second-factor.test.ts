// #26 MFA_LEGACY_DIALECTS: the legacy login APIs cannot ask for a second factor. `allow` (default)
// lets a user with one sign in there with the password; `refuse` answers exactly as that dialect
// answers a wrong password, so the client sees its own "bad credentials".
import { afterEach, describe, expect, it } from 'vitest'
import { Secret, TOTP } from 'otpauth'
import { loadConfig, setConfigForTests } from '@/lib/config'
import { beginTotpEnrolment, confirmTotpEnrolment } from '@/lib/core/factors/totp'
import { makeUser } from '@/test/factories'
import { call, jsonRequest } from '@/test/http'
import * as thinksns from './thinksns/handlers'
import * as hyperf from './hyperf/handlers'
import * as flask from './flask/handlers'
import * as rageframe from './rageframe/handlers'

type Login = (login: string, password: string) => Promise<{ status: number; text: string }>
const DIALECTS: [string, Login][] = [
  ['thinksns', (login, password) => call(thinksns.login, jsonRequest('/api/v2/auth/login', { login, password }))],
  ['hyperf', (account, pwd) => call(hyperf.getJwt, jsonRequest('/login/jwt/get', { account, pwd }))],
  ['flask', (username, password) => call(flask.login, jsonRequest('/api/auth/login', { username, password }))],
  ['rageframe', (username, password) => call(rageframe.login, jsonRequest('/v1/site/login', { username, password }))],
]

async function userWithTotp() {
  const { user, name, password } = await makeUser()
  const e = await beginTotpEnrolment(user)
  await confirmTotpEnrolment(user.id, e.factorId, new TOTP({ secret: Secret.fromBase32(e.secret) }).generate())
  return { name, password: password! }
}

afterEach(() => setConfigForTests(undefined))

describe.each(DIALECTS)('%s login of a user with a second factor', (_, login) => {
  it('allow (default): signs in with the password alone', async () => {
    const { name, password } = await userWithTotp()
    const ok = await login(name, password)
    const wrong = await login(name, 'wrong_pass_1')
    expect(ok.text).not.toBe(wrong.text)
  })

  it('refuse: answers as the dialect answers a wrong password, byte for byte', async () => {
    setConfigForTests(loadConfig({ ...process.env, MFA_LEGACY_DIALECTS: 'refuse' }))
    const { name, password } = await userWithTotp()
    const refused = await login(name, password)
    const wrong = await login(name, 'wrong_pass_1')
    expect({ status: refused.status, text: refused.text }).toEqual({ status: wrong.status, text: wrong.text })
    // A user without a second factor still signs in.
    const plain = await makeUser()
    expect((await login(plain.name, plain.password!)).text).not.toBe(wrong.text)
  })
})
