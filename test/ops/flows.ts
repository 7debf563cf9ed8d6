// Each dialect's main flow as its real clients run it (SPEC §5): send a code where the dialect has
// one, register, sign in, use the token, refresh, end the session. Every step asserts its answer,
// so a flow that returns has worked end to end. `base` is nginx or one instance.
import { expect } from 'vitest'
import { PASSWORD, phone, request, unique, type Answer } from './harness'

type Ctx = { base: string; from: string }

const ok = (a: Answer, what: string) => {
  expect(a.status, `${what}: ${a.status} ${a.text.slice(0, 300)}`).toBeGreaterThanOrEqual(200)
  expect(a.status, `${what}: ${a.status} ${a.text.slice(0, 300)}`).toBeLessThan(300)
  return a
}

export async function thinksnsFlow({ base, from }: Ctx) {
  const p = phone()
  const name = `t${unique()}`
  const sent = ok(await request(base, '/api/v2/verifycodes/register', { body: { phone: p }, from }), 'thinksns code')
  const code = sent.body?.code
  expect(code, sent.text).toMatch(/^\d{4,6}$/)
  ok(
    await request(base, '/api/v2/users', { body: { phone: p, name, password: PASSWORD, verifiable_type: 'sms', verifiable_code: code }, from }),
    'thinksns register',
  )
  const login = ok(await request(base, '/api/v2/auth/login', { body: { login: name, password: PASSWORD }, from }), 'thinksns login')
  let token: string = login.body.access_token
  ok(await request(base, '/api/v2/user', { headers: { authorization: `Bearer ${token}` }, from }), 'thinksns current user')
  const refreshed = ok(await request(base, '/api/v2/auth/refresh', { method: 'POST', headers: { authorization: `Bearer ${token}` }, from }), 'thinksns refresh')
  token = refreshed.body.access_token
  ok(await request(base, '/api/v2/user', { headers: { authorization: `Bearer ${token}` }, from }), 'thinksns current user after refresh')
  return { name, token }
}

export async function hyperfFlow({ base, from }: Ctx) {
  const p = phone()
  const account = `h${unique()}`
  const sms = ok(await request(base, '/login/send/sms', { body: { phone: p }, from }), 'hyperf sms')
  expect(sms.body?.code, sms.text).toBe(200)
  const code = sms.body.data?.code
  expect(code, sms.text).toMatch(/^\d{4,6}$/)
  const reg = ok(
    await request(base, '/login/register', { body: { account, password: PASSWORD, password_confirmation: PASSWORD, phone: p, code }, from }),
    'hyperf register',
  )
  expect(reg.body?.code, reg.text).toBe(200)
  const get = ok(await request(base, '/login/jwt/get', { body: { account, pwd: PASSWORD }, from }), 'hyperf get')
  expect(get.body?.code, get.text).toBe(200)
  const { jwt, refresh_jwt: refreshJwt } = get.body.data
  const status = ok(await request(base, '/login/jwt/status', { body: { jwt }, from }), 'hyperf status')
  expect(status.body?.code, status.text).toBe(200)
  const refreshed = ok(await request(base, '/login/jwt/refresh', { body: { jwt: refreshJwt }, from }), 'hyperf refresh')
  expect(refreshed.body?.code, refreshed.text).toBe(200)
  const access = refreshed.body.data as string
  const again = ok(await request(base, '/login/jwt/status', { body: { jwt: access }, from }), 'hyperf status after refresh')
  expect(again.body?.code, again.text).toBe(200)
  return { account, jwt: access }
}

export async function flaskFlow({ base, from }: Ctx) {
  const username = `f${unique()}`
  const reg = ok(await request(base, '/api/auth/register', { body: { username, password: PASSWORD }, from }), 'flask register')
  expect(reg.body?.code, reg.text).toBe(0)
  const login = ok(await request(base, '/api/auth/login', { body: { username, password: PASSWORD }, from }), 'flask login')
  expect(login.body?.code, login.text).toBe(0)
  const refreshed = ok(
    await request(base, '/api/auth/refresh', { method: 'POST', headers: { authorization: `Bearer ${login.body.data.refresh_token}` }, from }),
    'flask refresh',
  )
  expect(refreshed.body?.code, refreshed.text).toBe(0)
  const me = ok(await request(base, '/api/me', { headers: { authorization: `Bearer ${refreshed.body.data.access_token}` }, from }), 'flask token at /api/me')
  expect(me.body?.sub ?? me.body?.id ?? me.body?.name, me.text).toBeTruthy()
  return { username, access: refreshed.body.data.access_token as string }
}

/** RageFrame signs in users registered elsewhere (it has no register endpoint, seed 004). */
export async function rageframeFlow({ base, from }: Ctx) {
  const username = `r${unique()}`
  ok(await request(base, '/api/auth/register', { body: { username, password: PASSWORD }, from }), 'register for rageframe')
  const login = ok(await request(base, '/v1/site/login', { body: { username, password: PASSWORD, group: 'app' }, from }), 'rageframe login')
  expect(login.body?.code, login.text).toBe(200)
  let pair = login.body.data as { access_token: string; refresh_token: string }
  const info = ok(await request(base, `/v1/member/info?access-token=${pair.access_token}`, { from }), 'rageframe member info')
  expect(info.body?.code, info.text).toBe(200)
  const refreshed = ok(await request(base, '/v1/site/refresh', { body: { refresh_token: pair.refresh_token, group: 'app' }, from }), 'rageframe refresh')
  expect(refreshed.body?.code, refreshed.text).toBe(200)
  pair = refreshed.body.data
  const info2 = ok(await request(base, `/v1/member/info?access-token=${pair.access_token}`, { from }), 'rageframe member info after refresh')
  expect(info2.body?.code, info2.text).toBe(200)
  return { username, pair }
}

export const FLOWS = { thinksns: thinksnsFlow, hyperf: hyperfFlow, flask: flaskFlow, rageframe: rageframeFlow }
