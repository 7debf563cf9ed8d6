// The one wrapper every API handler shares, on both paths (Next's route.ts and server.ts): request
// id, security headers, client address, and the guarantee that nothing escapes as a bare 500 with
// a stack trace: a dialect turns every error into its own envelope.
import { config } from '../config'
import { log, errorFields } from '../log'
import { isAuthError } from '../core/errors'
import { newId } from '../core/ids'
import { clientIpFromHeaders } from './client-ip'
import { securityHeaders, servedOverHttps } from './security-headers'

export type RequestContext = {
  requestId: string
  ip: string | null
  userAgent: string | null
  url: URL
}

export type ErrorRenderer = (error: unknown, req: Request, ctx: RequestContext) => Response | Promise<Response>

export type Handler = (req: Request) => Promise<Response>

/** The client's address, by the one rule of lib/http/client-ip.ts (TRUST_PROXY). */
function clientIp(req: Request): string | null {
  return clientIpFromHeaders((name) => req.headers.get(name), config().TRUST_PROXY)
}

export function requestContext(req: Request): RequestContext {
  const incoming = req.headers.get('x-request-id')
  return {
    requestId: incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : newId(),
    ip: clientIp(req),
    userAgent: req.headers.get('user-agent'),
    url: new URL(req.url),
  }
}

/** An API answer's headers (lib/http/security-headers.ts), and no caching, unless the handler chose. */
function withHeaders(res: Response, req: Request, ctx: RequestContext): Response {
  const headers = { ...securityHeaders('api', { https: servedOverHttps(req.headers.get('x-forwarded-proto')) }), 'cache-control': 'no-store' }
  for (const [k, v] of Object.entries(headers)) if (!res.headers.has(k)) res.headers.set(k, v)
  res.headers.set('x-request-id', ctx.requestId)
  return res
}

// The text of each answer json() made, so server.ts can write it without reading the Response's
// web stream back (that read was a tenth of a token check's CPU). Next's path reads the stream.
const jsonTexts = new WeakMap<Response, string>()

/** JSON response with the exact body given (no pretty-printing; key order kept). */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body)
  const res = new Response(text, { status, headers: { 'content-type': 'application/json', ...headers } })
  jsonTexts.set(res, text)
  return res
}

/** The body of a response json() made and nobody has read, else undefined. */
export function jsonText(res: Response): string | undefined {
  return res.bodyUsed ? undefined : jsonTexts.get(res)
}

/**
 * Wraps a handler: `fn` gets the request and its context; any throw goes to `renderError`
 * (the dialect's envelope). Unexpected errors are logged with the request id.
 */
export function defineHandler(renderError: ErrorRenderer, fn: (req: Request, ctx: RequestContext) => Promise<Response>): Handler {
  const handler: Handler = async (req: Request) => {
    const ctx = requestContext(req)
    let res: Response
    let failure: unknown
    try {
      res = await fn(req, ctx)
    } catch (e) {
      failure = e
      if (!isAuthError(e)) log.error('handler failed', { requestId: ctx.requestId, method: req.method, path: ctx.url.pathname, ...errorFields(e) })
      try {
        res = await renderError(e, req, ctx)
      } catch (e2) {
        log.error('error renderer failed', { requestId: ctx.requestId, ...errorFields(e2) })
        res = json({ message: 'Server Error' }, 500)
      }
    }
    if (observer) observer(handler, req, res, failure)
    return withHeaders(res, req, ctx)
  }
  return handler
}

/** Sees every answer with the error it was rendered from (undefined for a success). */
export type HandlerObserver = (handler: Handler, req: Request, res: Response, error: unknown) => void

let observer: HandlerObserver | null = null

/**
 * Tests only (lib/dialects/contract.ts checks each endpoint's answers against its definition);
 * in production nothing observes, and the cost is one null check per answer.
 */
export function observeHandlers(o: HandlerObserver): void {
  observer = o
}
