// The OpenID Connect provider on two instances over one PostgreSQL database: one authorization-code
// flow with PKCE, each step on the other instance than the one before (authorize on A, sign in on
// B, consent on A, resume on B, code exchange on A, refresh on B, userinfo on A). Nothing the
// provider needs is kept in one process (lib/oidc/adapter.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { oauthClient } from '../http/oidc-client'
import { Instance, PASSWORD, Postgres, unique } from './harness'

let pg: Postgres
let a: Instance
let b: Instance
let dbUrl: string
const ISSUER = 'http://localhost:18999'

beforeAll(async () => {
  pg = await Postgres.create()
  dbUrl = await pg.createDatabase()
  // One issuer for both, as behind one load balancer.
  a = await Instance.create('oidc-a', { DATABASE_URL: dbUrl, PUBLIC_URL: ISSUER })
  b = await Instance.create('oidc-b', { DATABASE_URL: dbUrl, PUBLIC_URL: ISSUER })
  await a.start()
  await b.start()
}, 300_000)

afterAll(async () => {
  await a?.stop()
  await b?.stop()
  await pg?.stop()
}, 120_000)

/** A cookie jar over plain fetch, shared by both instances (one browser, one load balancer). */
class Browser {
  private cookies = new Map<string, string>()
  async go(base: string, path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const res = await fetch(base + path, { ...init, headers, redirect: 'manual' })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = pair.indexOf('=')
      const value = pair.slice(i + 1)
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, i))
      else this.cookies.set(pair.slice(0, i), value)
    }
    return res
  }
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})
const localPath = (location: string) => {
  const u = new URL(location, ISSUER)
  return u.pathname + u.search
}

describe('OpenID Connect on two instances, one PostgreSQL', () => {
  it('serves one authorization-code flow half on each instance', async () => {
    const redirectUri = 'http://localhost:9/cb'
    const app = oauthClient(['--name', 'Ops App', '--public', '--redirect-uri', redirectUri], { DATABASE_URL: dbUrl, NODE_ENV: 'development' })
    const username = `o${unique()}`
    const reg = await fetch(`${a.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    })
    expect(reg.ok).toBe(true)

    const browser = new Browser()
    const verifier = randomBytes(32).toString('base64url')
    const challenge = createHash('sha256').update(verifier).digest('base64url')
    const q = new URLSearchParams({
      client_id: app.id,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st',
    })
    // A: the authorization request opens an interaction.
    const auth = await browser.go(a.url, `/oidc/auth?${q}`)
    expect(auth.status).toBe(303)
    const interaction = localPath(auth.headers.get('location')!)
    expect(interaction).toMatch(/^\/oidc\/interaction\/[\w-]+$/)

    // B: sign in on the browser's sign-in endpoint (next-auth), then the consent page.
    const csrf = (await (await browser.go(b.url, '/api/session/csrf')).json()).csrfToken as string
    const signIn = await browser.go(
      b.url,
      '/api/session/callback/password',
      form({ csrfToken: csrf, login: username, password: PASSWORD, callbackUrl: interaction, json: 'true' }),
    )
    expect([200, 302]).toContain(signIn.status)
    const consent = await browser.go(b.url, interaction)
    expect(consent.status).toBe(200)
    expect(await consent.text()).toContain('Ops App')

    // A: the consent; B: the provider resumes and redirects to the app with a code.
    const confirmed = await browser.go(a.url, `${interaction}/confirm`, form({ decision: 'allow' }))
    expect(confirmed.status).toBe(200)
    const resume = /url=([^"]+)"/.exec(await confirmed.text())![1].replace(/&amp;/g, '&')
    const back = await browser.go(b.url, localPath(resume))
    expect(back.status).toBe(303)
    const callback = new URL(back.headers.get('location')!)
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri)
    expect(callback.searchParams.get('state')).toBe('st')
    const code = callback.searchParams.get('code')!

    // A: the code exchange; B: the refresh; A: userinfo; B's JWKS verifies A's id_token.
    const tokens = await (
      await fetch(
        `${a.url}/oidc/token`,
        form({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, client_id: app.id }),
      )
    ).json()
    expect(tokens.id_token).toBeTruthy()
    const refreshed = await (
      await fetch(`${b.url}/oidc/token`, form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: app.id }))
    ).json()
    expect(refreshed.access_token).toBeTruthy()
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)
    const me = await (await fetch(`${a.url}/oidc/me`, { headers: { authorization: `Bearer ${refreshed.access_token}` } })).json()
    expect(me.name).toBe(username)
    const jwks = createLocalJWKSet(await (await fetch(`${b.url}/.well-known/jwks.json`)).json())
    const { payload } = await jwtVerify(tokens.id_token, jwks, { issuer: ISSUER, audience: app.id })
    expect(payload.sub).toBe(me.sub)
  }, 120_000)
})
