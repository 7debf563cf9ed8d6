// A fifth dialect, kept small on purpose: what docs/adding-a-dialect.md builds. It is not in
// DIALECTS (it serves nothing); lib/dialects/toy.test.ts runs on it every check the real dialects
// pass, and shows what the checks say when a part is missing.
import { z } from 'zod'
import { AUTH_ERROR_KINDS, isAuthError, type AuthErrorKind } from '@/lib/core/errors'
import type { TokenInspector } from '@/lib/core/introspection'
import { authenticateWithPassword } from '@/lib/core/users'
import { defineDialect, defineEndpoint, defineTokens } from '@/lib/dialects/define'
import { readFields } from '@/lib/http/body'
import { defineHandler, json, type ErrorRenderer } from '@/lib/http/handler'
import { AuthError } from '@/lib/core/errors'
import { kind } from '@/lib/openapi/common'

// errors.ts: every kind, one row each (a real dialect writes the real system's texts here).
const STATUS: Partial<Record<AuthErrorKind, number>> = { invalid_input: 422, user_not_found: 401, wrong_password: 401, rate_limited: 429, unavailable: 503 }
export const errors = Object.fromEntries(AUTH_ERROR_KINDS.map((k) => [k, { status: STATUS[k] ?? 400, body: { ok: false, error: k } }])) as Record<
  AuthErrorKind,
  { status: number; body: { ok: false; error: string } }
>

// envelope.ts
const ok = (data: unknown) => json({ ok: true, data })
export const renderError: ErrorRenderer = (e) => {
  const row = isAuthError(e) ? errors[e.kind] : { status: 500, body: { ok: false, error: 'unexpected' } }
  return json(row.body, row.status)
}
const errorSchema = z.object({ ok: z.literal(false), error: z.string() })

// schemas.ts
const loginBody = z.object({ login: z.string().min(1), password: z.string().min(1) })

// handlers.ts
const login = defineHandler(renderError, async (req, ctx) => {
  const r = loginBody.safeParse(await readFields(req))
  if (!r.success) throw new AuthError('invalid_input', { field: String(r.error.issues[0].path[0]) })
  const user = await authenticateWithPassword(r.data.login, r.data.password, { ip: ctx.ip, client: 'toy' })
  return ok({ id: user.id, name: user.name })
})

// introspect.ts: the toy issues no tokens, so no token is its own.
const inspector: TokenInspector = { inspect: async () => null }

export const TOKENS = defineTokens({
  format: 'opaque',
  id: 'toy',
  lifetimes: [{ setting: 'BROWSER_SESSION_TTL_SECONDS', unit: 'seconds', meaning: 'how long a toy session lives' }],
  refresh: { policy: 'reusable', summary: 'The toy has no refresh.' },
})

export const endpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/toy/login',
    operationId: 'login',
    handler: login,
    summary: 'Check a password',
    description: 'Answers the user for a name, email or phone and its password.',
    body: loginBody,
    success: [{ status: 200, description: 'The user.', schema: z.object({ ok: z.literal(true), data: z.object({ id: z.number(), name: z.string() }) }) }],
    errors: [kind('invalid_input', 'A field is missing.', { field: 'login' }), kind('wrong_password', 'Unknown user or wrong password.')],
    examples: [{ name: 'wrong', summary: 'an unknown user', body: { login: 'nobody', password: 'x' }, status: 401 }],
  }),
]

export default defineDialect({
  id: 'toy',
  label: 'Toy',
  prefix: '/toy',
  session: { client: 'toy', label: 'Toy API' },
  errors,
  renderError,
  errorSchema,
  tokens: TOKENS,
  inspector,
  docs: { title: 'Toy API (/toy)', intro: () => ['A dialect for the tests.'] },
  endpoints,
  fallback: defineHandler(renderError, async () => {
    throw new AuthError('not_found')
  }),
})
