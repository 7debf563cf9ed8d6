// Prometheus metrics (issue 20), served by server.ts at GET /metrics: off unless METRICS_TOKEN (a
// bearer token on the main port) or METRICS_PORT (a listener of its own) is set. Names and labels
// are listed in docs/deploy.md.
//
// Two kinds of source. What server.ts sees itself (each API request's dialect, endpoint, status and
// time; sign-in and code-send outcomes read from the answer) goes straight into prom-client objects.
// What happens deeper (session-cache lookups, the hash pool, the database pool) is counted in plain
// numbers on globalThis and read when Prometheus scrapes: under server.ts the core is loaded twice
// (the fast path's modules and Next's bundle), and both copies must count into one place. A plain
// increment also keeps prom-client off the token-check hot path.
import client from 'prom-client'
import { poolStats } from './db'
import { hashPoolLoad } from './hash-pool'

type Shared = { sessionCache: { hit: number; miss: number } }
const SHARED = Symbol.for('identity.metrics')
const g = globalThis as unknown as { [SHARED]?: Shared }
const shared = (): Shared => (g[SHARED] ??= { sessionCache: { hit: 0, miss: 0 } })

/** lib/core/sessions.ts getLiveSession: one lookup of the in-process session cache. */
export function countSessionCache(hit: boolean): void {
  const s = shared().sessionCache
  if (hit) s.hit++
  else s.miss++
}

type Outcome = 'success' | 'failure' | 'limited' | 'provider_failed' | 'unavailable' | 'error'

/**
 * What an answer says happened, in any dialect's envelope: Hyperf, Flask and RageFrame carry their
 * result in a body `code` (Hyperf 200 / 9905 / 50018, Flask 0 / 1, RageFrame 200 / 429 / 502),
 * ThinkSNS+ and the standards endpoints in the HTTP status.
 */
function outcomeOf(status: number, body: string | undefined): Outcome {
  let code: number | undefined
  if (body && body.length < 16_384 && body.startsWith('{')) {
    try {
      const c = (JSON.parse(body) as { code?: unknown }).code
      if (typeof c === 'number') code = c
    } catch {
      // not JSON: the status says it all
    }
  }
  if (status === 503 || code === 503 || code === 9999) return 'unavailable'
  if (status >= 500 && status !== 502) return 'error'
  if (status === 502 || code === 502 || code === 50018) return 'provider_failed'
  if (status === 429 || code === 429 || code === 9905) return 'limited'
  if (status >= 200 && status < 300 && (code === undefined || code === 0 || code === 200)) return 'success'
  return 'failure'
}

type Metrics = {
  registry: client.Registry
  requests: client.Counter<'dialect' | 'endpoint' | 'method' | 'status'>
  duration: client.Histogram<'dialect' | 'endpoint'>
  signIns: client.Counter<'dialect' | 'outcome'>
  codes: client.Counter<'dialect' | 'outcome'>
  state: { ready: boolean; draining: boolean }
}

let metrics: Metrics | undefined

function create(): Metrics {
  const registry = new client.Registry()
  client.collectDefaultMetrics({ register: registry })
  const state = { ready: false, draining: false }
  const m: Metrics = {
    registry,
    state,
    requests: new client.Counter({
      name: 'identity_http_requests_total',
      help: 'HTTP requests answered, by dialect, endpoint (route pattern; "next" for pages and what the fast path does not route), method and status',
      labelNames: ['dialect', 'endpoint', 'method', 'status'],
      registers: [registry],
    }),
    duration: new client.Histogram({
      name: 'identity_http_request_duration_seconds',
      help: 'Time from the request to the end of its answer, by dialect and endpoint',
      labelNames: ['dialect', 'endpoint'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    signIns: new client.Counter({
      name: 'identity_signins_total',
      help: 'Sign-in answers by dialect and outcome (success, failure, limited, unavailable, error)',
      labelNames: ['dialect', 'outcome'],
      registers: [registry],
    }),
    codes: new client.Counter({
      name: 'identity_codes_sent_total',
      help: 'Verification-code send answers by dialect and outcome (success = sent; provider_failed = the SMS/mail provider refused or timed out)',
      labelNames: ['dialect', 'outcome'],
      registers: [registry],
    }),
  }
  new client.Gauge({
    name: 'identity_hash_pool_queue_depth',
    help: 'Password hashes waiting for a hashing thread',
    registers: [registry],
    collect() {
      this.set(hashPoolLoad().waiting)
    },
  })
  new client.Gauge({
    name: 'identity_hash_pool_running',
    help: 'Password hashes running now',
    registers: [registry],
    collect() {
      this.set(hashPoolLoad().running)
    },
  })
  new client.Gauge({
    name: 'identity_db_pool_connections',
    help: 'PostgreSQL pool connections by state: in_use, idle, waiting (requests queued for one), max (DATABASE_POOL_SIZE)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const p = poolStats()
      if (!p) return
      this.set({ state: 'in_use' }, p.total - p.idle)
      this.set({ state: 'idle' }, p.idle)
      this.set({ state: 'waiting' }, p.waiting)
      this.set({ state: 'max' }, p.max)
    },
  })
  new client.Counter({
    name: 'identity_session_cache_lookups_total',
    help: 'Session-cache lookups of token checks, by result (hit: answered without the database)',
    labelNames: ['result'],
    registers: [registry],
    collect() {
      const s = shared().sessionCache
      this.reset()
      this.inc({ result: 'hit' }, s.hit)
      this.inc({ result: 'miss' }, s.miss)
    },
  })
  new client.Gauge({
    name: 'identity_ready',
    help: '1 when this instance takes traffic (migrations applied, keys loaded, not draining)',
    registers: [registry],
    collect() {
      this.set(state.ready && !state.draining ? 1 : 0)
    },
  })
  new client.Gauge({
    name: 'identity_draining',
    help: '1 while this instance is stopping (SIGTERM): finishing requests in flight',
    registers: [registry],
    collect() {
      this.set(state.draining ? 1 : 0)
    },
  })
  return m
}

function get(): Metrics {
  metrics ??= create()
  return metrics
}

/** One answered request (server.ts): its dialect, route pattern, status, time, and its body for outcomes. */
export function observeRequest(r: {
  dialect: string
  endpoint: string
  /** The endpoint definition's `counts` (lib/dialects/define.ts). */
  counts?: 'sign-in' | 'code-send'
  method: string
  status: number
  seconds: number
  body?: string
}): void {
  const m = get()
  m.requests.inc({ dialect: r.dialect, endpoint: r.endpoint, method: r.method, status: String(r.status) })
  m.duration.observe({ dialect: r.dialect, endpoint: r.endpoint }, r.seconds)
  if (r.method !== 'POST') return
  if (r.counts === 'sign-in') m.signIns.inc({ dialect: r.dialect, outcome: outcomeOf(r.status, r.body) })
  else if (r.counts === 'code-send') m.codes.inc({ dialect: r.dialect, outcome: outcomeOf(r.status, r.body) })
}

/** Readiness as the metrics report it (server.ts keeps it current). */
export function setServingState(s: { ready?: boolean; draining?: boolean }): void {
  Object.assign(get().state, s)
}

/** The text Prometheus scrapes, and its content type. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const m = get()
  return { contentType: m.registry.contentType, body: await m.registry.metrics() }
}
