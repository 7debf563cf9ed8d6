// The security headers (issue 21 item 6): which answers get which policy, HSTS only over https as
// the settings define it, and the route-handler prefixes proxy.ts relies on kept in step with app/
// and the fast path's route table. test/http/security-headers.http.test.ts checks the running app.
import { afterEach, describe, expect, it } from 'vitest'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { loadConfig, setConfigForTests } from '../config'
import { API_PREFIXES } from './api-routes'
import { answerKind, newNonce, ROUTE_HANDLER_PREFIXES, securityHeaders, servedOverHttps } from './security-headers'

const root = path.resolve(__dirname, '../..')
const withSettings = (env: Record<string, string>) => setConfigForTests(loadConfig({ NODE_ENV: 'test', AUTH_SECRET: 'x'.repeat(40), ...env }))

afterEach(() => setConfigForTests(undefined))

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  )
}

describe('security headers', () => {
  it('gives a page a nonce-only script policy that no one may frame', () => {
    withSettings({})
    const nonce = newNonce()
    const h = securityHeaders('page', { https: false, nonce })
    const csp = directives(h['content-security-policy'])
    expect(csp.get('script-src')).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"])
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'")
    expect(csp.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'self'"])
    expect(csp.get('form-action')).toEqual(["'self'"])
    expect(csp.has('upgrade-insecure-requests')).toBe(false)
    expect(h).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'strict-origin-when-cross-origin' })
    expect(h['permissions-policy']).toContain('camera=()')
    expect(h['permissions-policy']).toContain('publickey-credentials-get=(self)')
    expect(h['strict-transport-security']).toBeUndefined()
    expect(() => securityHeaders('page', { https: false })).toThrow()
  })

  it('lets only /docs have inline styles (Scalar), its scripts still by nonce', () => {
    withSettings({})
    const csp = directives(securityHeaders('docs', { https: false, nonce: 'n0nce' })['content-security-policy'])
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"])
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-n0nce'", "'strict-dynamic'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
  })

  it('gives API answers a policy that loads and frames nothing', () => {
    withSettings({})
    expect(securityHeaders('api', { https: false })['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'")
    expect(securityHeaders('asset', { https: false })['content-security-policy']).toBeUndefined()
    expect(securityHeaders('asset', { https: false })['x-content-type-options']).toBe('nosniff')
  })

  it('sends HSTS over https only: PUBLIC_URL https, or X-Forwarded-Proto from a trusted proxy', () => {
    withSettings({})
    // A client's own X-Forwarded-Proto is not believed without TRUST_PROXY.
    expect(servedOverHttps('https')).toBe(false)
    withSettings({ TRUST_PROXY: '10.0.0.5' })
    expect(servedOverHttps('https')).toBe(true)
    expect(servedOverHttps('http')).toBe(false)
    expect(servedOverHttps(null)).toBe(false)
    withSettings({ PUBLIC_URL: 'https://id.example.com' })
    expect(servedOverHttps(null)).toBe(true)
    const h = securityHeaders('page', { https: true, nonce: 'n' })
    expect(h['strict-transport-security']).toBe('max-age=31536000')
    expect(directives(h['content-security-policy']).has('upgrade-insecure-requests')).toBe(true)
  })

  it('makes a fresh nonce each time', () => {
    const seen = new Set(Array.from({ length: 50 }, newNonce))
    expect(seen.size).toBe(50)
    for (const n of seen) expect(Buffer.from(n, 'base64')).toHaveLength(16)
  })

  it('classes every path: pages, /docs, route handlers, Next static files', () => {
    for (const p of ['/', '/sign-in', '/admin', '/admin/users/abc', '/account', '/no-such-page', '/apis', '/loginx']) expect(answerKind(p), p).toBe('page')
    expect(answerKind('/docs')).toBe('docs')
    for (const p of [
      '/api/v2/auth/login',
      '/api/session/csrf',
      '/login/jwt/get',
      '/v1/site/login',
      '/openapi/flask.json',
      '/.well-known/jwks.json',
      '/oauth/introspect',
    ])
      expect(answerKind(p), p).toBe('api')
    expect(answerKind('/_next/static/chunks/main.js')).toBe('asset')
  })

  it('classes as API every prefix the fast path answers', () => {
    for (const p of API_PREFIXES) expect(answerKind(p), p).toBe('api')
  })

  it('names exactly the top-level folders of app/ that hold route handlers and no page', () => {
    const app = path.join(root, 'app')
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const full = path.join(dir, f)
        return statSync(full).isDirectory() ? files(full) : [full]
      })
    const routeOnly: string[] = []
    for (const entry of readdirSync(app)) {
      const dir = path.join(app, entry)
      if (!statSync(dir).isDirectory()) continue
      const all = files(dir)
      const names = all.map((f) => path.basename(f))
      const pages = names.some((n) => /^page\.(tsx|ts|jsx|js)$/.test(n))
      // The admin pages' CSV downloads (…/export/route.ts) are part of those pages and get their
      // headers; any other route handler beside pages would be classed as a page by mistake.
      const routes = all.some((f) => /^route\.(ts|js)$/.test(path.basename(f)) && !(pages && path.basename(path.dirname(f)) === 'export'))
      expect(pages && routes, `app/${entry} mixes pages and route handlers`).toBe(false)
      if (routes) routeOnly.push(`/${entry}`)
    }
    expect([...ROUTE_HANDLER_PREFIXES].sort()).toEqual(routeOnly.sort())
  })
})
