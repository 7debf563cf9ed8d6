// Next's side of the one path normalisation both paths share (lib/http/router.ts normalizePath):
// Hyperf's paths are case-insensitive (SPEC §2: `/login/Jwt/get` = `/login/jwt/get`), so a
// mixed-case /login path is rewritten to its lower-case route. server.ts applies the same function
// before its own routing, so `next start` and the custom server agree.
import { NextResponse, type NextRequest } from 'next/server'
import { normalizePath } from './lib/http/router'

export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname
  const normalized = normalizePath(path)
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
