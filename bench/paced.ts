// An open-loop load at a steady rate, for latency (as wrk2 measures it). autocannon keeps N
// connections busy back to back: that measures throughput, and its p99 is mostly the length of
// the queue it builds itself (N / throughput). Here request i is due at start + i / rate whatever
// happened before, goes out on one of a fixed set of keep-alive connections, and its latency counts
// from when it was due — a stall on the server delays every request due meanwhile, and all of
// that delay is counted (no coordinated omission).
import http from 'node:http'

export type PacedOptions = {
  url: string
  method: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  /** Requests per second. */
  rate: number
  /** Seconds. */
  duration: number
  /** Keep-alive connections, opened before the clock starts. */
  connections: number
  ok: (status: number) => boolean
}

export type PacedResult = { sent: number; rps: number; p50: number; p99: number; max: number; errors: number }

export async function paced(o: PacedOptions): Promise<PacedResult> {
  const u = new URL(o.url)
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections })
  const headers = { 'content-type': 'application/json', ...(o.body ? { 'content-length': String(Buffer.byteLength(o.body)) } : {}), ...o.headers }
  const send = (onDone: (ok: boolean) => void) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: o.method, agent, headers }, (res) => {
      res.resume()
      res.on('end', () => onDone(o.ok(res.statusCode ?? 0)))
    })
    req.on('error', () => onDone(false))
    req.end(o.body)
  }
  // Warm-up: every connection open and used once, so connecting is not measured.
  await Promise.all(Array.from({ length: o.connections * 2 }, () => new Promise<boolean>((r) => send(r))))

  const total = Math.max(1, Math.floor(o.rate * o.duration))
  const interval = 1000 / o.rate
  const latencies: number[] = []
  let errors = 0
  const start = performance.now()
  await new Promise<void>((resolve) => {
    let sent = 0
    let done = 0
    const tick = () => {
      const now = performance.now()
      while (sent < total && start + sent * interval <= now) {
        const due = start + sent * interval
        sent++
        send((ok) => {
          latencies.push(performance.now() - due)
          if (!ok) errors++
          if (++done === total) resolve()
        })
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()))
    }
    tick()
  })
  const elapsed = (performance.now() - start) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]
  const ms = (v: number) => Math.round(v * 10) / 10
  return { sent: total, rps: total / elapsed, p50: ms(at(0.5)), p99: ms(at(0.99)), max: ms(latencies[latencies.length - 1]), errors }
}
