// The dialect list and everything derived from it agree: every dialect is complete
// (lib/dialects/check.ts), the router serves exactly the defined endpoints, Next's app/ folder has
// exactly one generated catch-all route.ts per dialect prefix and a route.ts per standards endpoint
// re-exporting its handler, proxy.ts knows every case-insensitive prefix, and every setting a
// token profile names is documented in .env.example.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CASE_INSENSITIVE_PREFIXES as PROXY_PREFIXES, config as proxyConfig } from '../../proxy'
import { API_PREFIXES, apiRouter, apiRoutes, CASE_INSENSITIVE_PREFIXES } from '../http/api-routes'
import { under } from '../http/router'
import { endpoints as standards } from '../http/standards/endpoints'
import { DOCUMENT_NAMES } from '../openapi'
import { dialectProblems, routeFilesFor } from './check'
import { prefixesOf } from './define'
import { DIALECTS, SESSION_CLIENT_IDS } from '.'

const root = path.resolve(__dirname, '../..')

/** Every app/**\/route.ts, with the URL pattern Next gives it. */
function appRoutes(): { file: string; url: string }[] {
  const out: { file: string; url: string }[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (name === 'route.ts') {
        const rel = path.relative(path.join(root, 'app'), path.dirname(full))
        const segments = rel.split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s))
        out.push({
          file: path.relative(root, full),
          url: '/' + segments.map((s) => s.replace(/^\[\[?\.\.\.(\w+)\]\]?$/, '*').replace(/^\[(\w+)\]$/, ':$1')).join('/'),
        })
      }
    }
  }
  walk(path.join(root, 'app'))
  return out
}

describe('DIALECTS', () => {
  it.each(DIALECTS.map((d) => [d.id, d] as const))('%s has every part', async (_id, d) => {
    expect(await dialectProblems(d)).toEqual([])
  })

  it('gives each dialect its own id and a prefix no other API path lies under', () => {
    expect(new Set(DIALECTS.map((d) => d.id)).size).toBe(DIALECTS.length)
    for (const d of DIALECTS) {
      for (const prefix of prefixesOf(d)) {
        for (const other of API_PREFIXES.filter((p) => p !== prefix)) {
          expect(under(prefix, other) || under(other, prefix), `${prefix} and ${other} overlap`).toBe(false)
        }
        for (const s of standards) expect(under(prefix, s.path), `${s.path} is under ${prefix}`).toBe(false)
      }
    }
  })

  it('names each dialect as a session client and an OpenAPI document', () => {
    for (const d of DIALECTS) {
      expect(SESSION_CLIENT_IDS).toContain(d.id)
      expect(DOCUMENT_NAMES).toContain(d.id)
    }
  })
})

describe('the router', () => {
  it('serves exactly the defined endpoints, each with its own handler', () => {
    const defined = [...standards, ...DIALECTS.flatMap((d) => d.endpoints)]
    expect(apiRoutes.flatMap((r) => r.methods.map((m) => `${m} ${r.pattern}`)).sort()).toEqual(
      defined.flatMap((e) => e.methods.map((m) => `${m} ${e.path}`)).sort(),
    )
    for (const e of defined) {
      for (const m of e.methods) {
        const concrete = e.path.replace(/:\w+/g, 'x')
        expect(apiRouter().match(m, concrete)?.handler, `${m} ${e.path}`).toBe(e.handler)
      }
    }
  })

  it("answers anything else under a dialect's prefix with that dialect's fallback", () => {
    for (const d of DIALECTS) for (const p of prefixesOf(d)) expect(apiRouter().match('POST', `${p}/no-such-endpoint`)?.handler).toBe(d.fallback)
  })
})

describe("Next's app/ folder", () => {
  it('has the generated catch-all route.ts of every dialect prefix (npm run routes:generate)', () => {
    for (const { path: file, content } of DIALECTS.flatMap(routeFilesFor)) {
      expect(existsSync(path.join(root, file)), `${file} is missing: run npm run routes:generate`).toBe(true)
      expect(readFileSync(path.join(root, file), 'utf8'), `${file} differs: run npm run routes:generate`).toBe(content)
    }
  })

  it('has no other route.ts under a dialect prefix, and one per standards endpoint re-exporting its handler', async () => {
    const files = appRoutes()
    const catchAlls = new Set(DIALECTS.flatMap(routeFilesFor).map((f) => f.path))
    for (const { file, url } of files) {
      if (catchAlls.has(file)) continue
      const d = DIALECTS.find((x) => prefixesOf(x).some((p) => under(p, url)))
      expect(d, `${file} lies under a prefix of ${d?.id}: that dialect's catch-all serves it`).toBeUndefined()
    }
    for (const e of standards) {
      const hit = files.find((f) => f.url === e.path)
      expect(hit, `no app route for ${e.path}`).toBeDefined()
      const mod = (await import(path.join(root, hit!.file))) as Record<string, unknown>
      for (const m of e.methods) expect(mod[m], `${hit!.file} ${m}`).toBe(e.handler)
    }
  })

  it('lets proxy.ts lower-case every case-insensitive prefix (its matcher is static)', () => {
    expect([...PROXY_PREFIXES].sort()).toEqual([...CASE_INSENSITIVE_PREFIXES].sort())
    // The proxy runs on every path (it also sets the security headers), so in any case too.
    expect(proxyConfig.matcher).toContain('/:path*')
  })
})

describe('settings', () => {
  it('documents in .env.example every setting a token profile reads', () => {
    const example = readFileSync(path.join(root, '.env.example'), 'utf8')
    for (const d of DIALECTS) {
      const t = d.tokens
      const names = [
        ...t.lifetimes.map((l) => l.setting),
        ...(t.format === 'jwt' ? [t.secretSetting] : []),
        ...(t.refresh.graceSetting ? [t.refresh.graceSetting] : []),
      ]
      for (const n of names) expect(example, `${d.id}: ${n} is not in .env.example`).toMatch(new RegExp(`^#? ?${n}=`, 'm'))
    }
  })
})
