// Issue #21 item 5 on the built app, both paths: the captcha challenge the browser forms' widget
// fetches (GET /api/captcha) is a signed, expiring ALTCHA challenge, fresh each time, never cached,
// under the API security headers. Its use (a send past the threshold) is e2e/captcha.spec.ts.
// Run by scripts/test-http.sh.
import { describe, expect, it } from 'vitest'
import { solveChallenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import { CAPTCHA_TTL_SECONDS } from '@/lib/core/rules'

const BASES = [process.env.HTTP_NEXT_URL, process.env.HTTP_FAST_URL].filter((b): b is string => !!b)

describe.skipIf(BASES.length === 0)('GET /api/captcha on the running app', () => {
  it.each(BASES)('%s: a fresh signed challenge, expiring, not cached, API headers', async (base) => {
    const [a, b] = await Promise.all([fetch(base + '/api/captcha'), fetch(base + '/api/captcha')])
    expect(a.status).toBe(200)
    expect(a.headers.get('content-type')).toContain('application/json')
    expect(a.headers.get('cache-control')).toContain('no-store')
    expect(a.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
    const one = await a.json()
    const two = await b.json()
    expect(one.parameters.algorithm).toBe('SHA-256')
    expect(typeof one.signature).toBe('string')
    expect(one.parameters.nonce).not.toBe(two.parameters.nonce)
    const left = one.parameters.expiresAt - Date.now() / 1000
    expect(left).toBeGreaterThan(0)
    expect(left).toBeLessThanOrEqual(CAPTCHA_TTL_SECONDS + 5)
    // Solvable as the widget solves it.
    expect(await solveChallenge({ challenge: one, deriveKey })).not.toBeNull()
  })
})
