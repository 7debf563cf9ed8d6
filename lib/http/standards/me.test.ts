// GET /api/me for an account disabled while its token is live. Disabling (core setUserStatus)
// writes the status first and ends the sessions after; a token presented in between is still
// live to its dialect, and /api/me refuses it by the account (RFC 6750 §3: invalid_token).
import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db'
import { login } from '@/lib/dialects/thinksns/handlers'
import { makeUser } from '@/test/factories'
import { call, getRequest, jsonRequest } from '@/test/http'
import { me } from './handlers'

describe('GET /api/me', () => {
  it('refuses the live token of a disabled account: 401 invalid_token, The account is disabled', async () => {
    const { user, name, password } = await makeUser()
    const signedIn = await call(login, jsonRequest('/api/v2/auth/login', { login: name, password }))
    expect(signedIn.status).toBe(200)
    const token = signedIn.body.access_token as string
    expect((await call(me, getRequest('/api/me', { authorization: `Bearer ${token}` }))).status).toBe(200)

    // The status alone, as setUserStatus writes it before it ends the sessions.
    await db().user.update({ where: { id: user.id }, data: { status: 'disabled' } })
    const r = await call(me, getRequest('/api/me', { authorization: `Bearer ${token}` }))
    expect(r).toMatchObject({ status: 401, text: '{"error":"invalid_token","error_description":"The account is disabled"}' })
    expect(r.headers.get('www-authenticate')).toBe('Bearer realm="identity", error="invalid_token"')
  })
})
