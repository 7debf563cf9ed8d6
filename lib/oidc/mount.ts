// server.ts's door to the OpenID Connect provider: everything under /oidc, and the discovery
// document at /.well-known/openid-configuration (the provider's, completed with this service's
// JWKS: one answer for both URLs). Plain `next start` has none of this (docs/oidc.md).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { log, errorFields } from '../log'
import { handleInteraction } from './interaction'
import { oidcProvider, OIDC_PREFIX } from './provider'

const DISCOVERY = '/.well-known/openid-configuration'

const handlers = new WeakMap<object, (req: IncomingMessage, res: ServerResponse) => Promise<void>>()

export function isOidcPath(path: string): boolean {
  return path === DISCOVERY || path === OIDC_PREFIX || path.startsWith(`${OIDC_PREFIX}/`)
}

/** Answers an OIDC request; false when Next should (the interaction pages). */
export async function serveOidc(req: IncomingMessage, res: ServerResponse, path: string, search: string, secure: () => void): Promise<boolean> {
  try {
    const provider = await oidcProvider()
    if (path.startsWith(`${OIDC_PREFIX}/interaction/`)) return await handleInteraction(provider, req, res, path)
    // The provider works out its mount path from originalUrl (as under Express's app.use).
    // The API answers' security headers (lib/http/security-headers.ts); the provider's own pages need no script or style.
    secure()
    const inner = path === DISCOVERY ? DISCOVERY : path.slice(OIDC_PREFIX.length) || '/'
    const request = req as IncomingMessage & { originalUrl?: string }
    request.originalUrl = `${OIDC_PREFIX}${inner}${search}`
    request.url = `${inner}${search}`
    let handle = handlers.get(provider)
    if (!handle) {
      handle = provider.callback() as (req: IncomingMessage, res: ServerResponse) => Promise<void>
      handlers.set(provider, handle)
    }
    await handle(req, res)
    return true
  } catch (e) {
    log.error('oidc request failed', { path, ...errorFields(e) })
    if (!res.headersSent) {
      res.statusCode = 500
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ error: 'server_error' }))
    } else res.destroy()
    return true
  }
}
