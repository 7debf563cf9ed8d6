// /v1/site/login, /v1/site/refresh (seed 004) and /v1/member/info (ours, reference §4): parse ->
// core -> envelope.
import { AuthError, isAuthError } from '../../core/errors'
import { createSession, revokeUserSessions } from '../../core/sessions'
import { authenticateOpaqueAccess, issueOpaquePair, rotateOpaqueRefresh } from '../../core/tokens'
import { authenticateWithPassword, recordSignIn, type User } from '../../core/users'
import { readFields } from '../../http/body'
import { defineHandler } from '../../http/handler'
import type { z } from 'zod'
import { ok } from './envelope'
import { renderError } from './errors'
import { CLIENT, memberObject, tokenSettings } from './profile'
import { loginSchema, refreshSchema } from './schemas'

async function parse<S extends z.ZodType>(schema: S, req: Request): Promise<z.infer<S>> {
  const r = schema.safeParse(await readFields(req))
  if (r.success) return r.data
  const issue = r.error.issues[0] // zod reports in key order: the first failing rule, as Yii's getFirstError
  throw new AuthError('invalid_input', { field: String(issue.path[0] ?? ''), reason: issue.message })
}

function answer(pair: { accessToken: string; refreshToken: string }, user: User) {
  return ok({
    refresh_token: pair.refreshToken,
    access_token: pair.accessToken,
    expiration_time: tokenSettings().accessTtlSeconds,
    member: memberObject(user),
  })
}

// Real clients send `x-api-key` on every call, empty before sign-in and stale on refresh (reference
// §4): login and refresh read only their body.
export const login = defineHandler(renderError, async (req, ctx) => {
  const input = await parse(loginSchema, req)
  const user = await authenticateWithPassword(input.username, input.password, { ip: ctx.ip, userAgent: ctx.userAgent, client: CLIENT })
  const settings = tokenSettings()
  const session = await createSession({
    userId: user.id,
    client: CLIENT,
    group: input.group,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    ttlSeconds: settings.refreshTtlSeconds,
  })
  // One live pair per member and group: the previous sign-in of this group ends, other groups' stay.
  await revokeUserSessions(user.id, 'replaced', { client: CLIENT, group: input.group, exceptId: session.id, ip: ctx.ip })
  const member = await recordSignIn(user, { ip: ctx.ip, client: CLIENT, sessionId: session.id })
  return answer(await issueOpaquePair(session, settings), member)
})

export const refresh = defineHandler(renderError, async (req, ctx) => {
  const input = await parse(refreshSchema, req)
  let rotation
  try {
    rotation = await rotateOpaqueRefresh(input.refresh_token, { ...tokenSettings(), client: CLIENT, group: input.group, ip: ctx.ip })
  } catch (e) {
    if (isAuthError(e)) throw new AuthError(e.kind, { ...e.detail, stage: 'refresh' })
    throw e
  }
  const user = rotation.user
  // A parallel retry inside the grace window is the same refresh, not another visit.
  const member = rotation.replayed ? user : await recordSignIn(user, { ip: ctx.ip, client: CLIENT, sessionId: rotation.session.id })
  return answer(rotation, member)
})

/** The access token as Yii's CompositeAuth finds it: `?access-token=`, `Authorization: Bearer`, `X-Api-Key`. */
function accessTokenOf(req: Request, url: URL): string | null {
  const query = url.searchParams.get('access-token')
  if (query) return query
  const bearer = /^Bearer\s+(.*?)$/.exec(req.headers.get('authorization') ?? '')
  if (bearer && bearer[1]) return bearer[1]
  return req.headers.get('x-api-key') || null
}

export const memberInfo = defineHandler(renderError, async (req, ctx) => {
  const token = accessTokenOf(req, ctx.url)
  if (!token) throw new AuthError('token_missing')
  const { user } = await authenticateOpaqueAccess(token, { client: CLIENT, ip: ctx.ip })
  return ok(memberObject(user))
})
