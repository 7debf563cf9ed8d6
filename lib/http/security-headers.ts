// The security headers of every answer (issue 21 item 6), built here once for both serving paths:
// proxy.ts sets them on everything Next answers (pages, next-auth, route handlers, static files),
// and the fast path (server.ts, and the shared handler wrapper lib/http/handler.ts) on what it
// answers itself. Same path, same settings: same headers on both paths.
//
//   pages     a per-request nonce in script-src (Next reads it from the request's CSP header and
//             puts it on its own scripts: no other inline script runs), 'strict-dynamic' for the
//             chunks those scripts load, styles from this origin, no plugins, no <base>, forms
//             only to this origin, and no framing by anyone.
//   /docs     the same, but Scalar's reference (Vue) writes <style> elements at run time: styles
//             there are 'unsafe-inline' (a nonce beside it would switch that off). Scripts keep
//             the nonce.
//   API       JSON (and the OpenAPI documents, the JWKS, next-auth's answers): nothing may load or
//             frame it: `default-src 'none'; frame-ancestors 'none'`.
//   assets    Next's build output under /_next/static: the common headers, no CSP (a policy on a
//             script file does nothing; on a worker it would be the worker's own).
// Common to all: nosniff, a referrer policy, a permissions policy (camera, microphone and
// geolocation off; WebAuthn kept for this origin), X-Frame-Options DENY for browsers that predate
// frame-ancestors, and Strict-Transport-Security when the service is reached over https.
import { config } from '../config'

export type AnswerKind = 'page' | 'docs' | 'api' | 'asset'

/**
 * The top-level folders of app/ that hold route handlers only (JSON and the like), and every API
 * prefix of the fast path falls under one of them (lib/http/security-headers.test.ts checks both
 * against app/ and lib/http/api-routes.ts). Spelled here, not derived: proxy.ts uses this, and the
 * dialect list would pull every handler into the proxy. Everything else is a page (or Next's 404).
 */
export const ROUTE_HANDLER_PREFIXES = ['/api', '/login', '/oauth', '/openapi', '/user', '/v1', '/.well-known'] as const

const under = (prefix: string, path: string) => path === prefix || path.startsWith(prefix + '/')

/** What kind of answer a path gets, for its headers. `path` is already normalised (lower-case /login). */
export function answerKind(path: string): AnswerKind {
  if (under('/_next/static', path)) return 'asset'
  for (const p of ROUTE_HANDLER_PREFIXES) if (under(p, path)) return 'api'
  if (under('/docs', path)) return 'docs'
  return 'page'
}

/** A fresh nonce for one page answer: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
}

/**
 * Whether the client reached us over https: PUBLIC_URL is https (a TLS proxy in front), or a
 * trusted proxy says so in X-Forwarded-Proto. Without TRUST_PROXY that header is the client's own
 * word (plain `next start` passes it on) and is not believed; the servers themselves speak http.
 */
export function servedOverHttps(forwardedProto: string | null | undefined): boolean {
  const c = config()
  if (c.PUBLIC_URL?.startsWith('https:')) return true
  return c.TRUST_PROXY.kind !== 'none' && (forwardedProto ?? '').toLowerCase().includes('https')
}

const API_POLICY = "default-src 'none'; frame-ancestors 'none'"

// camera, microphone, geolocation: nothing here uses them, and nothing framed or injected may ask.
// WebAuthn (passkeys) stays available to this origin.
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), publickey-credentials-get=(self), publickey-credentials-create=(self)'

/** One year; no includeSubDomains: other hosts under the same domain are not ours to decide. */
const HSTS = 'max-age=31536000'

/** The Content-Security-Policy of a page (or /docs) answer with this nonce. */
function pagePolicy(kind: 'page' | 'docs', nonce: string, https: boolean): string {
  // next dev's React reconstructs server stacks with eval; the production build does not.
  const dev = config().NODE_ENV === 'development'
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    kind === 'docs' || dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The captcha widget (components/captcha.tsx, #21 item 5) solves its proof of work in a Web
    // Worker it starts from a blob: URL of its own bundled code; no other worker source.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    // Sign-in, sign-up and the account forms post to this origin (server actions, next-auth's
    // /api/session); every redirect after them stays here too (lib/auth/safe-next.ts).
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ')
}

/**
 * The security headers of one answer. `nonce` is required for a page or /docs (the same value
 * proxy.ts hands Next in the request's CSP header); ignored otherwise.
 */
export function securityHeaders(kind: AnswerKind, opts: { https: boolean; nonce?: string }): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': PERMISSIONS_POLICY,
  }
  if (kind === 'api') headers['content-security-policy'] = API_POLICY
  if (kind === 'page' || kind === 'docs') {
    if (!opts.nonce) throw new Error('a page answer needs a nonce')
    headers['content-security-policy'] = pagePolicy(kind, opts.nonce, opts.https)
  }
  if (opts.https) headers['strict-transport-security'] = HSTS
  return headers
}
