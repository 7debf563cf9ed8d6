// Asymmetric signing (SPEC §4): tokens signed with ES256/EdDSA verify with jose's remote JWKS
// pointed at a real HTTP server; rotation keeps old tokens verifying until they expire; keys
// signed with anything but the configured algorithm (alg none, HS256 keyed with the public key)
// are refused.
import { issuerOf, keysOf } from '@/test/keys'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createRemoteJWKSet, exportSPKI, importJWK, jwtVerify, SignJWT, type JWK } from 'jose'
import { loadConfig, setConfigForTests } from '@/lib/config'
import { db } from '@/lib/db'
import { decodeJwtUnverified, signJwt, verifyJwt } from '@/lib/core/jwt'
import { maxTokenLifetimeSeconds } from '@/lib/core/issuer'
import { invalidateSigningKeys, pruneSigningKeys, rotateSigningKey } from '@/lib/core/signing-keys'
import { JWT_ISSUERS } from '@/lib/dialects'
import { isAuthError } from '@/lib/core/errors'
import { call, getRequest } from '@/test/http'
import { jwks, openidConfiguration } from './handlers'
import { apiRoutes } from '@/lib/http/api-routes'
import { serveRoutes, type LocalServer } from './local-server'

function useSettings(extra: Record<string, string>) {
  setConfigForTests(loadConfig({ ...process.env, ...extra }))
  invalidateSigningKeys()
}

const now = () => Math.floor(Date.now() / 1000)

function claims(ttl = 3600) {
  const t = now()
  return { iss: 'https://id.example.test', sub: '1', iat: t, nbf: t, exp: t + ttl, jti: 'j' + Math.random().toString(36).slice(2), sid: 's1' }
}

async function remoteVerify(server: LocalServer, token: string) {
  // A fresh set per check, as another service starting up would have.
  const set = createRemoteJWKSet(new URL(server.url + '/.well-known/jwks.json'))
  return jwtVerify(token, set, { issuer: 'https://id.example.test' })
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (isAuthError(e)) return `${e.kind}:${e.detail.reason ?? ''}`
    throw e
  }
  return 'accepted'
}

let server: LocalServer

beforeAll(async () => {
  server = await serveRoutes(apiRoutes)
})

afterAll(async () => {
  await server.close()
  setConfigForTests(undefined)
})

afterEach(() => {
  vi.useRealTimers()
})

describe('HS256 (default)', () => {
  it('signs with the dialect secret, no kid, and publishes no dialect key (only the OpenID Connect provider key)', async () => {
    useSettings({})
    const [key] = await keysOf('flask')
    expect(key.alg).toBe('HS256')
    expect(key.kid).toBeUndefined()
    const token = await signJwt({ alg: 'HS256', typ: 'JWT' }, claims(), key)
    expect(decodeJwtUnverified(token)!.header).toEqual({ alg: 'HS256', typ: 'JWT' })
    const res = await call(jwks, getRequest('/.well-known/jwks.json'))
    expect(res.status).toBe(200)
    // The provider's id_tokens are always asymmetric (lib/oidc/issuer.ts): its key alone is public.
    expect(res.body.keys.map((k: { kid: string; alg: string }) => [k.kid.split('-')[0], k.alg])).toEqual([['oidc', 'ES256']])
  })
})

describe('ES256', () => {
  it('the JWKS lists a key of every JWT dialect before any token is signed', async () => {
    useSettings({ JWT_SIGNING_ALG: 'ES256' })
    expect(await db().signingKey.count({ where: { NOT: { kid: { startsWith: 'oidc-' } } } })).toBe(0)
    const res = await call(jwks, getRequest('/.well-known/jwks.json'))
    expect((res.body.keys as { kid: string }[]).map((k) => k.kid.split('-')[0]).sort()).toEqual(['flask', 'hyperf', 'oidc', 'thinksns'])
  })

  it('a token verifies with createRemoteJWKSet pointed at the JWKS over HTTP', async () => {
    useSettings({ JWT_SIGNING_ALG: 'ES256' })
    const keys = await keysOf('hyperf')
    expect(keys[0].alg).toBe('ES256')
    expect(keys[0].kid).toMatch(/^hyperf-\d{8}-[A-Za-z0-9]{10}$/)
    const token = await signJwt({ typ: 'JWT', alg: 'HS256' }, claims(), keys[0])
    const { protectedHeader, payload } = await remoteVerify(server, token)
    expect(protectedHeader).toEqual({ typ: 'JWT', alg: 'ES256', kid: keys[0].kid })
    expect(payload.sub).toBe('1')
    // and with our own checks
    await expect(verifyJwt(token, { keys: await keysOf('hyperf') })).resolves.toBeTruthy()
  })

  it('publishes only public members, with kid, alg and use', async () => {
    useSettings({ JWT_SIGNING_ALG: 'ES256' })
    const kids = [(await keysOf('thinksns'))[0].kid, (await keysOf('hyperf'))[0].kid, (await keysOf('flask'))[0].kid]
    const res = await call(jwks, getRequest('/.well-known/jwks.json'))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=60')
    const published = res.body.keys as Record<string, unknown>[]
    for (const kid of kids) expect(published.map((k) => k.kid)).toContain(kid)
    for (const k of published) {
      expect(Object.keys(k).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y'])
      expect(k).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })
    }
  })

  it('stores the private key encrypted', async () => {
    useSettings({ JWT_SIGNING_ALG: 'ES256' })
    const kid = (await keysOf('thinksns'))[0].kid!
    const row = await db().signingKey.findUniqueOrThrow({ where: { kid } })
    expect(row.privateJwk).toMatch(/^v1\./)
    expect(row.privateJwk).not.toContain('"d"')
    expect(JSON.parse(row.publicJwk)).not.toHaveProperty('d')
  })

  it('each dialect has its own key: a token of one does not verify with another', async () => {
    useSettings({ JWT_SIGNING_ALG: 'ES256' })
    const token = await signJwt({ typ: 'JWT' }, claims(), (await keysOf('thinksns'))[0])
    expect(await refusal(verifyJwt(token, { keys: await keysOf('flask') }))).toBe('token_invalid:unknown_kid')
  })

  it('after rotation old tokens verify until they expire; new tokens carry the new kid', async () => {
    useSettings({ JWT_SIGNING_ALG: 'ES256' })
    vi.useFakeTimers({ toFake: ['Date'], now: new Date() })
    const oldKid = (await keysOf('hyperf'))[0].kid
    const oldToken = await signJwt({ typ: 'JWT' }, claims(86400), (await keysOf('hyperf'))[0])

    const r = await rotateSigningKey(issuerOf('hyperf'))
    expect(r.retired.map((k) => k.kid)).toContain(oldKid)
    // Published at once, signing only once every instance has re-read the keys (60 s).
    const published = async () => ((await call(jwks, getRequest('/.well-known/jwks.json'))).body.keys as { kid: string }[]).map((k) => k.kid)
    expect(await published()).toEqual(expect.arrayContaining([oldKid, r.kid]))
    expect((await keysOf('hyperf'))[0].kid).toBe(oldKid)

    vi.setSystemTime(Date.now() + 61_000)
    const keys = await keysOf('hyperf')
    expect(keys[0].kid).toBe(r.kid)
    expect(keys[0].signKey).toBeDefined()
    expect(keys.find((k) => k.kid === oldKid)?.signKey).toBeUndefined()
    const newToken = await signJwt({ typ: 'JWT' }, claims(), keys[0])
    expect(decodeJwtUnverified(newToken)!.header.kid).toBe(r.kid)
    for (const t of [oldToken, newToken]) {
      await expect(remoteVerify(server, t)).resolves.toBeTruthy()
      await expect(verifyJwt(t, { keys })).resolves.toBeTruthy()
    }

    // A day later the old access token has expired; the key stays published while refresh
    // tokens it signed may still be in use (Hyperf: 7 days).
    vi.setSystemTime(Date.now() + 86400_000)
    expect(await refusal(verifyJwt(oldToken, { keys: await keysOf('hyperf') }))).toBe('token_expired:expired')
    expect(await published()).toContain(oldKid)

    vi.setSystemTime(r.signsFrom.getTime() + (maxTokenLifetimeSeconds(issuerOf('hyperf')) + 31) * 1000)
    expect(await published()).not.toContain(oldKid)
    expect((await keysOf('hyperf')).map((k) => k.kid)).not.toContain(oldKid)
    expect(await pruneSigningKeys(JWT_ISSUERS)).toContain(oldKid)
    expect(await db().signingKey.findUnique({ where: { kid: oldKid! } })).toBeNull()
  })

  it('rotation is seen by another instance within SIGNING_KEYS_REFRESH_SECONDS', async () => {
    useSettings({ JWT_SIGNING_ALG: 'ES256' })
    vi.useFakeTimers({ toFake: ['Date'], now: new Date() })
    const before = (await keysOf('flask'))[0].kid
    // Another process (npm run keys:rotate) writes the new key: this instance's copy is not told.
    const created = await db().signingKey.create({
      data: {
        ...(await db().signingKey.findUniqueOrThrow({ where: { kid: before! } })),
        kid: 'flask-20990101-AAAAAAAAAA',
        createdAt: new Date(Date.now() + 60_000),
      },
    })
    await db().signingKey.update({ where: { kid: before! }, data: { retiredAt: created.createdAt } })
    vi.setSystemTime(Date.now() + 61_000)
    await keysOf('flask') // stale answer served while the re-read runs
    await new Promise((r) => setTimeout(r, 200))
    expect((await keysOf('flask'))[0].kid).toBe('flask-20990101-AAAAAAAAAA')
  })

  it('refuses alg none, HS256 keyed with the public key, and a tampered payload', async () => {
    useSettings({ JWT_SIGNING_ALG: 'ES256' })
    const keys = await keysOf('thinksns')
    const good = await signJwt({ typ: 'JWT' }, claims(), keys[0])
    const [h, p, s] = good.split('.')
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')

    const none = `${enc({ alg: 'none', typ: 'JWT' })}.${p}.`
    expect(await refusal(verifyJwt(none, { keys }))).toBe('token_invalid:alg_not_allowed')

    const jwk = (await call(jwks, getRequest('/.well-known/jwks.json'))).body.keys.find((k: JWK) => k.kid === keys[0].kid) as JWK
    const pem = await exportSPKI((await importJWK(jwk, 'ES256', { extractable: true })) as CryptoKey)
    for (const secret of [JSON.stringify(jwk), pem, jwk.x!]) {
      const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: keys[0].kid }).sign(new TextEncoder().encode(secret))
      expect(await refusal(verifyJwt(forged, { keys }))).toBe('token_invalid:alg_not_allowed')
    }

    const tampered = `${h}.${enc({ ...decodeJwtUnverified(good)!.payload, sub: '2' })}.${s}`
    expect(await refusal(verifyJwt(tampered, { keys }))).toBe('token_invalid:bad_signature')
  })
})

describe('EdDSA', () => {
  it('a token verifies over HTTP; switching from ES256 keeps the ES256 tokens verifying', async () => {
    useSettings({ JWT_SIGNING_ALG: 'ES256' })
    const esToken = await signJwt({ typ: 'JWT' }, claims(), (await keysOf('flask'))[0])
    useSettings({ JWT_SIGNING_ALG: 'EdDSA' })
    const keys = await keysOf('flask')
    expect(keys[0].alg).toBe('EdDSA')
    const edToken = await signJwt({ typ: 'JWT' }, claims(), keys[0])
    expect(decodeJwtUnverified(edToken)!.header).toEqual({ typ: 'JWT', alg: 'EdDSA', kid: keys[0].kid })
    for (const t of [edToken, esToken]) {
      await expect(remoteVerify(server, t)).resolves.toBeTruthy()
      await expect(verifyJwt(t, { keys })).resolves.toBeTruthy()
    }
    const published = (await call(jwks, getRequest('/.well-known/jwks.json'))).body.keys as JWK[]
    expect(published.find((k) => k.kid === keys[0].kid)).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })
  })
})

describe('discovery', () => {
  it('names the issuer, JWKS, introspection, revocation and userinfo endpoints', async () => {
    useSettings({ PUBLIC_URL: 'https://id.example.test/' })
    const res = await call(openidConfiguration, getRequest('/.well-known/openid-configuration'))
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      issuer: 'https://id.example.test',
      jwks_uri: 'https://id.example.test/.well-known/jwks.json',
      introspection_endpoint: 'https://id.example.test/oauth/introspect',
      revocation_endpoint: 'https://id.example.test/oauth/revoke',
      userinfo_endpoint: 'https://id.example.test/api/me',
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    })
  })

  it('without PUBLIC_URL the issuer is the request origin', async () => {
    useSettings({})
    const res = await fetch(server.url + '/.well-known/openid-configuration')
    expect((await res.json()).jwks_uri).toBe(server.url + '/.well-known/jwks.json')
  })
})
