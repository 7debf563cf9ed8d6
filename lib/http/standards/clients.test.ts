// Client authentication of /oauth/introspect and /oauth/revoke (RFC 6749 §2.3.1, RFC 7662 §2.1,
// RFC 7009 §2.1), and /api/me without a usable token (RFC 6750 §3).
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '@/lib/db'
import { createOAuthClient } from '@/lib/core/oauth-clients'
import { sha256 } from '@/lib/core/ids'
import { call, formRequest, getRequest, jsonRequest } from '@/test/http'
import { introspect, me, revoke } from './handlers'

let client: { id: string; secret: string }
const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')

beforeAll(async () => {
  client = await createOAuthClient('billing service')
})

describe('oauth clients', () => {
  it('stores only a hash of the secret', async () => {
    const row = await db().oAuthClient.findUniqueOrThrow({ where: { id: client.id } })
    expect(row.name).toBe('billing service')
    expect(row.secretHash).toBe(sha256(client.secret))
    expect(row.secretHash).not.toContain(client.secret)
    expect(client.secret.length).toBeGreaterThanOrEqual(43)
  })
})

describe.each([
  ['introspect', introspect, '/oauth/introspect'],
  ['revoke', revoke, '/oauth/revoke'],
] as const)('/oauth/%s client authentication', (name, handler, path) => {
  it('accepts HTTP Basic', async () => {
    const res = await call(handler, formRequest(path, { token: 'not-a-token' }, { headers: { authorization: basic(client.id, client.secret) } }))
    expect(res.status).toBe(200)
    if (name === 'introspect') expect(res.body).toEqual({ active: false })
    else expect(res.text).toBe('')
  })

  it('accepts client_id and client_secret in the form body, and JSON', async () => {
    expect((await call(handler, formRequest(path, { token: 'x', client_id: client.id, client_secret: client.secret }))).status).toBe(200)
    expect((await call(handler, jsonRequest(path, { token: 'x', client_id: client.id, client_secret: client.secret }))).status).toBe(200)
  })

  it('refuses a missing, unknown or wrong client with 401 invalid_client', async () => {
    for (const req of [
      formRequest(path, { token: 'x' }),
      formRequest(path, { token: 'x', client_id: client.id }),
      formRequest(path, { token: 'x', client_id: client.id, client_secret: client.secret + 'x' }),
      formRequest(path, { token: 'x', client_id: 'svc_unknown', client_secret: client.secret }),
      formRequest(path, { token: 'x' }, { headers: { authorization: 'Basic !!!' } }),
      formRequest(path, { token: 'x' }, { headers: { authorization: `Bearer ${client.secret}` } }),
    ]) {
      const res = await call(handler, req)
      expect(res.status).toBe(401)
      expect(res.body).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed' })
    }
  })

  it('tells a Basic client which scheme to use (RFC 6749 §5.2)', async () => {
    const res = await call(handler, formRequest(path, { token: 'x' }, { headers: { authorization: basic(client.id, 'wrong') } }))
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="identity", charset="UTF-8"')
  })

  it('refuses two authentication methods at once, and a missing token, with 400 invalid_request', async () => {
    const two = await call(
      handler,
      formRequest(path, { token: 'x', client_secret: client.secret }, { headers: { authorization: basic(client.id, client.secret) } }),
    )
    expect(two.status).toBe(400)
    expect(two.body.error).toBe('invalid_request')
    const missing = await call(handler, formRequest(path, {}, { headers: { authorization: basic(client.id, client.secret) } }))
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual({ error: 'invalid_request', error_description: 'The parameter "token" is missing or invalid' })
  })

  it('answers malformed and oversized bodies with 400 invalid_request, never 500', async () => {
    const bad = await call(handler, jsonRequest(path, '{"token":', { headers: { authorization: basic(client.id, client.secret) } }))
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ error: 'invalid_request', error_description: 'The request body could not be parsed' })
    const big = await call(handler, formRequest(path, { token: 'x'.repeat(1024 * 1024) }, { headers: { authorization: basic(client.id, client.secret) } }))
    expect(big.status).toBe(400)
    expect(big.body).toEqual({ error: 'invalid_request', error_description: 'The request body is too large' })
  })

  it('sends no-store', async () => {
    const res = await call(handler, formRequest(path, { token: 'x' }, { headers: { authorization: basic(client.id, client.secret) } }))
    expect(res.headers.get('cache-control')).toBe('no-store')
  })
})

describe('/api/me without a usable token', () => {
  it('401 invalid_token with a Bearer challenge', async () => {
    const none = await call(me, getRequest('/api/me'))
    expect(none.status).toBe(401)
    expect(none.body).toEqual({ error: 'invalid_token', error_description: 'No access token was given' })
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="identity"')
    for (const authorization of [
      'Bearer',
      'Bearer a b',
      'Basic abc',
      'Bearer not.a.token',
      'Bearer eyJhbGciOiJub25lIn0.e30.',
      'Bearer abcdefghijklmnopqrstuvwxyz012345_1700000000',
    ]) {
      const res = await call(me, getRequest('/api/me', { authorization }))
      expect(res.status).toBe(401)
      expect(res.body.error).toBe('invalid_token')
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="identity", error="invalid_token"')
    }
  })
})
