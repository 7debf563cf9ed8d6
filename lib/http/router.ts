// The fast path's route matcher (SPEC §9): finds the handler for a method and path in the routes
// derived from the endpoint definitions (lib/http/api-routes.ts), without Next's pipeline. The
// catch-all route.ts of each dialect prefix dispatches with the same router (lib/dialects/next-route.ts).
//
// It answers only what it is sure Next would answer with the same function: a listed method on a
// listed pattern, or the fallback a dialect declares for its own prefix (Hyperf's 9902/9903, served
// on the Next side by a catch-all route.ts re-exporting the same function). Everything else — no
// fallback, HEAD/OPTIONS that a route does not list (Next implements those itself), trailing
// slashes and repeated slashes (Next answers 308) — returns null, and server.ts hands the request
// to Next, so both paths give the same answer by construction.
import type { Handler } from './handler'
import type { RouteDef } from './routes-types'

export type Fallback = { prefix: string; handler: Handler; group?: string }

type RouteMatch = { handler: Handler; pattern: string | null; group?: string; counts?: RouteDef['counts'] }

type Compiled = { pattern: string; segments: (string | null)[]; methods: Map<string, Handler>; group?: string; counts?: RouteDef['counts'] }

export type Router = {
  match(method: string, path: string): RouteMatch | null
  /** Patterns served, for logs and tests. */
  patterns(): string[]
}

function splitPath(path: string): string[] {
  return path.split('/').slice(1)
}

export function under(prefix: string, path: string): boolean {
  return path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : prefix + '/')
}

export function createRouter(routes: RouteDef[], fallbacks: Fallback[] = []): Router {
  const exact = new Map<string, Compiled>()
  const dynamic: Compiled[] = []
  for (const r of routes) {
    if (!r.pattern.startsWith('/')) throw new Error(`route pattern must start with /: ${r.pattern}`)
    const segments = splitPath(r.pattern).map((s) => (s.startsWith(':') ? null : s))
    const isDynamic = segments.includes(null)
    let entry = isDynamic ? dynamic.find((c) => c.pattern === r.pattern) : exact.get(r.pattern)
    if (!entry) {
      entry = { pattern: r.pattern, segments, methods: new Map(), group: r.group, counts: r.counts }
      if (isDynamic) dynamic.push(entry)
      else exact.set(r.pattern, entry)
    }
    for (const m of r.methods) {
      const method = m.toUpperCase()
      if (entry.methods.has(method)) throw new Error(`route ${method} ${r.pattern} is defined twice`)
      entry.methods.set(method, r.handler)
    }
  }
  // Literal segments win over parameters (as in Next's file router): more literals first.
  dynamic.sort((a, b) => b.segments.filter((s) => s !== null).length - a.segments.filter((s) => s !== null).length)
  // The longest prefix decides.
  const fbs = [...fallbacks].sort((a, b) => b.prefix.length - a.prefix.length)

  function findPattern(path: string): Compiled | undefined {
    const hit = exact.get(path)
    if (hit) return hit
    const parts = splitPath(path)
    return dynamic.find((c) => c.segments.length === parts.length && c.segments.every((s, i) => (s === null ? parts[i] !== '' : s === parts[i])))
  }

  return {
    match(method, path) {
      // Next redirects these (308); let it.
      if (path.length > 1 && path.endsWith('/')) return null
      if (path.includes('//') || path.includes('\\')) return null
      const route = findPattern(path)
      const handler = route?.methods.get(method)
      if (route && handler) return { handler, pattern: route.pattern, group: route.group, counts: route.counts }
      // Next answers HEAD (from GET) and OPTIONS (Allow) on its own for listed routes.
      if (method === 'HEAD' || method === 'OPTIONS') return null
      const fb = fbs.find((f) => under(f.prefix, path))
      return fb ? { handler: fb.handler, pattern: null, group: fb.group } : null
    },
    patterns() {
      return [...exact.keys(), ...dynamic.map((d) => d.pattern)]
    },
  }
}

/**
 * Paths under these prefixes are case-insensitive (Hyperf, SPEC §2: `/login/Jwt/get` =
 * `/login/jwt/get`): the one normalisation both paths apply (server.ts before routing, proxy.ts as
 * a rewrite). Returns the path to serve, or the same string when nothing changes.
 */
export function normalizePathFor(path: string, caseInsensitivePrefixes: readonly string[]): string {
  const lower = path.toLowerCase()
  if (lower === path) return path
  for (const p of caseInsensitivePrefixes) if (under(p, lower)) return lower
  return path
}
