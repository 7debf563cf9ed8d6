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
  return NextResponse.rewrite(url)
}

export const config = {
  // Next compiles matchers case-insensitively, so this also catches /Login/... (checked by
  // test/http/compare.http.test.ts). Only these paths pay for the proxy.
  matcher: ['/login', '/login/:path*'],
}
