// A real HTTP server on 127.0.0.1 in front of route tables, for tests that need a client to fetch
// over the network (jose's createRemoteJWKSet). Same shape as server.ts's fast path, minus Next.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRouter } from '../router'
import type { RouteDef } from '../routes-types'

export type LocalServer = { url: string; close(): Promise<void> }

export async function serveRoutes(routes: RouteDef[]): Promise<LocalServer> {
  const router = createRouter(routes)
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`)
      const match = router.match(req.method ?? 'GET', url.pathname)
      if (!match) {
        res.writeHead(404).end()
        return
      }
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      const headers = new Headers()
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v)
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && chunks.length > 0
      const response = await match.handler(new Request(url, { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined }))
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch {
      res.writeHead(500).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
