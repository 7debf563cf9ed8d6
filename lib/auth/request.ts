// Who is asking, for the browser side (server actions, next-auth callbacks): the same client address
// rule as the API wrapper (lib/http/handler.ts clientIp, TRUST_PROXY), so sessions show one IP.
import { clientIp } from '../http/handler'

export type RequestMeta = { ip: string | null; userAgent: string | null }

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined

function header(h: HeaderSource, name: string): string | null {
  if (!h) return null
  if (h instanceof Headers) return h.get(name)
  const v = h[name] ?? h[name.toLowerCase()]
  return Array.isArray(v) ? v.join(', ') : (v ?? null)
}

export function requestMeta(h: HeaderSource): RequestMeta {
  const xff = header(h, 'x-forwarded-for')
  const ip = xff ? clientIp(new Request('http://local/', { headers: { 'x-forwarded-for': xff } })) : null
  return { ip, userAgent: header(h, 'user-agent') }
}

/** In a server action or server component: this request's address and user agent. */
export async function currentRequestMeta(): Promise<RequestMeta> {
  const { headers } = await import('next/headers')
  return requestMeta(await headers())
}
