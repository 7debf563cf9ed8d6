// Every API endpoint the fast path (server.ts) serves: the same handler functions the app/**/route.ts
// files re-export, so both paths run the same code (SPEC §9). A dialect's routes module may also
// name its prefix and a fallback for unknown paths and methods under it (Hyperf's 9902/9903).
import type { Handler } from './handler'
import { health } from './health'
import { createRouter, type Fallback, type Router } from './router'
import type { RouteDef } from './routes-types'
import * as standards from './standards/routes'
import * as thinksns from '../dialects/thinksns/routes'
import * as flask from '../dialects/flask/routes'
import * as hyperf from '../dialects/hyperf/routes'
import * as rageframe from '../dialects/rageframe/routes'

type RoutesModule = { routes: RouteDef[]; prefix?: string; fallback?: Handler }

const modules: RoutesModule[] = [
  { routes: [{ methods: ['GET'], pattern: '/api/health', handler: health }] },
  standards,
  thinksns,
  hyperf,
  flask,
  rageframe,
]

export const apiRoutes: RouteDef[] = modules.flatMap((m) => m.routes)

export const apiFallbacks: Fallback[] = modules.flatMap((m) => (m.prefix && m.fallback ? [{ prefix: m.prefix, handler: m.fallback }] : []))

let router: Router | undefined

export function apiRouter(): Router {
  router ??= createRouter(apiRoutes, apiFallbacks)
  return router
}
