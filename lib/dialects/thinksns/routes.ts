// Every ThinkSNS+ endpoint (SPEC §5.1), for server.ts's fast path. app/api/v2/**/route.ts
// re-exports the same handlers for Next's router.
import type { RouteDef } from '../../http/routes-types'
import * as h from './handlers'

export const prefix = '/api/v2'

const ANY = ['GET', 'POST', 'PUT', 'PATCH']

export const routes: RouteDef[] = [
  { methods: ['POST'], pattern: '/api/v2/users', handler: h.register },
  { methods: ['GET'], pattern: '/api/v2/users/:user', handler: h.showUser },
  { methods: ['GET'], pattern: '/api/v2/user', handler: h.currentUser },
  { methods: ['POST'], pattern: '/api/v2/verifycodes/register', handler: h.sendRegisterCode },
  { methods: ['POST'], pattern: '/api/v2/verifycodes', handler: h.sendUserCode },
  { methods: ['POST'], pattern: '/api/v2/auth/login', handler: h.login },
  { methods: ANY, pattern: '/api/v2/auth/logout', handler: h.logout },
  { methods: ANY, pattern: '/api/v2/auth/refresh', handler: h.refresh },
  { methods: ['POST'], pattern: '/api/v2/wechat/mini-program', handler: h.miniProgram },
  { methods: ['POST'], pattern: '/api/v2/tokens', handler: h.createLegacyToken },
  { methods: ['PATCH'], pattern: '/api/v2/tokens/:token', handler: h.refreshLegacyToken },
]

/** Unknown paths under the prefix: Laravel's JSON 404. */
export const fallback = h.notFound
