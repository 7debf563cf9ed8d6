// The production server (SPEC §9): one node:http server. Requests under the API prefixes of SPEC §2
// go straight to the handler functions the app/**/route.ts files re-export (lib/http/api-routes.ts);
// everything else — pages, admin, next-auth, and any API request the route table does not claim —
// goes to Next's request handler. Next's per-request pipeline costs ~97 % of an authenticated API
// request on these machines; this path skips it and runs the same functions.
//
// Both paths answer alike: the handlers carry the shared wrapper (lib/http/handler.ts: request id,
// security headers, error envelope), the body limit lives in lib/http/body.ts, and the one path
// normalisation (case-insensitive /login, SPEC §2) is lib/http/router.ts's normalizePath, applied
// here and by proxy.ts on Next's side.
//
// Run: `tsx server.ts` after `next build` (scripts/start.sh does both).
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { deflateSync, gzipSync } from 'node:zlib'
import next from 'next'
import { config, ConfigError } from './lib/config'
import { log, errorFields } from './lib/log'
import { apiRouter } from './lib/http/api-routes'
import { setBufferedBody } from './lib/http/body'
import { jsonText } from './lib/http/handler'
import { isApiPath, normalizePath } from './lib/http/router'

// The body limit of lib/http/body.ts, applied while reading the socket.
const bodyCap = () => config().BODY_LIMIT_BYTES

/** `[::1]` for IPv6 literals, as Next formats hostnames in its request URLs. */
function formatHostname(h: string): string {
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h
}

function socketAddress(req: IncomingMessage): string | undefined {
  return req.socket.remoteAddress ?? undefined
}

/**
 * X-Forwarded-For with the peer's address appended, so the last hop is always the address that
 * connected to us (lib/http/handler.ts clientIp reads the last hop unless TRUST_PROXY).
 */
function forwardedFor(req: IncomingMessage): string | undefined {
  const peer = socketAddress(req)
  const prior = req.headers['x-forwarded-for']
  const list = Array.isArray(prior) ? prior.join(', ') : prior
  if (!peer) return list
  return list ? `${list}, ${peer}` : peer
}

/**
 * The request body, read off the socket up to `cap` bytes: the bytes, 'too_large' once it crosses
 * the cap (the rest is left for drain()), or null when the client went away mid-body. Not read when
 * the declared length is already over the cap: lib/http/body.ts refuses that from the header.
 */
function readBody(req: IncomingMessage, cap: number): Promise<Buffer | 'too_large' | null> {
  const declared = Number(req.headers['content-length'] ?? '')
  if (Number.isFinite(declared) && declared > cap) return Promise.resolve('too_large')
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (v: Buffer | 'too_large' | null) => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onGone)
      req.off('aborted', onGone)
      resolve(v)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > cap) {
        req.pause()
        done('too_large')
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))
    const onGone = () => done(null)
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onGone)
    req.on('aborted', onGone)
  })
}

/**
 * The handler's Request. Its body is not a web stream: server.ts has read it already, and
 * lib/http/body.ts (the only reader of bodies) takes the bytes from setBufferedBody.
 */
function toRequest(req: IncomingMessage, path: string, search: string, base: string): Request {
  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase()
    if (name === 'x-forwarded-for') continue
    headers.append(name, raw[i + 1])
  }
  const xff = forwardedFor(req)
  if (xff) headers.set('x-forwarded-for', xff)
  return new Request(base + path + search, { method: req.method ?? 'GET', headers })
}

// What Next's own server adds to every App Router route handler answer, so a client cannot tell
// the two paths apart (test/http/compare.http.test.ts): the router's Vary list (base-server.ts
// setVaryHeader) and, from its `compression` middleware, `Accept-Encoding` in Vary for compressible
// types and a gzip (else deflate) body whenever the client accepts one. Next streams route handler
// bodies, so its compression ignores the 1 kB threshold: even a 30-byte answer is compressed.
const NEXT_VARY = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch'
const COMPRESSIBLE = /^text\/|[/+]json\b|[/+]xml\b|javascript/i

/** 'gzip', 'deflate' or null, chosen as Next's compression middleware chooses (gzip preferred). */
function pickEncoding(header: string | undefined): 'gzip' | 'deflate' | null {
  if (!header) return null
  const q = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    if (!name) continue
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    q.set(name, qp ? Number(qp.slice(2)) || 0 : 1)
  }
  const ok = (enc: string) => (q.has(enc) ? q.get(enc)! > 0 : (q.get('*') ?? 0) > 0)
  if (ok('gzip')) return 'gzip'
  if (ok('deflate')) return 'deflate'
  return null
}

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response, method: string): Promise<void> {
  res.statusCode = response.status
  if (response.statusText) res.statusMessage = response.statusText
  const type = response.headers.get('content-type') ?? ''
  const compressible = COMPRESSIBLE.test(type) && !/no-transform/i.test(response.headers.get('cache-control') ?? '')
  const handlerVary = response.headers.get('vary')
  res.setHeader('vary', [NEXT_VARY, handlerVary, compressible ? 'Accept-Encoding' : null].filter(Boolean).join(', '))
  const cookies = response.headers.getSetCookie()
  for (const [k, v] of response.headers) if (k !== 'set-cookie' && k !== 'vary') res.setHeader(k, v)
  if (cookies.length) res.setHeader('set-cookie', cookies)
  if (!response.body || method === 'HEAD') {
    res.end()
    return
  }
  // API answers are small JSON documents: write them in one piece (the text json() kept, when it
  // made the answer, else the bytes of the stream).
  const text = jsonText(response)
  let body: Buffer = text !== undefined ? Buffer.from(text) : Buffer.from(await response.arrayBuffer())
  const encoding = compressible && !response.headers.has('content-encoding') ? pickEncoding(req.headers['accept-encoding']) : null
  if (encoding) {
    body = encoding === 'gzip' ? gzipSync(body) : deflateSync(body)
    res.setHeader('content-encoding', encoding)
    if (res.hasHeader('content-length')) res.removeHeader('content-length')
  }
  res.end(body)
}

// A body the handler did not read (refused by its declared length, or not needed) is read and
// dropped, so the client can finish sending and read the answer on a kept-alive connection (closing
// a socket with unread data resets it, and the client may never see the answer). Past this much,
// the connection is closed instead.
const DRAIN_LIMIT = 16 * 1024 * 1024

function drain(req: IncomingMessage) {
  if (req.complete) return
  req.removeAllListeners('data')
  let seen = 0
  req.on('data', (chunk: Buffer) => {
    seen += chunk.byteLength
    if (seen > DRAIN_LIMIT) req.socket.destroy()
  })
  req.resume()
}

/** The answer of last resort: a handler that threw past its own wrapper. */
function lastResort(res: ServerResponse) {
  if (res.headersSent) {
    res.destroy()
    return
  }
  res.statusCode = 500
  res.setHeader('content-type', 'application/json')
  res.setHeader('cache-control', 'no-store')
  res.end(JSON.stringify({ message: 'Server Error' }))
}

async function main() {
  // As `next start` does: this is the production command (lib/config.ts then requires AUTH_SECRET).
  ;(process.env as Record<string, string | undefined>).NODE_ENV ??= 'production'
  let c: ReturnType<typeof config>
  try {
    c = config()
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : e)
    process.exit(1)
  }
  const port = c.PORT
  const hostname = c.HOST
  const router = apiRouter()

  const server = http.createServer()
  const app = next({ dev: false, dir: __dirname, hostname, port, httpServer: server })
  const handleNext = app.getRequestHandler()
  await app.prepare()

  server.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const rawPath = q === -1 ? url : url.slice(0, q)
    const search = q === -1 ? '' : url.slice(q)
    const path = normalizePath(rawPath)
    const method = req.method ?? 'GET'
    const match = isApiPath(path) ? router.match(method, path) : null

    if (!match) {
      // Next keeps an X-Forwarded-For it is given; make its last hop the real peer too.
      const xff = forwardedFor(req)
      if (xff) req.headers['x-forwarded-for'] = xff
      if (path !== rawPath) req.url = path + search
      try {
        await handleNext(req, res)
      } catch (e) {
        log.error('next handler failed', { method, path, ...errorFields(e) })
        lastResort(res)
      }
      return
    }

    try {
      const proto = String(req.headers['x-forwarded-proto'] ?? '').includes('https') ? 'https' : 'http'
      const base = `${proto}://${formatHostname(hostname)}:${port}`
      const request = toRequest(req, path, search, base)
      if (method !== 'GET' && method !== 'HEAD') {
        const body = await readBody(req, bodyCap())
        if (body === null) {
          res.destroy()
          return
        }
        setBufferedBody(request, body)
      }
      const response = await match.handler(request)
      await writeResponse(req, res, response, method)
    } catch (e) {
      log.error('fast path handler failed', { method, path, pattern: match.pattern, ...errorFields(e) })
      lastResort(res)
    } finally {
      drain(req)
    }
  })

  // Keep-alive sockets, so shutdown can close idle ones and wait for busy ones.
  const sockets = new Set<Socket>()
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, hostname, () => resolve())
  })
  log.info('server listening', { url: `http://${formatHostname(hostname)}:${port}`, fastRoutes: router.patterns().length })

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info('server stopping', { signal })
    const force = setTimeout(() => {
      log.warn('shutdown timed out; closing open connections')
      for (const s of sockets) s.destroy()
      process.exit(1)
    }, 10_000)
    force.unref()
    // Stop accepting; answer what is in flight; idle keep-alive sockets are closed at once.
    const closed = new Promise<void>((r) => server.close(() => r()))
    server.closeIdleConnections()
    await closed
    try {
      await app.close()
    } catch (e) {
      log.warn('next close failed', errorFields(e))
    }
    try {
      const { db } = await import('./lib/db')
      await db().$disconnect()
    } catch (e) {
      log.warn('database disconnect failed', errorFields(e))
    }
    clearTimeout(force)
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((e) => {
  log.error('server failed to start', errorFields(e))
  process.exit(1)
})
