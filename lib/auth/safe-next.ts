// Where to go after signing in (issue #21 item 2): `next` from the sign-in link, next-auth's
// callbackUrl. The value is parsed the way the browser will parse it (WHATWG URL against our own
// origin: tabs and newlines stripped, `\` read as `/`, `//host` and `/%09/host` as another host) and
// kept only when it stays on this origin; anything else, and anything unparsable, is '/account'.

const DEFAULT_NEXT = '/account'

// A stand-in origin: the check is "same origin as the base", so no real host is needed.
const BASE = 'http://same-origin.invalid'

/**
 * A path (path, query and fragment) on `origin` for `value`, or `fallback` ('/account'). Relative
 * values resolve against `origin`; absolute ones are kept only on it. Never throws.
 */
export function safeNext(value: unknown, fallback: string = DEFAULT_NEXT, origin: string = BASE): string {
  if (typeof value !== 'string' || value === '') return fallback
  let url: URL
  try {
    url = new URL(value, origin)
  } catch {
    return fallback
  }
  if (url.origin !== origin || url.username || url.password) return fallback
  const path = url.pathname + url.search + url.hash
  // A path that starts with `//` (e.g. from `/.//evil.example`) would read as a host when used as a link.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback
  return path
}

/**
 * next-auth's redirect callback: `url` may be absolute (our own origin) or relative; the answer is
 * always on `baseUrl`'s origin.
 */
export function safeRedirect(url: string, baseUrl: string): string {
  let origin: string
  try {
    origin = new URL(baseUrl).origin
  } catch {
    return DEFAULT_NEXT
  }
  return origin + safeNext(url, DEFAULT_NEXT, origin)
}
