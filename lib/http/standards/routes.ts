// The standards endpoints for server.ts's fast path; app/.well-known, app/oauth and app/api/me
// re-export the same handlers for Next.
import type { RouteDef } from '../routes-types'
import { introspect, jwks, me, openidConfiguration, PATHS, revoke } from './handlers'

export const routes: RouteDef[] = [
  { methods: ['GET'], pattern: PATHS.jwks, handler: jwks },
  { methods: ['GET'], pattern: PATHS.discovery, handler: openidConfiguration },
  { methods: ['POST'], pattern: PATHS.introspect, handler: introspect },
  { methods: ['POST'], pattern: PATHS.revoke, handler: revoke },
  { methods: ['GET'], pattern: PATHS.me, handler: me },
]
