// How the fast path's router (router.ts) sees an endpoint: methods, pattern, handler, and the
// dialect (or 'standards') it belongs to, for logs and metrics. The routes are derived from the
// endpoint definitions in lib/http/api-routes.ts.
import type { Handler } from './handler'

export type RouteDef = {
  methods: string[]
  /** Path with `:param` segments, e.g. '/api/v2/tokens/:token'. Handlers read params from req.url. */
  pattern: string
  handler: Handler
  /** The dialect id (or 'standards'). */
  group?: string
  /** What the metrics count its answers as (the endpoint definition's `counts`). */
  counts?: 'sign-in' | 'code-send'
}
