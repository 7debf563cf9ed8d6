import { describe, expect, it } from 'vitest'
import { safeNext, safeRedirect } from './safe-next'

describe('safeNext (issue #21 item 2: open redirect after sign-in)', () => {
  const nasty = [
    '//evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '\\/evil.example',
    'https://evil.example',
    'HTTPS://evil.example/account',
    'javascript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '//evil%E3%80%82example',
    '//evil\u3002example',
    '/.//evil.example',
    '//user:pass@evil.example',
    'http://[::1',
    '',
  ]
  it.each(nasty)('refuses %j', (value) => {
    expect(safeNext(value)).toBe('/account')
  })

  it('refuses values that decode to the attack (what /sign-in?next=... hands us)', () => {
    for (const raw of ['/%09/evil.example', '%2F%2Fevil.example', '/%0a/evil.example', '/%5Cevil.example']) {
      expect(safeNext(decodeURIComponent(raw))).toBe('/account')
    }
  })

  it('keeps same-origin paths with query and fragment', () => {
    expect(safeNext('/admin/users?q=a#x')).toBe('/admin/users?q=a#x')
    expect(safeNext('/account')).toBe('/account')
    // Same scheme, no host: the browser reads it as a path on this origin; only the path is kept.
    expect(safeNext('http:evil.example')).toBe('/evil.example')
    expect(safeNext('/%0a')).toBe('/%0a')
    expect(safeNext('/a%E3%80%82b')).toBe('/a%E3%80%82b')
  })

  it('never throws on odd values', () => {
    for (const v of [undefined, null, 42, ['/a'], '%', '%E3%80', '\u0000', 'http://%zz']) expect(() => safeNext(v)).not.toThrow()
  })

  it('next-auth redirect stays on the base origin', () => {
    const base = 'http://localhost:3000'
    expect(safeRedirect('http://localhost:3000/admin', base)).toBe('http://localhost:3000/admin')
    expect(safeRedirect('/admin', base)).toBe('http://localhost:3000/admin')
    expect(safeRedirect('https://evil.example/', base)).toBe('http://localhost:3000/account')
    expect(safeRedirect('/\t/evil.example', base)).toBe('http://localhost:3000/account')
    expect(safeRedirect('%E3%80%82', base)).toBe('http://localhost:3000/%E3%80%82')
  })
})
