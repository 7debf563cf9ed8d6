// #21 item 12 on the built app, on both paths (`next start` = HTTP_NEXT_URL, server.ts = HTTP_FAST_URL),
// as an attacker would try it: read the live rate limits off the public OpenAPI documents, and read a
// user's last sign-in off the public ThinkSNS+ profile. Run by scripts/test-http.sh.
import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { loadConfig } from '@/lib/config'
import { signInLimitPerAddress } from '@/lib/core/rules'

const BASES = [process.env.HTTP_NEXT_URL, process.env.HTTP_FAST_URL].filter((b): b is string => !!b)
const DOCUMENTS = ['thinksns', 'hyperf', 'flask', 'rageframe', 'standards']
const post = (base: string, path: string, body: unknown) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.skipIf(BASES.length === 0)('OpenAPI documents do not publish the live limits', () => {
  // The servers run with this environment's settings (scripts/test-http.sh exports them).
  const c = loadConfig(process.env) as unknown as Record<string, unknown>
  const limitSettings = Object.keys(c).filter((k) => typeof c[k] === 'number' && /LIMIT|_PER_/.test(k) && k !== 'BODY_LIMIT_BYTES')
  // Values too common to look for as bare numbers (30, 10) are covered by lib/openapi/document.test.ts.
  const distinctive = [signInLimitPerAddress(c.LOGIN_LIMIT_PER_MINUTE as number), c.CODE_DAILY_LIMIT_PER_IP as number]

  it.each(BASES.flatMap((b) => DOCUMENTS.map((d) => [b, d])))('%s /openapi/%s.json', async (base, name) => {
    const res = await fetch(`${base}/openapi/${name}.json`)
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(JSON.parse(text).openapi).toBe('3.1.0')
    for (const k of limitSettings) expect(text, k).not.toContain(k)
    for (const n of distinctive) expect(text, String(n)).not.toMatch(new RegExp(`(?<![\\d.])${n}(?![\\d.])`))
    expect(text).not.toMatch(/\d+ (?:[a-z-]+ )?per (?:second|minute|hour|day)|within \d+ s|less than \d+ s/i)
    // The limits are still described, without numbers.
    if (name !== 'standards') expect(text).toContain('limited per account and per client address')
  })
})

describe.skipIf(BASES.length === 0)('the public ThinkSNS+ profile does not date the last sign-in', () => {
  it.each(BASES)('%s: updated_at stays as it was after sign-ins through ThinkSNS+ and Flask', async (base) => {
    const username = `m${randomBytes(5).toString('hex')}`
    const password = `Pw-${randomBytes(9).toString('base64url')}`
    const registered = await (await post(base, '/api/auth/register', { username, password })).json()
    expect(registered.msg).toBe('注册成功')
    const profile = async () => {
      const res = await fetch(`${base}/api/v2/users/${username}`)
      expect(res.status).toBe(200)
      return (await res.json()) as { updated_at: string; extra: { updated_at: string } }
    }
    const before = await profile()
    expect(before.updated_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    // Laravel's dates have whole seconds: let the clock move past the one of the registration.
    await sleep(1100)
    const thinksns = await post(base, '/api/v2/auth/login', { login: username, password })
    expect(thinksns.status).toBe(200)
    const flask = await (await post(base, '/api/auth/login', { username, password })).json()
    expect(flask.code).toBe(0)
    const after = await profile()
    expect(after.updated_at).toBe(before.updated_at)
    expect(after.extra.updated_at).toBe(before.updated_at)
  })
})
