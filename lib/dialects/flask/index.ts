// The Flask-JWT-Extended dialect (`/api/auth`, seed 003; SPEC §5.3; reference §3) as one value.
import { config } from '../../config'
import { defineHandler } from '../../http/handler'
import { defineDialect } from '../define'
import { endpoints, errorSchema } from './endpoints'
import { errors, renderError } from './errors'
import { inspector } from './introspect'
import { CLIENT, TOKENS } from './profile'

// What Flask (Werkzeug 3.1) answers for a path no route takes and for a method a route does not
// take, byte for byte (checked against Flask 3.1 / Werkzeug 3.1.9's test client).
const NOT_FOUND_HTML =
  '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n'
const METHOD_NOT_ALLOWED_HTML =
  '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n'

const html = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } })

export default defineDialect({
  id: CLIENT,
  label: 'Flask',
  prefix: '/api/auth',
  session: { client: CLIENT, label: 'Flask API' },
  errors,
  renderError,
  errorSchema,
  tokens: TOKENS,
  inspector,
  docs: {
    title: 'Flask-JWT-Extended auth API (/api/auth)',
    intro: () => [
      'The `/api/auth` API of the Flask project (seed 003). Answers are `{"code": 0|1, "data", "msg"}` with the seed\'s messages; login and register failures are HTTP 200 with `code: 1`.',
      "Tokens are flask-jwt-extended's (`fresh`, `type`, `csrf`, `sub` = the user's uuid). `/api/auth/refresh` takes the refresh token as `Authorization: Bearer`; its failures are flask-jwt-extended's `{\"msg\"}` with 401 or 422.",
    ],
    settings: () => {
      const c = config()
      return [
        ['FLASK_TIMEZONE', c.FLASK_TIMEZONE, 'time zone of the `YYYY-MM-DD HH:mm:ss` times'],
        ['PUBLIC_URL', c.PUBLIC_URL ?? 'not set', 'when set, the `iss` of the tokens, checked on refresh'],
      ]
    },
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Authorization: Bearer <refresh_token>' } },
    tags: [{ name: 'auth', description: 'Register, sign in, refresh' }],
  },
  endpoints,
  // Werkzeug's routing answers: 405 with Allow (OPTIONS added, sorted) for a known path, else 404.
  fallback: defineHandler(renderError, async (_req, ctx) => {
    const known = endpoints.filter((e) => e.path === ctx.url.pathname)
    if (known.length === 0) return html(NOT_FOUND_HTML, 404)
    const allow = [...new Set([...known.flatMap((e) => e.methods), 'OPTIONS'])].sort()
    return html(METHOD_NOT_ALLOWED_HTML, 405, { allow: allow.join(', ') })
  }),
})
