// Next's side of the one path normalisation both paths share (lib/http/router.ts normalizePathFor):
// Hyperf's paths are case-insensitive (SPEC §2: `/login/Jwt/get` = `/login/jwt/get`), so a
// mixed-case /login path is rewritten to its lower-case route. server.ts applies the same function
// before its own routing, so `next start` and the custom server agree.
//
// Next reads `config.matcher` statically, so the prefix is spelled here rather than read from the
// dialect list (which would also pull every handler into the proxy): lib/dialects/dialects.test.ts
// fails when a dialect with case-insensitive paths is missing here.
import { NextResponse, type NextRequest } from 'next/server'
import { normalizePathFor } from './lib/http/router'

export const CASE_INSENSITIVE_PREFIXES = ['/login']

export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname
  const normalized = normalizePathFor(path, CASE_INSENSITIVE_PREFIXES)
  if (normalized === path) return NextResponse.next()
  const url = request.nextUrl.clone()
  url.pathname = normalized
  // Next reports the rewrite to the client in an x-middleware-rewrite header (its own marker; the
  // fast path has no such step and sends none).
  return NextResponse.rewrite(url)
}

export const config = {
  // Matchers are case-sensitive: spell the prefix in any case. Only these paths pay for the proxy.
  matcher: ['/:login([Ll][Oo][Gg][Ii][Nn])', '/:login([Ll][Oo][Gg][Ii][Nn])/:path*'],
}
