// One identity under four dialects (SPEC §3): a user registered through the Flask dialect signs in
// through RageFrame, ThinkSNS+ and Hyperf; each sign-in is its own session, so ending one leaves the
// others alive, and a token of one dialect is refused by another.
import { describe, expect, it } from 'vitest'
import { revokeSession } from '@/lib/core/sessions'
import { setUserStatus, findUserByLogin } from '@/lib/core/users'
import * as flask from '@/lib/dialects/flask/handlers'
import * as hyperf from '@/lib/dialects/hyperf/handlers'
import * as rageframe from '@/lib/dialects/rageframe/handlers'
import * as thinksns from '@/lib/dialects/thinksns/handlers'
import { call, getRequest, jsonRequest } from '@/test/http'

const PASSWORD = 'Zhougezuishuai22' // letters and digits: valid in every dialect (Hyperf allows only [A-Za-z0-9_])

describe('cross-dialect identity', () => {
  it('register in Flask, sign in everywhere, revoke one dialect at a time', async () => {
    const username = `cross.${Date.now().toString(36)}`
    const reg = await call(flask.register, jsonRequest('/api/auth/register', { username, password: PASSWORD, email: `${username}@example.com` }))
    expect(reg.text).toBe('{"code":0,"data":null,"msg":"注册成功"}')

    const f = await call(flask.login, jsonRequest('/api/auth/login', { username, password: PASSWORD }))
    expect(f.body.msg).toBe('登录成功')
    const r = await call(rageframe.login, jsonRequest('/v1/site/login', { username, password: PASSWORD, group: 'app' }))
    expect(r.body.message).toBe('OK')
    const t = await call(thinksns.login, jsonRequest('/api/v2/auth/login', { login: username, password: PASSWORD }))
    expect(t.status).toBe(200)
    expect(t.body.token_type).toBe('bearer')
    const h = await call(hyperf.getJwt, jsonRequest('/login/jwt/get', { account: username, pwd: PASSWORD }))
    expect(h.body).toMatchObject({ code: 200, msg: 'ok', status: true })

    const user = (await findUserByLogin(username))!
    expect(r.body.data.member.id).toBe(user.id)
    expect(f.body.data.payload.user.user_id).toBe(user.uuid)

    const flaskRefresh = () => call(flask.refresh, jsonRequest('/api/auth/refresh', '', { headers: { authorization: `Bearer ${f.body.data.refresh_token}` } }))
    const rageframeInfo = () => call(rageframe.memberInfo, getRequest('/v1/member/info', { authorization: `Bearer ${r.body.data.access_token}` }))
    const thinksnsUser = () => call(thinksns.currentUser, getRequest('/api/v2/user', { authorization: `Bearer ${t.body.access_token}` }))
    const hyperfStatus = () => call(hyperf.jwtStatus, jsonRequest('/login/jwt/status', { jwt: h.body.data.jwt }))
    const alive = async () => ({
      flask: (await flaskRefresh()).body.msg === '刷新令牌成功',
      rageframe: (await rageframeInfo()).body.code === 200,
      thinksns: (await thinksnsUser()).status === 200,
      hyperf: (await hyperfStatus()).body.code === 200,
    })
    expect(await alive()).toEqual({ flask: true, rageframe: true, thinksns: true, hyperf: true })

    // A token is accepted only by the dialect that issued it.
    expect((await call(rageframe.memberInfo, getRequest('/v1/member/info', { authorization: `Bearer ${t.body.access_token}` }))).body.code).toBe(401)
    const toFlask = (token: string) => call(flask.refresh, jsonRequest('/api/auth/refresh', '', { headers: { authorization: `Bearer ${token}` } }))
    expect((await toFlask(t.body.access_token)).text).toBe('{"msg":"Signature verification failed"}')
    // Hyperf's header carries "kid": null, which PyJWT refuses before it looks at the signature.
    expect((await toFlask(h.body.data.refresh_jwt)).text).toBe('{"msg":"Key ID header parameter must be a string"}')

    // ThinkSNS+ logout ends only the ThinkSNS+ session.
    expect((await call(thinksns.logout, getRequest('/api/v2/auth/logout', { authorization: `Bearer ${t.body.access_token}` }))).body).toEqual({
      message: '退出成功',
    })
    expect(await alive()).toEqual({ flask: true, rageframe: true, thinksns: false, hyperf: true })

    // Hyperf deactivate ends only the Hyperf session.
    expect((await call(hyperf.deactivateJwt, jsonRequest('/login/jwt/deactivate', { jwt: h.body.data.jwt }))).body.code).toBe(200)
    expect(await alive()).toEqual({ flask: true, rageframe: true, thinksns: false, hyperf: false })

    // Ending the Flask session (account page, admin) leaves RageFrame's.
    await revokeSession(JSON.parse(Buffer.from(f.body.data.refresh_token.split('.')[1], 'base64url').toString()).sid, 'user')
    expect((await flaskRefresh()).text).toBe('{"msg":"Token has been revoked"}')
    expect(await alive()).toEqual({ flask: false, rageframe: true, thinksns: false, hyperf: false })

    // A fresh sign-in everywhere, then disabling the user ends every dialect's session at once.
    const r2 = await call(rageframe.login, jsonRequest('/v1/site/login', { username, password: PASSWORD, group: 'wechat' }))
    await setUserStatus(user.id, 'disabled')
    expect((await rageframeInfo()).body.code).toBe(401)
    expect((await call(rageframe.memberInfo, getRequest('/v1/member/info', { 'x-api-key': r2.body.data.access_token }))).body.code).toBe(401)
  })
})
