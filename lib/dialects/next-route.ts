// What the one catch-all route.ts of each dialect prefix exports for Next's router
// (app/api/v2/[[...path]]/route.ts and the like): one function per method that finds the endpoint
// with the same router the fast path uses (lib/http/api-routes.ts) and otherwise answers with the
// dialect's fallback. So `next start` and server.ts run the same handler for every request.
// Next answers HEAD with the GET export and OPTIONS itself, as it did for the per-endpoint files.
import { apiRouter, normalizeApiPath } from '../http/api-routes'
import type { Handler } from '../http/handler'
import { dialectById, type DialectId } from '.'
import { ROUTE_METHODS, type Method } from './define'

export function dialectRoute(id: DialectId): Record<Method, Handler> {
  const dialect = dialectById(id)
  if (!dialect) throw new Error(`no dialect ${id}`)
  const dispatch =
    (method: Method): Handler =>
    (req) => {
      const match = apiRouter().match(method, normalizeApiPath(new URL(req.url).pathname))
      return (match && match.group === id ? match.handler : dialect.fallback)(req)
    }
  return Object.fromEntries(ROUTE_METHODS.map((m) => [m, dispatch(m)])) as Record<Method, Handler>
}
