// Who is asking, for the browser side (server actions, next-auth callbacks): the same client address
// rule as the API wrapper (lib/http/client-ip.ts, TRUST_PROXY), so sessions show one IP.
import { config } from '../config'
import { clientIpFromHeaders } from '../http/client-ip'

export type RequestMeta = { ip: string | null; userAgent: string | null }

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined

function header(h: HeaderSource, name: string): string | null {
  if (!h) return null
  if (h instanceof Headers) return h.get(name)
  const v = h[name] ?? h[name.toLowerCase()]
  return Array.isArray(v) ? v.join(', ') : (v ?? null)
}

export function requestMeta(h: HeaderSource): RequestMeta {
  return { ip: clientIpFromHeaders((name) => header(h, name), config().TRUST_PROXY), userAgent: header(h, 'user-agent') }
}

/** In a server action or server component: this request's address and user agent. */
export async function currentRequestMeta(): Promise<RequestMeta> {
  const { headers } = await import('next/headers')
  return requestMeta(await headers())
}
