// The Flask dialect's endpoints (seed 003) for the fast path (server.ts); app/api/auth/*/route.ts
// re-exports the same handlers for Next.
import type { RouteDef } from '@/lib/http/routes-types'
import { login, refresh, register } from './handlers'

export const prefix = '/api/auth'

export const routes: RouteDef[] = [
  { methods: ['POST'], pattern: '/api/auth/login', handler: login },
  { methods: ['POST'], pattern: '/api/auth/register', handler: register },
  { methods: ['POST'], pattern: '/api/auth/refresh', handler: refresh },
]
