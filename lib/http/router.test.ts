import { describe, expect, it } from 'vitest'
import { isApiPath, normalizeApiPath as normalizePath } from './api-routes'
import { createRouter } from './router'
import type { Handler } from './handler'

const h = (name: string): Handler => Object.assign(async () => new Response(name), { label: name })
const label = (x: { handler: Handler } | null) => (x ? (x.handler as Handler & { label: string }).label : null)

describe('createRouter', () => {
  const router = createRouter(
    [
      { methods: ['POST'], pattern: '/api/v2/tokens', handler: h('tokens') },
      { methods: ['PATCH'], pattern: '/api/v2/tokens/:token', handler: h('refresh-token') },
      { methods: ['GET', 'POST'], pattern: '/api/v2/auth/logout', handler: h('logout') },
      { methods: ['GET'], pattern: '/api/v2/users/:id', handler: h('user-by-id') },
      { methods: ['GET'], pattern: '/api/v2/users/me/:x', handler: h('literal-wins') },
      { methods: ['POST'], pattern: '/login/jwt/get', handler: h('hyperf-get') },
    ],
    [{ prefix: '/login', handler: h('hyperf-fallback') }],
  )

  it('matches listed methods on literal and parameter patterns', () => {
    expect(label(router.match('POST', '/api/v2/tokens'))).toBe('tokens')
    expect(label(router.match('PATCH', '/api/v2/tokens/abc.def.ghi'))).toBe('refresh-token')
    expect(label(router.match('GET', '/api/v2/auth/logout'))).toBe('logout')
    expect(label(router.match('POST', '/api/v2/auth/logout'))).toBe('logout')
    expect(label(router.match('GET', '/api/v2/users/42'))).toBe('user-by-id')
  })

  it('prefers the pattern with more literal segments', () => {
    expect(label(router.match('GET', '/api/v2/users/me/x'))).toBe('literal-wins')
  })

  it('leaves unknown paths and methods without a fallback to Next', () => {
    expect(router.match('GET', '/api/v2/tokens')).toBeNull()
    expect(router.match('PATCH', '/api/v2/tokens/')).toBeNull()
    expect(router.match('PATCH', '/api/v2/tokens/a/b')).toBeNull()
    expect(router.match('GET', '/api/v2/nothing')).toBeNull()
  })

  it('sends unknown paths and methods under a prefix with a fallback to that fallback', () => {
    expect(label(router.match('GET', '/login/jwt/get'))).toBe('hyperf-fallback')
    expect(label(router.match('POST', '/login/nothing'))).toBe('hyperf-fallback')
    expect(label(router.match('POST', '/login'))).toBe('hyperf-fallback')
    expect(router.match('POST', '/loginx')).toBeNull()
  })

  it('leaves HEAD, OPTIONS, trailing and repeated slashes to Next', () => {
    expect(router.match('HEAD', '/login/jwt/get')).toBeNull()
    expect(router.match('OPTIONS', '/login/jwt/get')).toBeNull()
    expect(router.match('POST', '/login/jwt/get/')).toBeNull()
    expect(router.match('POST', '/login//jwt/get')).toBeNull()
  })

  it('refuses a method defined twice for one pattern', () => {
    expect(() =>
      createRouter([
        { methods: ['GET'], pattern: '/a', handler: h('1') },
        { methods: ['get'], pattern: '/a', handler: h('2') },
      ]),
    ).toThrow(/defined twice/)
  })
})

describe('normalizeApiPath', () => {
  it('lower-cases /login paths only (SPEC §2: /login/Jwt/get = /login/jwt/get)', () => {
    expect(normalizePath('/login/Jwt/get')).toBe('/login/jwt/get')
    expect(normalizePath('/LOGIN/JWT/GET')).toBe('/login/jwt/get')
    expect(normalizePath('/login/jwt/get')).toBe('/login/jwt/get')
    expect(normalizePath('/api/v2/tokens/AbC')).toBe('/api/v2/tokens/AbC')
    expect(normalizePath('/Loginx/A')).toBe('/Loginx/A')
  })
})

describe('isApiPath', () => {
  it('knows the API prefixes of SPEC §2 and nothing else', () => {
    for (const p of [
      '/api/v2/user',
      '/login/jwt/get',
      '/api/auth/login',
      '/v1/site/login',
      '/oauth/introspect',
      '/.well-known/jwks.json',
      '/api/me',
      '/api/health',
    ])
      expect(isApiPath(p)).toBe(true)
    for (const p of ['/', '/sign-in', '/admin/users', '/api/session/csrf', '/api/v20', '/_next/static/x.js']) expect(isApiPath(p)).toBe(false)
  })
})
