// Every API endpoint the fast path (server.ts) serves, derived from the dialects' definitions
// (lib/dialects/index.ts) and the standards endpoints (lib/http/standards/endpoints.ts): the same
// handler functions the catch-all app/**/route.ts files dispatch to, so both paths run the same
// code (SPEC §9). Each dialect's fallback answers what no endpoint under its prefix takes.
import { DIALECTS } from '../dialects'
import { prefixesOf, type Endpoint } from '../dialects/define'
import { createRouter, normalizePathFor, under, type Fallback, type Router } from './router'
import type { RouteDef } from './routes-types'
import { endpoints as standards } from './standards/endpoints'

const toRoute =
  (group: string) =>
  (e: Endpoint): RouteDef => ({ methods: [...e.methods], pattern: e.path, handler: e.handler, group, counts: e.counts })

export const apiRoutes: RouteDef[] = [...standards.map(toRoute('standards')), ...DIALECTS.flatMap((d) => d.endpoints.map(toRoute(d.id)))]

const apiFallbacks: Fallback[] = DIALECTS.flatMap((d) => prefixesOf(d).map((prefix) => ({ prefix, handler: d.fallback, group: d.id })))

/** The prefixes the fast path may answer (SPEC §2): every dialect's, and the standards endpoints' paths. */
export const API_PREFIXES: readonly string[] = [...DIALECTS.flatMap((d) => prefixesOf(d)), ...standards.map((e) => e.path)]

/** Prefixes whose paths are matched in any case (Hyperf, SPEC §2). proxy.ts lists the same for Next. */
export const CASE_INSENSITIVE_PREFIXES: readonly string[] = DIALECTS.flatMap((d) => (d.caseInsensitivePaths ? prefixesOf(d) : []))

/** The dialect (or 'standards', 'health', 'web') a path belongs to, for what the router does not match. */
export function groupOfPath(path: string): string {
  for (const d of DIALECTS) if (prefixesOf(d).some((p) => under(p, path))) return d.id
  if (under('/api/health', path)) return 'health'
  return isApiPath(path) ? 'standards' : 'web'
}

let router: Router | undefined

export function apiRouter(): Router {
  router ??= createRouter(apiRoutes, apiFallbacks)
  return router
}

/** Whether the fast path may answer this path. */
export function isApiPath(path: string): boolean {
  for (const p of API_PREFIXES) if (under(p, path)) return true
  return false
}

/** The one path normalisation both paths apply (server.ts before routing, proxy.ts as a rewrite). */
export function normalizeApiPath(path: string): string {
  return normalizePathFor(path, CASE_INSENSITIVE_PREFIXES)
}
