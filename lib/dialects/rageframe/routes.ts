// The RageFrame dialect's endpoints (seed 004, plus /v1/member/info) for the fast path
// (server.ts); app/v1/**/route.ts re-exports the same handlers for Next.
import type { RouteDef } from '@/lib/http/routes-types'
import { login, memberInfo, refresh } from './handlers'

export const prefix = '/v1'

export const routes: RouteDef[] = [
  { methods: ['POST'], pattern: '/v1/site/login', handler: login },
  { methods: ['POST'], pattern: '/v1/site/refresh', handler: refresh },
  { methods: ['GET'], pattern: '/v1/member/info', handler: memberInfo },
]
