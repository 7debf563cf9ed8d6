// The production server (SPEC §9): one node:http server. Requests under the API prefixes of SPEC §2
// go straight to the handler functions the app/**/route.ts files re-export (lib/http/api-routes.ts);
// everything else — pages, admin, next-auth, and any API request the route table does not claim —
// goes to Next's request handler. Next's per-request pipeline costs ~97 % of an authenticated API
// request on these machines; this path skips it and runs the same functions.
//
// Both paths answer alike: the handlers carry the shared wrapper (lib/http/handler.ts: request id,
// security headers, error envelope), the body limit lives in lib/http/body.ts, and the one path
// normalisation (case-insensitive /login, SPEC §2) is lib/http/api-routes.ts's normalizeApiPath, applied
// here and by proxy.ts on Next's side.
//
// Run: `tsx server.ts` after `next build` (scripts/start.sh does both).
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { deflateSync, gzipSync } from 'node:zlib'
import { timingSafeEqual } from 'node:crypto'
import next from 'next'
import { config, ConfigError, type Config } from './lib/config'
import { log, errorFields } from './lib/log'
import { clientAddress, forwardedHops, markClientIpAtEdge } from './lib/http/client-ip'
import { live, ready, setServingState } from './lib/http/health'
import { metricsText, observeRequest, setServingState as setMetricsState } from './lib/metrics'
import { migrate } from './lib/migrate'
import { ensureBaseRoles } from './lib/core/roles'
import { scheduleCleanup } from './lib/core/cleanup'
import { apiRouter, groupOfPath, isApiPath, normalizeApiPath } from './lib/http/api-routes'
import { setBufferedBody } from './lib/http/body'
import { jsonText } from './lib/http/handler'
import { securityHeaders, servedOverHttps } from './lib/http/security-headers'
import { isOidcPath, serveOidc } from './lib/oidc/mount'

// The body limit of lib/http/body.ts, applied while reading the socket.
const bodyCap = () => config().BODY_LIMIT_BYTES

/** `[::1]` for IPv6 literals, as Next formats hostnames in its request URLs. */
function formatHostname(h: string): string {
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h
}

/**
 * The client's address, worked out once here from the socket and X-Forwarded-For by the TRUST_PROXY
 * rule (lib/http/client-ip.ts). Handlers on both paths receive it as the only X-Forwarded-For entry:
 * whatever the client sent is never passed on.
 */
function clientOf(req: IncomingMessage): string | null {
  return clientAddress(forwardedHops(req.headers['x-forwarded-for']), req.socket.remoteAddress ?? null, config().TRUST_PROXY)
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
function toRequest(req: IncomingMessage, path: string, search: string, base: string, client: string | null): Request {
  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase()
    if (name === 'x-forwarded-for') continue
    headers.append(name, raw[i + 1])
  }
  if (client) headers.set('x-forwarded-for', client)
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

/**
 * The security headers (lib/http/security-headers.ts) of an answer this server writes itself: what
 * the router matched, the probes, /metrics, the last resort. What goes to Next gets them from
 * proxy.ts. X-Forwarded-Proto counts only from a trusted proxy (this server speaks plain http).
 */
function setSecurityHeaders(req: IncomingMessage, res: ServerResponse) {
  const proto = req.headers['x-forwarded-proto']
  const https = servedOverHttps(Array.isArray(proto) ? proto.join(',') : proto)
  for (const [k, v] of Object.entries(securityHeaders('api', { https }))) res.setHeader(k, v)
}

/** The answer of last resort: a handler that threw past its own wrapper. */
function lastResort(req: IncomingMessage, res: ServerResponse) {
  if (res.headersSent) {
    res.destroy()
    return
  }
  setSecurityHeaders(req, res)
  res.statusCode = 500
  res.setHeader('content-type', 'application/json')
  res.setHeader('cache-control', 'no-store')
  res.end(JSON.stringify({ message: 'Server Error' }))
}

/** The answer of a probe or /metrics, written without Next or the router. */
async function answerDirect(res: ServerResponse, response: Response, method: string) {
  res.statusCode = response.status
  for (const [k, v] of response.headers) res.setHeader(k, v)
  res.end(method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()))
}

/** GET /metrics on the main port: only with METRICS_TOKEN, and only to a request bearing it. */
function metricsAllowed(req: IncomingMessage, c: Config): boolean {
  if (!c.METRICS_TOKEN) return false
  const given = Buffer.from(String(req.headers.authorization ?? ''))
  const wanted = Buffer.from(`Bearer ${c.METRICS_TOKEN}`)
  return given.length === wanted.length && timingSafeEqual(given, wanted)
}

async function serveMetrics(res: ServerResponse) {
  const { contentType, body } = await metricsText()
  res.statusCode = 200
  res.setHeader('content-type', contentType)
  res.setHeader('cache-control', 'no-store')
  res.end(body)
}

/**
 * Start-up work before the instance is ready (GET /api/health/ready): the committed migrations
 * applied (idempotent, and locked on PostgreSQL, so several instances may start at once), the base
 * roles there (`npm run setup` does the same two) and the signing keys loaded, by asking the JWKS endpoint for them. Retried until it works: an instance
 * that starts while the database is down becomes ready when it comes back.
 */
async function startUp(c: Config, router: ReturnType<typeof apiRouter>, base: string, stopping: () => boolean) {
  for (let attempt = 1; !stopping(); attempt++) {
    try {
      await migrate(c.database)
      await ensureBaseRoles()
      const jwks = router.match('GET', '/.well-known/jwks.json')
      if (jwks) {
        const res = await jwks.handler(new Request(`${base}/.well-known/jwks.json`))
        if (res.status !== 200) throw new Error(`signing keys did not load (JWKS answered ${res.status})`)
      }
      setServingState({ ready: true, startupError: null })
      setMetricsState({ ready: true })
      log.info('server ready', { attempt })
      return
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      setServingState({ ready: false, startupError: message })
      if (attempt === 1 || attempt % 10 === 0) log.warn('start-up not complete; retrying', { attempt, ...errorFields(e) })
      await new Promise((r) => setTimeout(r, 2000).unref())
    }
  }
}

async function main() {
  // As `next start` does: this is the production command (lib/config.ts then requires AUTH_SECRET).
  ;(process.env as Record<string, string | undefined>).NODE_ENV ??= 'production'
  let c: Config
  try {
    c = config()
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : e)
    process.exit(1)
  }
  if (c.consoleInProduction.length > 0) {
    log.warn('console provider in production (ALLOW_CONSOLE_PROVIDER=true): verification codes appear in API answers', { settings: c.consoleInProduction })
  }
  if (c.shortLegacySecrets.length > 0) {
    log.warn('JWT secret shorter than 32 bytes in production (ALLOW_SHORT_LEGACY_JWT_SECRET=true): replace it once the old tokens are gone', {
      settings: c.shortLegacySecrets,
    })
  }
  const port = c.PORT
  const hostname = c.HOST
  const router = apiRouter()
  // Every handler in this process now reads the one X-Forwarded-For entry written below.
  markClientIpAtEdge()
  setServingState({ ready: false, draining: false })

  const server = http.createServer()
  const app = next({ dev: false, dir: __dirname, hostname, port, httpServer: server })
  const handleNext = app.getRequestHandler()
  await app.prepare()

  let draining = false
  const trustProxy = c.TRUST_PROXY.kind !== 'none'

  server.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint()
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const rawPath = q === -1 ? url : url.slice(0, q)
    const search = q === -1 ? '' : url.slice(q)
    const path = normalizeApiPath(rawPath)
    const method = req.method ?? 'GET'
    // While draining, each answer closes its connection, so keep-alive clients (a proxy) open their
    // next connection to another instance instead of to this one as it goes away.
    if (draining) res.setHeader('connection', 'close')
    const client = clientOf(req)

    if (path === '/api/health/live' || path === '/api/health/ready') {
      setSecurityHeaders(req, res)
      const r = new Request(`http://${formatHostname(hostname)}:${port}${path}`, { headers: client ? { 'x-forwarded-for': client } : {} })
      await answerDirect(res, await (path === '/api/health/live' ? live : ready)(r), method).catch(() => lastResort(req, res))
      return
    }
    if (path === '/metrics' && method === 'GET' && metricsAllowed(req, c)) {
      setSecurityHeaders(req, res)
      await serveMetrics(res).catch(() => lastResort(req, res))
      return
    }

    // The OpenID Connect provider (lib/oidc, docs/oidc.md): /oidc/* and the discovery document.
    // Its consent page is a Next page: what serveOidc does not answer goes on.
    if (isOidcPath(path)) {
      if (client) req.headers['x-forwarded-for'] = client
      if (await serveOidc(req, res, path, search, () => setSecurityHeaders(req, res))) return
      req.url = url
    }

    const match = isApiPath(path) ? router.match(method, path) : null
    // The router names the dialect of what it matched (`group`); else the path prefix says.
    const dialect = match?.group ?? groupOfPath(path)
    let answerText: string | undefined
    res.once('finish', () => {
      observeRequest({
        dialect,
        // Route patterns only (bounded): what the fast path does not route is "next".
        endpoint: match?.pattern ?? (match ? 'fallback' : 'next'),
        counts: match?.counts,
        method,
        status: res.statusCode,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        body: answerText,
      })
    })

    if (!match) {
      // Next keeps an X-Forwarded-For it is given (base-server.ts `??=`): give it ours alone.
      if (client) req.headers['x-forwarded-for'] = client
      else delete req.headers['x-forwarded-for']
      if (!trustProxy) delete req.headers['x-forwarded-proto']
      if (path !== rawPath) req.url = path + search
      try {
        await handleNext(req, res)
      } catch (e) {
        log.error('next handler failed', { method, path, ...errorFields(e) })
        lastResort(req, res)
      }
      return
    }

    try {
      // X-Forwarded-Proto is a proxy's word: believed only from a trusted one.
      const proto = trustProxy && String(req.headers['x-forwarded-proto'] ?? '').includes('https') ? 'https' : 'http'
      const base = `${proto}://${formatHostname(hostname)}:${port}`
      const request = toRequest(req, path, search, base, client)
      if (method !== 'GET' && method !== 'HEAD') {
        const body = await readBody(req, bodyCap())
        if (body === null) {
          res.destroy()
          return
        }
        setBufferedBody(request, body)
      }
      const response = await match.handler(request)
      if (method === 'POST') answerText = jsonText(response)
      await writeResponse(req, res, response, method)
    } catch (e) {
      log.error('fast path handler failed', { method, path, pattern: match.pattern, ...errorFields(e) })
      lastResort(req, res)
    } finally {
      drain(req)
    }
  })

  // Open sockets and how many requests each is answering, so a stop can close the idle ones at once
  // and give the busy ones until SHUTDOWN_TIMEOUT_MS.
  const sockets = new Map<Socket, number>()
  server.on('connection', (s) => {
    sockets.set(s, 0)
    s.on('close', () => sockets.delete(s))
  })
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const s = req.socket
    sockets.set(s, (sockets.get(s) ?? 0) + 1)
    res.once('close', () => {
      const n = (sockets.get(s) ?? 1) - 1
      if (sockets.has(s)) sockets.set(s, n)
      if (draining && n === 0 && !s.destroyed) s.end()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, hostname, () => resolve())
  })
  log.info('server listening', { url: `http://${formatHostname(hostname)}:${port}`, fastRoutes: router.patterns().length })

  // Metrics on a listener of their own (METRICS_PORT), for a network only Prometheus reaches.
  let metricsServer: http.Server | null = null
  if (c.METRICS_PORT) {
    const ms = http.createServer((req, res) => {
      if ((req.url ?? '/').split('?')[0] !== '/metrics' || req.method !== 'GET') {
        res.statusCode = 404
        res.end()
        return
      }
      serveMetrics(res).catch(() => lastResort(req, res))
    })
    await new Promise<void>((resolve, reject) => {
      ms.once('error', reject)
      ms.listen(c.METRICS_PORT, c.METRICS_HOST, () => resolve())
    })
    metricsServer = ms
    log.info('metrics listening', { url: `http://${formatHostname(c.METRICS_HOST)}:${c.METRICS_PORT}/metrics` })
  }

  // Clean-up (lib/core/cleanup.ts) once the migrations are in, then every CLEANUP_INTERVAL_MINUTES.
  let stopCleanup = () => {}
  void startUp(c, router, `http://${formatHostname(hostname)}:${port}`, () => draining).then(() => {
    if (draining) return
    stopCleanup = scheduleCleanup(c.CLEANUP_INTERVAL_MINUTES, (result, error) => {
      if (error) log.warn('clean-up failed; retried at the next interval', errorFields(error))
      else log.info('clean-up done', result ?? {})
    })
  })

  const shutdown = async (signal: string) => {
    if (draining) return
    draining = true
    stopCleanup()
    setServingState({ draining: true })
    setMetricsState({ draining: true })
    const bound = c.SHUTDOWN_TIMEOUT_MS
    log.info('server stopping', { signal, inFlight: [...sockets.values()].reduce((a, b) => a + b, 0), timeoutMs: bound })
    // Stop accepting at once: a proxy's next connection attempt is refused and it goes to another
    // instance (docs/deploy.md: proxy_next_upstream error). Idle keep-alive sockets close now; busy
    // ones close when their answer is written (above), or at the bound.
    const closed = new Promise<void>((r) => server.close(() => r()))
    for (const [s, n] of sockets) if (n === 0) s.end()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      log.warn('shutdown bound reached; closing connections still busy', { open: sockets.size })
      for (const s of sockets.keys()) s.destroy()
    }, bound)
    timer.unref()
    await closed
    clearTimeout(timer)
    metricsServer?.close()
    try {
      await app.close()
    } catch (e) {
      log.warn('next close failed', errorFields(e))
    }
    try {
      // Bounded too: a PostgreSQL pool ends only when every connection is back, and one a hung
      // transaction holds never comes back.
      const { db } = await import('./lib/db')
      const gaveUp = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), bound).unref())
      if ((await Promise.race([db().$disconnect(), gaveUp])) === 'timeout') log.warn('database disconnect did not finish; exiting anyway', { timeoutMs: bound })
    } catch (e) {
      log.warn('database disconnect failed', errorFields(e))
    }
    log.info('server stopped', { signal, timedOut })
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((e) => {
  log.error('server failed to start', errorFields(e))
  process.exit(1)
})
