// 注销账号 (#24, decision 0015): the person's data goes, the audit stays, and no dialect lets the
// deleted account in again — by name, phone, email, id, code, or a token it held before.
import { describe, expect, it } from 'vitest'
import { makeUser, phone } from '../../test/factories'
import { kindOf as kind } from '../../test/errors'
import { call, getRequest, jsonRequest } from '../../test/http'
import * as flask from '../dialects/flask/handlers'
import * as hyperf from '../dialects/hyperf/handlers'
import * as rageframe from '../dialects/rageframe/handlers'
import * as thinksns from '../dialects/thinksns/handlers'
import { sendCode } from '../providers'
import { db } from '../db'
import { deleteOwnAccount, isDeletedAccount, tombstoneName } from './account-deletion'
import { authenticateWithCode, authenticateWithPassword, findUserByLogin } from './users'
import { createSession, listUserSessions } from './sessions'

const PASSWORD = 'Zhougezuishuai22' // valid in every dialect

async function signedInEverywhere() {
  const p = phone()
  const email = `del-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`
  const { user, name } = await makeUser({ name: `del${Math.random().toString(36).slice(2, 10)}`, password: PASSWORD, phone: p, email, wechatOpenid: `wx-${p}` })
  const f = await call(flask.login, jsonRequest('/api/auth/login', { username: name, password: PASSWORD }))
  const r = await call(rageframe.login, jsonRequest('/v1/site/login', { username: name, password: PASSWORD, group: 'app' }))
  const t = await call(thinksns.login, jsonRequest('/api/v2/auth/login', { login: p, password: PASSWORD }))
  const h = await call(hyperf.getJwt, jsonRequest('/login/jwt/get', { account: email, pwd: PASSWORD }))
  expect([f.body.msg, r.body.message, t.status, h.body.code]).toEqual(['登录成功', 'OK', 200, 200])
  return {
    user,
    name,
    phone: p,
    email,
    tokens: { flask: f.body.data.refresh_token, rageframe: r.body.data.access_token, thinksns: t.body.access_token, hyperf: h.body.data.jwt },
  }
}

describe('deleteOwnAccount', () => {
  it('removes the personal data, keeps the audit with the user id, and ends every session', async () => {
    const { user, tokens } = await signedInEverywhere()
    await db().legacyAccount.create({ data: { system: 'thinksns', legacyId: `old-${user.id}`, userId: user.id } })
    await db().userFactor.create({ data: { id: `f-${user.id}`, userId: user.id, kind: 'totp', name: 'phone', secret: 'x', confirmedAt: new Date() } })
    await db().oidcConsent.create({ data: { userId: user.id, clientId: 'app', scopes: 'openid' } })
    await db().oidcModel.create({ data: { kind: 'Grant', id: `g-${user.id}`, payload: JSON.stringify({ accountId: user.uuid, clientId: 'app' }) } })
    const before = await db().auditEvent.count({ where: { userId: user.id } })

    const { sessionsEnded } = await deleteOwnAccount(user.id, { ip: '203.0.113.9', client: 'browser' })
    expect(sessionsEnded).toBe(4)

    const row = (await db().user.findUnique({ where: { id: user.id } }))!
    expect(row).toMatchObject({
      name: tombstoneName(user.id),
      phone: null,
      email: null,
      phoneVerifiedAt: null,
      emailVerifiedAt: null,
      passwordHash: null,
      wechatOpenid: null,
      wechatUnionid: null,
      lastLoginIp: null,
      status: 'disabled',
      uuid: user.uuid,
    })
    expect(isDeletedAccount(row)).toBe(true)
    expect(await db().legacyAccount.count({ where: { userId: user.id } })).toBe(0)
    expect(await db().userFactor.count({ where: { userId: user.id } })).toBe(0)
    expect(await db().userRole.count({ where: { userId: user.id } })).toBe(0)
    expect(await db().oidcConsent.count({ where: { userId: user.id } })).toBe(0)
    expect(await db().oidcModel.count({ where: { id: `g-${user.id}` } })).toBe(0)
    expect(await listUserSessions(user.id)).toEqual([])
    const rows = await db().session.findMany({ where: { userId: user.id } })
    expect(rows.every((s) => s.revokedAt !== null && s.ip === null && s.userAgent === null)).toBe(true)

    // The audit keeps every earlier event, and one more says the account was deleted, by its owner.
    const events = await db().auditEvent.findMany({ where: { userId: user.id }, orderBy: { id: 'asc' } })
    expect(events.length).toBeGreaterThan(before)
    const deleted = events.filter((e) => e.kind === 'account.deleted')
    expect(deleted).toHaveLength(1)
    expect(deleted[0]).toMatchObject({ actorId: user.id, ip: '203.0.113.9' })

    // Its tokens from before are dead in every dialect.
    expect((await call(rageframe.memberInfo, getRequest('/v1/member/info', { authorization: `Bearer ${tokens.rageframe}` }))).body.code).toBe(401)
    expect((await call(thinksns.currentUser, getRequest('/api/v2/user', { authorization: `Bearer ${tokens.thinksns}` }))).status).toBe(401)
    expect((await call(hyperf.jwtStatus, jsonRequest('/login/jwt/status', { jwt: tokens.hyperf }))).body.code).not.toBe(200)
    expect((await call(flask.refresh, jsonRequest('/api/auth/refresh', '', { headers: { authorization: `Bearer ${tokens.flask}` } }))).body.msg).not.toBe(
      '刷新令牌成功',
    )
  })

  it('a deleted account signs in through no dialect: not by its old name, phone, email, id or a code', async () => {
    const { user, name, phone: p, email } = await signedInEverywhere()
    await deleteOwnAccount(user.id)
    expect(await findUserByLogin(name)).toBeNull()
    expect(await findUserByLogin(p)).toBeNull()
    expect(await findUserByLogin(email)).toBeNull()
    for (const login of [name, p, email]) {
      expect(await kind(authenticateWithPassword(login, PASSWORD, { client: 'thinksns' }))).toBe('user_not_found')
    }
    // The row is still found by its id and tombstone name, and has no password.
    for (const login of [String(user.id), tombstoneName(user.id)]) {
      expect(await kind(authenticateWithPassword(login, PASSWORD, { allowId: true }))).toBe('wrong_password')
    }
    const code = (await sendCode({ channel: 'sms', target: p, purpose: 'login' })).code!
    expect(await kind(authenticateWithCode({ channel: 'sms', target: p, code }))).toBe('user_not_found')

    const f = await call(flask.login, jsonRequest('/api/auth/login', { username: name, password: PASSWORD }))
    expect(f.body.msg).not.toBe('登录成功')
    const r = await call(rageframe.login, jsonRequest('/v1/site/login', { username: name, password: PASSWORD, group: 'app' }))
    expect(r.body.message).not.toBe('OK')
    for (const login of [p, email, String(user.id)]) {
      expect((await call(thinksns.login, jsonRequest('/api/v2/auth/login', { login, password: PASSWORD }))).status).not.toBe(200)
    }
    expect((await call(hyperf.getJwt, jsonRequest('/login/jwt/get', { account: email, pwd: PASSWORD }))).body.code).not.toBe(200)
  })

  it('a session opened as the account is deleted does not outlive it; deleting twice changes nothing', async () => {
    const { user } = await makeUser()
    await createSession({ userId: user.id, client: 'browser', ttlSeconds: 3600 })
    await deleteOwnAccount(user.id)
    expect(await listUserSessions(user.id)).toEqual([])
    const audits = await db().auditEvent.count({ where: { userId: user.id, kind: 'account.deleted' } })
    expect(await deleteOwnAccount(user.id)).toEqual({ sessionsEnded: 0 })
    expect(await db().auditEvent.count({ where: { userId: user.id, kind: 'account.deleted' } })).toBe(audits)
    expect(await kind(deleteOwnAccount(999_999_999))).toBe('user_not_found')
  })
})
