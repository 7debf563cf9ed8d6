// #21 item 7 through the dialects' handlers: an email Flask's register stored unproved gets no
// ThinkSNS+ sign-in code and signs nobody in; the owner's registration by mail code takes it; every
// registration endpoint answers its dialect's "too many" once an address passes
// REGISTER_LIMIT_PER_HOUR_PER_IP.
import { afterEach, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { call, jsonRequest } from '../../test/http'
import { phone } from '../../test/factories'
import { config, setConfigForTests } from '../config'
import * as flask from './flask/handlers'
import * as hyperf from './hyperf/handlers'
import * as thinksns from './thinksns/handlers'

afterEach(() => setConfigForTests(undefined))

const hex = () => randomBytes(4).toString('hex')
const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } })

describe('an email stored without a code (ThinkSNS+ after Flask register)', () => {
  it('gets no sign-in code and signs nobody in; the owner registering by mail code takes it', async () => {
    const victim = `victim-${hex()}@example.com`
    const reg = await call(flask.register, jsonRequest('/api/auth/register', { username: `att${hex()}`, password: 'attacker_pw_1', email: victim }))
    expect(reg.body).toMatchObject({ code: 0, msg: '注册成功' })

    const send = await call(thinksns.sendUserCode, jsonRequest('/api/v2/verifycodes', { email: victim }))
    expect(send.status).toBe(422)
    expect(send.body.errors).toEqual({ email: ['请求的用户不存在'] })

    // The registration code is not refused: the squatter never proved the address.
    const regCode = await call(thinksns.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { email: victim }))
    expect(regCode.status).toBe(202)
    const name = `v${hex()}`
    const created = await call(
      thinksns.register,
      jsonRequest('/api/v2/users', { email: victim, name, password: 'victim_pw_1', verifiable_type: 'mail', verifiable_code: regCode.body.code }),
    )
    expect(created.status).toBe(201)

    const code = await call(thinksns.sendUserCode, jsonRequest('/api/v2/verifycodes', { email: victim }))
    expect(code.status).toBe(202)
    const login = await call(thinksns.login, jsonRequest('/api/v2/auth/login', { login: victim, verifiable_code: code.body.code }))
    expect(login.status).toBe(200)
    const me = await call(
      thinksns.currentUser,
      new Request('http://localhost:3000/api/v2/user', { headers: { authorization: `Bearer ${login.body.access_token}` } }),
    )
    expect(me.body.name).toBe(name)
  })

  it('a ThinkSNS+ registration by SMS code is not blocked by an unproved phone, but an unproved email next to it is "taken"', async () => {
    const email = `held-${hex()}@example.com`
    await call(flask.register, jsonRequest('/api/auth/register', { username: `hold${hex()}`, password: 'secret_123', email }))
    const p = phone()
    const sent = await call(thinksns.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { phone: p }))
    const r = await call(
      thinksns.register,
      jsonRequest('/api/v2/users', { phone: p, email, name: `s${hex()}`, verifiable_type: 'sms', verifiable_code: sent.body.code }),
    )
    expect(r.status).toBe(422)
    expect(r.body.errors).toEqual({ email: ['邮箱地址已存在'] })
  })
})

describe('registration limit per address, in each dialect', () => {
  it("Flask, ThinkSNS+ and Hyperf register answer their dialect's rate_limited", async () => {
    setConfigForTests({ ...config(), REGISTER_LIMIT_PER_HOUR_PER_IP: 1 })
    const ip = '203.0.113.9'
    const first = await call(flask.register, jsonRequest('/api/auth/register', { username: `f${hex()}`, password: 'secret_123' }, from(ip)))
    expect(first.body).toMatchObject({ code: 0 })
    const flaskRefused = await call(flask.register, jsonRequest('/api/auth/register', { username: `f${hex()}`, password: 'secret_123' }, from(ip)))
    expect(flaskRefused.status).toBe(429)
    expect(flaskRefused.body).toEqual({ code: 1, data: null, msg: '请求过于频繁，请稍后再试' })

    const email = `l-${hex()}@example.com`
    const regCode = await call(thinksns.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { email }, from(ip)))
    const sns = await call(
      thinksns.register,
      jsonRequest('/api/v2/users', { email, name: `s${hex()}`, password: 'secret_123', verifiable_type: 'mail', verifiable_code: regCode.body.code }, from(ip)),
    )
    expect(sns.status).toBe(429)
    expect(sns.body).toEqual({ message: 'Too Many Attempts.' })
    expect(Number(sns.headers.get('retry-after'))).toBeGreaterThan(60)

    const p = phone()
    const sms = await call(hyperf.sendSms, jsonRequest('/login/send/sms', { phone: p }, from(ip)))
    const h = await call(
      hyperf.register,
      jsonRequest(
        '/login/register',
        { account: `h${hex()}`, password: 'abc_12345', password_confirmation: 'abc_12345', phone: p, code: sms.body.data.code },
        from(ip),
      ),
    )
    expect(h.body).toMatchObject({ code: 9905, msg: '当前用户较多，请稍后再试' })

    // The code was not spent by the refused registration: from another address it still registers.
    const elsewhere = await call(
      hyperf.register,
      jsonRequest(
        '/login/register',
        { account: `h${hex()}`, password: 'abc_12345', password_confirmation: 'abc_12345', phone: p, code: sms.body.data.code },
        from('203.0.113.10'),
      ),
    )
    expect(elsewhere.body).toMatchObject({ code: 200 })
  })
})
