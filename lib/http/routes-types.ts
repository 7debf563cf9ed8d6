// How a dialect lists its endpoints for server.ts's fast path. The same handler functions are
// re-exported by app/**/route.ts for Next's own router.
import type { Handler } from './handler'

export type RouteDef = {
  methods: string[]
  /** Path with `:param` segments, e.g. '/api/v2/tokens/:token'. Handlers read params from req.url. */
  pattern: string
  handler: Handler
}
