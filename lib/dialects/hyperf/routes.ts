// Every /login endpoint for the fast path (server.ts) and the fallback both paths share for
// unknown paths and methods (the real project's CoreMiddleware: 404 9902 / 405 9903). The
// app/login/**/route.ts files re-export the same functions for Next.
import { defineHandler } from '../../http/handler'
import type { RouteDef } from '../../http/routes-types'
import { fail } from './envelope'
import { METHOD_NOT_ALLOWED, ROUTE_NOT_FOUND } from './errors'
import { deactivateJwt, getJwt, jwtStatus, refreshJwt, register, renderError, sendSms } from './handlers'

export { deactivateJwt, getJwt, jwtStatus, refreshJwt, register, sendSms }

export const prefix = '/login'

export const routes: RouteDef[] = [
  { methods: ['POST'], pattern: '/login/register', handler: register },
  { methods: ['POST'], pattern: '/login/jwt/get', handler: getJwt },
  { methods: ['POST'], pattern: '/login/send/sms', handler: sendSms },
  { methods: ['POST'], pattern: '/login/jwt/refresh', handler: refreshJwt },
  { methods: ['POST'], pattern: '/login/jwt/deactivate', handler: deactivateJwt },
  { methods: ['POST'], pattern: '/login/jwt/status', handler: jwtStatus },
]

const known = new Set(routes.map((r) => r.pattern))

/** A known path with another method is 405 9903; anything else under /login is 404 9902. */
export const fallback = defineHandler(renderError, async (_req, ctx) => {
  const e = known.has(ctx.url.pathname.toLowerCase()) ? METHOD_NOT_ALLOWED : ROUTE_NOT_FOUND
  return fail(e.code, e.msg, e.status)
})
