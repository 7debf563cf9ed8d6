// Next's middleware (Next 16 calls it proxy), run on every request Next answers, on both serving
// paths (plain `next start`, and what server.ts hands to Next):
//
// 1. The security headers of lib/http/security-headers.ts (issue 21 item 6): for a page, a fresh
//    nonce, put in the Content-Security-Policy of the answer and of the request (Next reads the
//    nonce from the request's policy and sets it on its own scripts). server.ts's fast path sets
//    the same headers on what it answers itself.
// 2. The one path normalisation both paths share (lib/http/router.ts normalizePathFor): Hyperf's
//    paths are case-insensitive (SPEC §2: `/login/Jwt/get` = `/login/jwt/get`), so a mixed-case
//    /login path is rewritten to its lower-case route. server.ts applies the same function before
//    its own routing, so `next start` and the custom server agree.
//
// The prefixes are spelled here and in security-headers.ts rather than read from the dialect list
// (which would pull every handler into the proxy): lib/dialects/dialects.test.ts fails when a
// dialect with case-insensitive paths is missing here, lib/http/security-headers.test.ts when an
// API prefix is not classed as one.
import { NextResponse, type NextRequest } from 'next/server'
import { normalizePathFor } from './lib/http/router'
import { answerKind, newNonce, securityHeaders, servedOverHttps } from './lib/http/security-headers'

export const CASE_INSENSITIVE_PREFIXES = ['/login', '/user']

export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname
  const normalized = normalizePathFor(path, CASE_INSENSITIVE_PREFIXES)
  const kind = answerKind(normalized)
  const nonce = kind === 'page' || kind === 'docs' ? newNonce() : undefined
  const headers = securityHeaders(kind, { https: servedOverHttps(request.headers.get('x-forwarded-proto')), nonce })
  // A page's request carries its policy (and so the nonce) into Next's rendering, in place of any
  // policy header the client sent.
  let forward: { request: { headers: Headers } } | undefined
  if (nonce) {
    const requestHeaders = new Headers(request.headers)
    requestHeaders.set('content-security-policy', headers['content-security-policy'])
    forward = { request: { headers: requestHeaders } }
  }
  let response: NextResponse
  if (normalized === path) {
    response = NextResponse.next(forward)
  } else {
    const url = request.nextUrl.clone()
    url.pathname = normalized
    // Next reports the rewrite to the client in an x-middleware-rewrite header (its own marker; the
    // fast path has no such step and sends none).
    response = NextResponse.rewrite(url, forward)
  }
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v)
  return response
}

export const config = {
  // Every path: pages, route handlers, next-auth, Next's 404 and its static files all get headers.
  matcher: ['/', '/:path*'],
}
