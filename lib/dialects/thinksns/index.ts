// The ThinkSNS+ dialect (`/api/v2`, seeds 000 and 001; SPEC §5.1; reference §1) as one value.
import { config } from '../../config'
import { defineHandler, json } from '../../http/handler'
import { defineDialect, type Method } from '../define'
import { endpoints, errorSchema } from './endpoints'
import { errors, renderError } from './errors'
import { inspector } from './introspect'
import { CLIENT, TOKENS } from './profile'

// Laravel lists a route's methods in this order (Route::match / Route::any).
const LARAVEL_ORDER: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

function methodsFor(path: string): Method[] | null {
  const parts = path.split('/')
  const hits = endpoints.filter((e) => {
    const p = e.path.split('/')
    return p.length === parts.length && p.every((s, i) => (s.startsWith(':') ? parts[i] !== '' : s === parts[i]))
  })
  if (hits.length === 0) return null
  const methods = new Set(hits.flatMap((e) => e.methods))
  return LARAVEL_ORDER.filter((m) => methods.has(m))
}

export default defineDialect({
  id: CLIENT,
  label: 'ThinkSNS+',
  prefix: '/api/v2',
  session: { client: CLIENT, label: 'ThinkSNS+ API' },
  errors,
  renderError: renderError('default'),
  errorSchema,
  tokens: TOKENS,
  inspector,
  docs: {
    title: 'ThinkSNS+ API v2 (/api/v2)',
    intro: () => [
      "The ThinkSNS+ sign-up and sign-in API (seeds 000 and 001). Errors are Laravel's: validation 422 `{message, errors: {field: [...]}}`, bad credentials 422 `{message}`, a missing, invalid or expired token 401 `{message}`, a disabled account 403.",
      'Any other path under `/api/v2` answers Laravel\'s 404 `{"message": "Not Found"}`.',
      "Authenticated endpoints take the token as `Authorization: Bearer <access_token>`, `?token=` or a body field `token` (tymon/jwt-auth's order). `expires_in` and `refresh_ttl` are in minutes (seed 000).",
    ],
    settings: () => {
      const c = config()
      return [
        ['THINKSNS_EXPIRES_IN_SECONDS', c.THINKSNS_EXPIRES_IN_SECONDS, '`expires_in` in seconds instead of minutes (old clients of seed 001)'],
        ['WECHAT_APPID', c.WECHAT_APPID ? 'set' : 'not set', 'mini-program sign-in answers 503 without it'],
      ]
    },
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Authorization: Bearer <access_token>' },
      tokenQuery: { type: 'apiKey', in: 'query', name: 'token', description: 'the token as ?token= (jwt-auth also reads it there)' },
    },
    tags: [
      { name: 'register', description: 'Codes and registration' },
      { name: 'auth', description: 'Sign-in, refresh, sign-out' },
      { name: 'user', description: 'Users' },
      { name: 'legacy', description: 'The older /tokens endpoints (seed 001)' },
    ],
  },
  endpoints,
  /**
   * Laravel's answers for what no route takes: a known path with another method is 405 with the
   * supported methods (Laravel lists HEAD with GET); anything else under /api/v2 is a JSON 404.
   */
  fallback: defineHandler(renderError(), async (req, ctx) => {
    const methods = methodsFor(ctx.url.pathname)
    if (!methods) return json({ message: 'Not Found' }, 404)
    const allowed = methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]))
    return json({ message: `The ${req.method} method is not supported for this route. Supported methods: ${allowed.join(', ')}.` }, 405, {
      allow: allowed.join(', '),
    })
  }),
})
