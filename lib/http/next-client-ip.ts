// The client's address under plain `next start` (issue #21 item 4). Next gives handlers no socket and
// keeps an X-Forwarded-For the client sent (it fills the header in only when there is none), so a
// client could name its own address to every per-address limit, session and audit row. Node
// publishes each incoming request on the `http.server.request.start` diagnostics channel before any
// listener sees it: here the TRUST_PROXY rule runs on the real socket, as server.ts does, the header
// becomes the one address found, and the request is stamped with this process's secret
// (lib/http/client-ip.ts reads only stamped requests). Installed by instrumentation.ts; not under
// server.ts, which does the same at its own edge.
import { subscribe } from 'node:diagnostics_channel'
import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { config } from '../config'
import { CLIENT_IP_STAMP_HEADER, clientAddress, clientIpAtEdge, forwardedHops, markClientIpAtEdge } from './client-ip'

export function installNextClientIp(): void {
  if (clientIpAtEdge()) return
  const stamp = randomBytes(18).toString('base64url')
  subscribe('http.server.request.start', (message) => {
    const req = (message as { request: IncomingMessage }).request
    let client: string | null = null
    try {
      client = clientAddress(forwardedHops(req.headers['x-forwarded-for']), req.socket.remoteAddress ?? null, config().TRUST_PROXY)
    } catch {
      // Settings that do not parse: the request then fails in its handler with the settings' message; it gets no address here.
    }
    if (client) req.headers['x-forwarded-for'] = client
    else delete req.headers['x-forwarded-for']
    req.headers[CLIENT_IP_STAMP_HEADER] = stamp
  })
  markClientIpAtEdge(stamp)
}
