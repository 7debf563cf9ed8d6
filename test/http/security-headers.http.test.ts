// Issue 21 item 6 on the built app, on both paths (`next start` = HTTP_NEXT_URL, server.ts =
// HTTP_FAST_URL): every page and every answer carries the security headers of
// lib/http/security-headers.ts. A page's policy allows scripts by a nonce only, fresh per request,
// and it is the nonce Next put on the page's scripts (not one the client sent); nothing may frame
// a page or an answer; HSTS is not sent over plain http even when the client claims https.
// e2e/security-headers.spec.ts frames the pages from another origin in Chromium. Run by
// scripts/test-http.sh.
import { describe, expect, it } from 'vitest'

const BASES = [process.env.HTTP_NEXT_URL, process.env.HTTP_FAST_URL].filter((b): b is string => !!b)

const get = (base: string, path: string, headers: Record<string, string> = {}) => fetch(base + path, { redirect: 'manual', headers })
const post = (base: string, path: string, body: unknown) =>
  fetch(base + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

/** The directives of a policy, by name. */
function directives(policy: string | null): Map<string, string[]> {
  expect(policy, 'no Content-Security-Policy').toBeTruthy()
  return new Map(
    policy!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  )
}

/** The headers every answer carries, whatever its kind. */
function expectCommon(res: Response, what: string) {
  const h = res.headers
  expect(h.get('x-content-type-options'), what).toBe('nosniff')
  expect(h.get('x-frame-options'), what).toBe('DENY')
  expect(h.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin')
  const permissions = h.get('permissions-policy') ?? ''
  for (const p of ['camera=()', 'microphone=()', 'geolocation=()', 'publickey-credentials-get=(self)', 'publickey-credentials-create=(self)'])
    expect(permissions, `${what}: ${p}`).toContain(p)
  // Plain http here (PUBLIC_URL is http, TRUST_PROXY unset): no HSTS, whatever the client claims.
  expect(h.get('strict-transport-security'), what).toBeNull()
}

/** An API answer: the common headers and a policy that loads and frames nothing. */
function expectApi(res: Response, what: string) {
  expectCommon(res, what)
  expect(res.headers.get('content-security-policy'), what).toBe("default-src 'none'; frame-ancestors 'none'")
}

/** A page: the common headers and a nonce policy; returns the nonce. */
function expectPage(res: Response, what: string): string {
  expectCommon(res, what)
  const csp = directives(res.headers.get('content-security-policy'))
  const script = csp.get('script-src') ?? []
  const nonce = script.find((s) => s.startsWith("'nonce-"))?.slice(7, -1)
  expect(nonce, `${what}: script-src ${script.join(' ')}`).toMatch(/^[A-Za-z0-9+/]{22}==$/)
  expect(script, what).not.toContain("'unsafe-inline'")
  expect(script, what).not.toContain("'unsafe-eval'")
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"])
  expect(csp.get('object-src'), what).toEqual(["'none'"])
  expect(csp.get('base-uri'), what).toEqual(["'self'"])
  expect(csp.get('form-action'), what).toEqual(["'self'"])
  return nonce!
}

/** Every <script> of the page, and whether it carries this nonce. */
function scripts(html: string): { tag: string; nonce: string | null }[] {
  return [...html.matchAll(/<script\b[^>]*>/g)].map((m) => ({ tag: m[0].slice(0, 120), nonce: /\snonce="([^"]*)"/.exec(m[0])?.[1] ?? null }))
}

describe.skipIf(BASES.length === 0)('security headers on the running app', () => {
  it.each(BASES)('%s: a page allows only the scripts Next gave its fresh nonce, not one the client chose', async (base) => {
    // The client sends its own policy with a nonce it knows: the page must not adopt it.
    const forged = 'QUFBQUFBQUFBQUFBQUFBQQ=='
    const res = await get(base, '/sign-in', { 'content-security-policy': `script-src 'nonce-${forged}'` })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const nonce = expectPage(res, '/sign-in')
    expect(nonce).not.toBe(forged)
    const csp = directives(res.headers.get('content-security-policy'))
    expect(csp.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`])
    const html = await res.text()
    const tags = scripts(html)
    expect(tags.length).toBeGreaterThan(0)
    for (const t of tags) expect(t.nonce, t.tag).toBe(nonce)
    expect(html).not.toContain(forged)

    // Another request, another nonce.
    const again = expectPage(await get(base, '/sign-in'), '/sign-in again')
    expect(again).not.toBe(nonce)
  })

  it.each(BASES)('%s: the other pages, the admin dashboard, a 404 page and Next static files', async (base) => {
    for (const path of ['/', '/sign-up', '/account', '/admin', '/admin/users', '/no-such-page']) {
      const res = await get(base, path)
      expect(res.status, path).toBeLessThan(500)
      expectPage(res, path)
    }
    expect((await get(base, '/no-such-page')).status).toBe(404)
    const html = await (await get(base, '/sign-in')).text()
    const asset = /<script[^>]*\ssrc="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1]
    expect(asset).toBeDefined()
    const js = await get(base, asset!)
    expect(js.status).toBe(200)
    expectCommon(js, asset!)
  })

  it.each(BASES)('%s: /docs keeps its script nonce, with inline styles for Scalar', async (base) => {
    const res = await get(base, '/docs?api=flask')
    expect(res.status).toBe(200)
    const nonce = expectPage(res, '/docs')
    expect(directives(res.headers.get('content-security-policy')).get('style-src')).toEqual(["'self'", "'unsafe-inline'"])
    for (const t of scripts(await res.text())) expect(t.nonce, t.tag).toBe(nonce)
  })

  it.each(BASES)('%s: an answer of each dialect, a standards endpoint, a dialect 404 and next-auth', async (base) => {
    const answers: [string, Response][] = [
      ['ThinkSNS+ POST /api/v2/auth/login', await post(base, '/api/v2/auth/login', {})],
      ['Hyperf POST /login/jwt/get', await post(base, '/login/jwt/get', {})],
      ['Hyperf POST /login/JWT/get (rewritten)', await post(base, '/login/JWT/get', {})],
      ['Flask POST /api/auth/login', await post(base, '/api/auth/login', {})],
      ['RageFrame POST /v1/site/login', await post(base, '/v1/site/login', {})],
      ['GET /.well-known/jwks.json', await get(base, '/.well-known/jwks.json')],
      ['GET /openapi/flask.json', await get(base, '/openapi/flask.json')],
      ['GET /api/health', await get(base, '/api/health')],
      ['GET /api/health/ready', await get(base, '/api/health/ready')],
      ['GET /api/v2/no-such-endpoint', await get(base, '/api/v2/no-such-endpoint')],
      ['GET /api/session/csrf (next-auth)', await get(base, '/api/session/csrf')],
    ]
    for (const [what, res] of answers) {
      expect(res.status, what).toBeLessThan(500)
      expectApi(res, what)
    }
  })

  it.each(BASES)('%s: no HSTS over http when the client claims https (X-Forwarded-Proto without TRUST_PROXY)', async (base) => {
    for (const path of ['/sign-in', '/api/health']) {
      const res = await get(base, path, { 'x-forwarded-proto': 'https' })
      expect(res.headers.get('strict-transport-security'), path).toBeNull()
      expect(res.headers.get('content-security-policy'), path).not.toContain('upgrade-insecure-requests')
    }
  })
})
