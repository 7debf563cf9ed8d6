// The RageFrame dialect (`/v1`, seed 004; SPEC §5.4; reference §4) as one value.
import { config } from '../../config'
import { defineHandler } from '../../http/handler'
import { defineDialect } from '../define'
import { endpoints, errorSchema } from './endpoints'
import { failure } from './envelope'
import { errors, renderError } from './errors'
import { inspector } from './introspect'
import { CLIENT, TOKENS } from './profile'

export default defineDialect({
  id: CLIENT,
  label: 'RageFrame',
  prefix: '/v1',
  session: { client: CLIENT, label: 'RageFrame API' },
  errors,
  renderError,
  errorSchema,
  tokens: TOKENS,
  inspector,
  docs: {
    title: 'RageFrame API (/v1)',
    intro: () => [
      'The RageFrame (Yii2) API of seed 004. Every answer is HTTP 200 with `{code, message, data}`: success `code: 200, message: "OK"`; a failure carries the real status in `code`, with `data: []` for validation (422) and Yii\'s exception object otherwise.',
      'Tokens are opaque (`<32 url-safe characters>_<unix time>`), stored hashed. Later requests carry the access token as `?access-token=` or `Authorization: Bearer`.',
    ],
    settings: () => [['REFRESH_GRACE_SECONDS', config().REFRESH_GRACE_SECONDS, 'a spent refresh token repeated within this window gets the same new pair']],
    securitySchemes: {
      accessTokenQuery: { type: 'apiKey', in: 'query', name: 'access-token' },
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
    },
    tags: [
      { name: 'site', description: 'Sign-in and refresh (seed 004)' },
      { name: 'member', description: 'The member' },
    ],
  },
  endpoints,
  // Yii's answers in RageFrame's envelope (HTTP 200, the status in `code`): an unknown route is
  // NotFoundHttpException ('Page not found.', zh-CN '页面未找到。'); a known action asked with
  // another verb is VerbFilter's MethodNotAllowedHttpException (docs/decisions/0007).
  fallback: defineHandler(renderError, async (_req, ctx) => {
    const known = endpoints.filter((e) => e.path === ctx.url.pathname)
    if (known.length === 0) return failure(404, '页面未找到。', 'object')
    const methods = [...new Set(known.flatMap((e) => e.methods))].join(', ')
    const res = failure(405, `Method Not Allowed. This URL can only handle the following request methods: ${methods}.`, 'object')
    res.headers.set('allow', methods)
    return res
  }),
})
