// Every ThinkSNS+ endpoint (SPEC §5.1), for server.ts's fast path, and the fallback both paths share
// for unknown paths and methods under /api/v2. The app/api/v2/**/route.ts files re-export these
// same functions for Next (each listing the fallback for the methods its endpoint does not take).
import { defineHandler, json } from '../../http/handler'
import type { RouteDef } from '../../http/routes-types'
import { renderError } from './errors'
import {
  createLegacyToken,
  currentUser,
  login,
  logout,
  miniProgram,
  refresh,
  refreshLegacyToken,
  register,
  sendRegisterCode,
  sendUserCode,
  showUser,
} from './handlers'

export { createLegacyToken, currentUser, login, logout, miniProgram, refresh, refreshLegacyToken, register, sendRegisterCode, sendUserCode, showUser }

export const prefix = '/api/v2'

/** logout and refresh take these (seed 000: POST|PUT|PATCH|GET). */
const ANY = ['GET', 'POST', 'PUT', 'PATCH']

export const routes: RouteDef[] = [
  { methods: ['POST'], pattern: '/api/v2/users', handler: register },
  { methods: ['GET'], pattern: '/api/v2/users/:user', handler: showUser },
  { methods: ['GET'], pattern: '/api/v2/user', handler: currentUser },
  { methods: ['POST'], pattern: '/api/v2/verifycodes/register', handler: sendRegisterCode },
  { methods: ['POST'], pattern: '/api/v2/verifycodes', handler: sendUserCode },
  { methods: ['POST'], pattern: '/api/v2/auth/login', handler: login },
  { methods: ANY, pattern: '/api/v2/auth/logout', handler: logout },
  { methods: ANY, pattern: '/api/v2/auth/refresh', handler: refresh },
  { methods: ['POST'], pattern: '/api/v2/wechat/mini-program', handler: miniProgram },
  { methods: ['POST'], pattern: '/api/v2/tokens', handler: createLegacyToken },
  { methods: ['PATCH'], pattern: '/api/v2/tokens/:token', handler: refreshLegacyToken },
]

function methodsFor(path: string): string[] | null {
  const parts = path.split('/')
  const hits = routes.filter((r) => {
    const p = r.pattern.split('/')
    return p.length === parts.length && p.every((s, i) => (s.startsWith(':') ? parts[i] !== '' : s === parts[i]))
  })
  return hits.length ? hits.flatMap((r) => r.methods) : null
}

/**
 * Laravel's answers for what no route takes: a known path with another method is 405 with the
 * supported methods (Laravel lists HEAD with GET); anything else under /api/v2 is a JSON 404.
 */
export const fallback = defineHandler(renderError(), async (req, ctx) => {
  const methods = methodsFor(ctx.url.pathname)
  if (!methods) return json({ message: 'Not Found' }, 404)
  const allowed = methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]))
  return json(
    { message: `The ${req.method} method is not supported for this route. Supported methods: ${allowed.join(', ')}.` },
    405,
    { allow: allowed.join(', ') },
  )
})
