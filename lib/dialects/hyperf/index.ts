// The Hyperf dialect (`/login`, seed 002; SPEC §5.2; reference §2) as one value.
import { config } from '../../config'
import { defineHandler } from '../../http/handler'
import { defineDialect } from '../define'
import { endpoints, errorSchema } from './endpoints'
import { fail } from './envelope'
import { errors, METHOD_NOT_ALLOWED, renderError, ROUTE_NOT_FOUND } from './errors'
import { inspector } from './introspect'
import { CLIENT, TOKENS } from './profile'

const known = new Set(endpoints.map((e) => e.path))

export default defineDialect({
  id: CLIENT,
  label: 'Hyperf',
  prefix: '/login',
  // UserController's password change lives under /user (docs/decisions/0013).
  morePrefixes: ['/user'],
  caseInsensitivePaths: true,
  session: { client: CLIENT, label: 'Hyperf API' },
  errors,
  renderError,
  errorSchema,
  tokens: TOKENS,
  inspector,
  docs: {
    title: 'Hyperf login API (/login, /user)',
    intro: () => [
      'The `/login` API of the Hyperf project (seed 002). Every answer is `{code, msg, status, data}`: success `code: 200, msg: "ok", status: true`; failure `status: false, data: []`.',
      'HTTP status as the real project: 200 for success and business errors (`500xx`, `9905`), 422 for `9906` (validation), 401 for `9908` (authentication), 404 `9902` for an unknown path and 405 `9903` for a known path with another method. Paths are case-insensitive.',
      'Tokens travel in the body (`jwt`), not in a header, except on `/user/update/password`, which reads the access jwt from `Authorization` as the project\'s middleware does. The access jwt carries `data` = `{"uid","rid"}` as a JSON string (php-jwt compatible).',
    ],
    settings: () => [
      ['HYPERF_ISSUER', config().HYPERF_ISSUER, '`iss` of the jwts'],
      ['HYPERF_TIMEZONE', config().HYPERF_TIMEZONE, 'time zone of `exp_date` / `iat_date`'],
    ],
    tags: [
      { name: 'register', description: 'SMS code and registration' },
      { name: 'jwt', description: 'Sign-in, status, refresh and deactivation' },
      { name: 'user', description: 'The signed-in user (UserController)' },
    ],
  },
  endpoints,
  // The real project's CoreMiddleware: a known path with another method is 405 9903; anything
  // else under /login or /user is 404 9902.
  fallback: defineHandler(renderError, async (_req, ctx) => {
    const e = known.has(ctx.url.pathname.toLowerCase()) ? METHOD_NOT_ALLOWED : ROUTE_NOT_FOUND
    return fail(e.code, e.msg, e.status)
  }),
})
