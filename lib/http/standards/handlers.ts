// The standards endpoints (SPEC §2, §4) for the app's other services: JWKS and discovery to verify
// tokens themselves, RFC 7662 introspection and RFC 7009 revocation for any token of any dialect
// (JWT or opaque), and /api/me for the user behind an access token.
import type { z } from 'zod'
import { config } from '../../config'
import { db } from '../../db'
import { log } from '../../log'
import { AuthError } from '../../core/errors'
import type { TokenInfo } from '../../core/introspection'
import { authenticateOAuthClient } from '../../core/oauth-clients'
import { permissionsOf, rolesOf } from '../../core/roles'
import { getLiveSession, revokeSession, touchSession, type Session } from '../../core/sessions'
import { isActive } from '../../core/rules'
import { asymmetricDialectKeys, publishedJwks, type AsymmetricAlg } from '../../core/signing-keys'
import { OIDC_ISSUER, oidcAlg } from '../../oidc/issuer'
import { JWT_ISSUERS } from '../../dialects'
import { readFields, type Fields } from '../body'
import { defineHandler, json, type RequestContext } from '../handler'
import { renderOAuthError } from './errors'
import { inspectToken } from './inspectors'
import { tokenRequest } from './schemas'

export const PATHS = {
  jwks: '/.well-known/jwks.json',
  discovery: '/.well-known/openid-configuration',
  introspect: '/oauth/introspect',
  revoke: '/oauth/revoke',
  me: '/api/me',
} as const

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post']

function issuer(ctx: RequestContext): string {
  return (config().PUBLIC_URL ?? ctx.url.origin).replace(/\/+$/, '')
}

const publicHeaders = (maxAge: number) => ({ 'cache-control': `public, max-age=${maxAge}`, 'access-control-allow-origin': '*' })

export const jwks = defineHandler(renderOAuthError, async () => {
  // With HS256 (the default) no dialect key is published: the dialects' secrets are shared, not
  // public. The OpenID Connect provider's keys (lib/oidc/issuer.ts) are always asymmetric and published.
  const alg = config().JWT_SIGNING_ALG
  const dialects = alg === 'HS256' ? [] : JWT_ISSUERS
  // Each issuer's first key is made on first use: make sure it exists before a verifier looks.
  await Promise.all([...dialects.map((d) => asymmetricDialectKeys(d, alg as AsymmetricAlg)), asymmetricDialectKeys(OIDC_ISSUER, oidcAlg())])
  const body = await publishedJwks([...dialects, OIDC_ISSUER])
  // A new key is published SIGNING_KEYS_REFRESH_SECONDS before it signs: caching no longer than
  // that means a verifier has it before it meets a token signed with it.
  return json(body, 200, publicHeaders(config().SIGNING_KEYS_REFRESH_SECONDS))
})

export const openidConfiguration = defineHandler(renderOAuthError, async (_req, ctx) => {
  const base = issuer(ctx)
  return json(
    {
      issuer: base,
      jwks_uri: base + PATHS.jwks,
      introspection_endpoint: base + PATHS.introspect,
      introspection_endpoint_auth_methods_supported: AUTH_METHODS,
      revocation_endpoint: base + PATHS.revoke,
      revocation_endpoint_auth_methods_supported: AUTH_METHODS,
      userinfo_endpoint: base + PATHS.me,
      token_signing_alg_values_supported: [config().JWT_SIGNING_ALG],
      subject_types_supported: ['public'],
    },
    200,
    publicHeaders(300),
  )
})

// ---------------------------------------------------------------------------------------------
// Client authentication (RFC 6749 §2.3.1): HTTP Basic, or client_id/client_secret in the body.

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)

function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

async function authenticateClient(req: Request, fields: Fields): Promise<{ id: string; name: string }> {
  const header = req.headers.get('authorization')
  let id: string | undefined
  let secret: string | undefined
  if (header && /^basic\s/i.test(header)) {
    // RFC 6749 §2.3.1: a client must not use more than one method.
    if (fields.client_secret !== undefined) throw new AuthError('invalid_input', { field: 'client_secret', reason: 'two_methods' })
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon > 0) {
      id = formDecode(decoded.slice(0, colon))
      secret = formDecode(decoded.slice(colon + 1))
    }
  } else {
    id = str(fields.client_id)
    secret = str(fields.client_secret)
  }
  if (!id || !secret) throw new AuthError('wrong_password', { what: 'client' })
  return authenticateOAuthClient(id, secret)
}

function parseTokenRequest(fields: Fields): z.infer<typeof tokenRequest> {
  const parsed = tokenRequest.safeParse(fields)
  if (!parsed.success) throw new AuthError('invalid_input', { field: String(parsed.error.issues[0]?.path[0] ?? 'token'), reason: 'invalid' })
  return parsed.data
}

/** The token's info and live session, or null when it is not active (revoked, expired, replaced, foreign). */
async function activeToken(token: string): Promise<{ info: TokenInfo; session: Session } | null> {
  const info = await inspectToken(token)
  if (!info || !info.active) return null
  // The inspector already said so; the session is asked again so that revocation here never
  // depends on each dialect remembering it.
  const session = await getLiveSession(info.sessionId)
  if (!session || session.userId !== info.userId) return null
  if (info.exp !== undefined && info.exp * 1000 <= Date.now()) return null
  return { info, session }
}

export const introspect = defineHandler(renderOAuthError, async (req, ctx) => {
  const fields = await readFields(req)
  const client = await authenticateClient(req, fields)
  const { token } = parseTokenRequest(fields)
  const active = await activeToken(token)
  const user = active && (await db().user.findUnique({ where: { id: active.info.userId } }))
  if (!active || !user || !isActive(user)) return json({ active: false })
  const { info, session } = active
  log.debug('token introspected', { requestId: ctx.requestId, client: client.id, dialect: info.dialect })
  return json({
    active: true,
    sub: String(user.id),
    username: user.name,
    uuid: user.uuid,
    token_type: info.tokenType === 'access' ? 'access_token' : 'refresh_token',
    ...(info.exp !== undefined ? { exp: info.exp } : {}),
    ...(info.iat !== undefined ? { iat: info.iat } : {}),
    ...(info.jti !== undefined ? { jti: info.jti } : {}),
    sid: session.id,
    dialect: info.dialect,
  })
})

export const revoke = defineHandler(renderOAuthError, async (req, ctx) => {
  const fields = await readFields(req)
  const client = await authenticateClient(req, fields)
  const { token } = parseTokenRequest(fields)
  const active = await activeToken(token)
  // RFC 7009 §2.2: an unknown or already invalid token gets 200 too (nothing to tell the caller).
  // A token that is no longer active leaves its session alone: a refreshed-away ThinkSNS+ token
  // must not end the session its successor lives in.
  if (active) {
    await revokeSession(active.session.id, 'oauth_revoke', { ip: ctx.ip })
    log.info('token revoked by client', { requestId: ctx.requestId, client: client.id, dialect: active.info.dialect, sessionId: active.session.id })
  }
  return new Response(null, { status: 200 })
})

function bearer(req: Request): string | null {
  const header = req.headers.get('authorization')
  if (!header) return null
  const m = /^bearer\s+(\S+)\s*$/i.exec(header)
  if (!m) throw new AuthError('token_invalid', { reason: 'malformed' })
  return m[1]
}

export const me = defineHandler(renderOAuthError, async (req, ctx) => {
  const token = bearer(req)
  if (!token) throw new AuthError('token_missing')
  if (token.length > 8192) throw new AuthError('token_invalid', { reason: 'malformed' })
  const active = await activeToken(token)
  if (!active) throw new AuthError('token_invalid', { reason: 'unknown' })
  // A refresh token only buys new access tokens (RFC 6749 §1.5): it does not open resources.
  if (active.info.tokenType !== 'access') throw new AuthError('token_wrong_type')
  const user = await db().user.findUnique({ where: { id: active.info.userId } })
  if (!user || !isActive(user)) throw new AuthError('user_disabled')
  await touchSession(active.session, ctx.ip)
  const [roles, permissions] = await Promise.all([rolesOf(user.id), permissionsOf(user.id)])
  return json({ id: user.id, uuid: user.uuid, name: user.name, roles: roles.map((r) => r.name), permissions: permissions.map((p) => p.name) })
})
