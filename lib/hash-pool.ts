// argon2id on worker threads that run at a low CPU priority (issue 9: token checks keep their
// latency while logins hash).
//
// A hash is ~17 ms of one core. On libuv's thread pool it competed with the event loop for the
// CPU as an equal, so with every core busy hashing, a token check (well under a millisecond of
// work) waited for a time slice: p99 34 ms on 2 cores while 10 logins ran. Here each hash runs on
// a worker thread that lowers its own scheduling priority (Linux keeps a nice value per thread;
// `os.setPriority()` inside a worker changes that thread only, not the event loop's). The kernel
// then gives the event loop the CPU the moment it has work, and hashing takes what is left: logins
// get every idle cycle and never delay a token check.
//
// PASSWORD_HASH_CONCURRENCY threads (default: one per core) take jobs in order; the nice value is
// PASSWORD_HASH_NICE (default 10; 0 = as the event loop). Threads start on first use, and an idle
// pool does not keep the process alive.
import { createRequire } from 'node:module'
import path from 'node:path'
import { Worker } from 'node:worker_threads'

type Job =
  | { op: 'hash'; password: string; options: Record<string, number> }
  | { op: 'verify'; hashed: string; password: string }
  | { op: 'legacy'; hashed: string; password: string }

type Pending = { job: Job; resolve: (v: unknown) => void; reject: (e: unknown) => void }

// The worker's code. It loads @node-rs/argon2 from the path the main thread resolved (the module
// is external to Next's bundle, so it is the same file on both paths) and answers one job at a time.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const os = require('node:os')
const argon2 = require(workerData.argon2)
const crypto = require('node:crypto')
let bcrypt = null
// Legacy hashes imported from the old systems (lib/core/legacy-passwords.ts parses and names them;
// this checks them here, off the event loop: a bcrypt cost-13 check is ~0.8 s of one core).
function equalHex(hex, buf) {
  const want = Buffer.from(hex, 'hex')
  return want.length === buf.length && want.length > 0 && crypto.timingSafeEqual(want, buf)
}
function legacy(hashed, password) {
  const pw = Buffer.from(password, 'utf8')
  if (hashed.startsWith("$2")) {
    bcrypt ??= require(workerData.bcrypt)
    return bcrypt.compareSync(password, hashed)
  }
  if (/^[0-9a-f]{32}$/i.test(hashed)) return equalHex(hashed, crypto.createHash('md5').update(pw).digest())
  const parts = hashed.split('$')
  if (parts.length !== 3) return false
  const [method, salt, hex] = parts
  const args = method.split(':')
  const s = Buffer.from(salt, 'utf8')
  if (args[0] === 'pbkdf2') {
    const digest = args[1] || 'sha256'
    const iterations = args[2] ? Number(args[2]) : 1000000
    const len = crypto.createHash(digest).digest().length
    return equalHex(hex, crypto.pbkdf2Sync(pw, s, iterations, len, digest))
  }
  if (args[0] === 'scrypt') {
    const N = args[1] ? Number(args[1]) : 32768, r = args[2] ? Number(args[2]) : 8, p = args[3] ? Number(args[3]) : 1
    return equalHex(hex, crypto.scryptSync(pw, s, 64, { N, r, p, maxmem: 132 * N * r * p + 1024 * 1024 }))
  }
  // Werkzeug before 2.3: "sha256$salt$hex" is HMAC(salt, password); without a salt, the plain digest.
  return equalHex(hex, salt ? crypto.createHmac(method, s).update(pw).digest() : crypto.createHash(method).update(pw).digest())
}
if (workerData.nice > 0) {
  try { os.setPriority(workerData.nice) } catch {}
}
parentPort.on('message', (job) => {
  try {
    const value =
      job.op === 'hash'
        ? argon2.hashSync(job.password, job.options)
        : job.op === 'legacy'
          ? legacy(job.hashed, job.password)
          : argon2.verifySync(job.hashed, job.password)
    parentPort.postMessage({ ok: true, value })
  } catch (e) {
    parentPort.postMessage({ ok: false, message: e && e.message ? String(e.message) : String(e) })
  }
})
`

function modulePaths(): { argon2: string; bcrypt: string } {
  // Resolved from the app's folder: under Next the caller is a bundle chunk, whose own location
  // says nothing about node_modules.
  const req = createRequire(path.join(process.cwd(), 'package.json'))
  return { argon2: req.resolve('@node-rs/argon2'), bcrypt: req.resolve('bcryptjs') }
}

class Thread {
  private worker: Worker
  private current: Pending | null = null
  constructor(
    private readonly pool: HashPool,
    nice: number,
    modules: { argon2: string; bcrypt: string },
  ) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ...modules, nice } })
    this.worker.unref()
    this.worker.on('message', (m: { ok: true; value: unknown } | { ok: false; message: string }) => {
      const p = this.current
      this.current = null
      this.worker.unref()
      if (p) {
        if (m.ok) p.resolve(m.value)
        else p.reject(new Error(m.message))
      }
      this.pool.idle(this)
    })
    this.worker.on('error', (e) => this.fail(e))
    this.worker.on('exit', (code) => this.fail(new Error(`password hashing thread exited (${code})`)))
  }
  get busy(): boolean {
    return this.current !== null
  }
  run(p: Pending) {
    this.current = p
    // Busy, the thread keeps the process alive until it answers.
    this.worker.ref()
    this.worker.postMessage(p.job)
  }
  private fail(e: unknown) {
    const p = this.current
    this.current = null
    p?.reject(e)
    this.pool.lost(this)
  }
  terminate() {
    void this.worker.terminate()
  }
}

// Every live pool of the process, for the metrics (lib/metrics.ts: queue depth). On globalThis:
// under server.ts the fast path and Next's bundle each load this module.
const POOLS = Symbol.for('identity.hashPools')
const live = ((globalThis as unknown as { [POOLS]?: Set<HashPool> })[POOLS] ??= new Set<HashPool>())

/** Jobs running and waiting in all of the process's pools. */
export function hashPoolLoad(): { running: number; waiting: number } {
  let running = 0
  let waiting = 0
  for (const p of live) {
    const l = p.load()
    running += l.running
    waiting += l.waiting
  }
  return { running, waiting }
}

export class HashPool {
  private threads: Thread[] = []
  private queue: Pending[] = []
  private modules: { argon2: string; bcrypt: string } | null = null
  constructor(
    private readonly size: number,
    private readonly nice: number,
  ) {
    live.add(this)
  }

  hash(password: string, options: Record<string, number>): Promise<string> {
    return this.submit({ op: 'hash', password, options }) as Promise<string>
  }

  verify(hashed: string, password: string): Promise<boolean> {
    return this.submit({ op: 'verify', hashed, password }) as Promise<boolean>
  }

  /** Checks an imported legacy hash (bcrypt, md5, Werkzeug's pbkdf2/scrypt/sha*): see lib/core/legacy-passwords.ts. */
  verifyLegacy(hashed: string, password: string): Promise<boolean> {
    return this.submit({ op: 'legacy', hashed, password }) as Promise<boolean>
  }

  /** Jobs running and waiting now. */
  load(): { running: number; waiting: number; limit: number } {
    return { running: this.threads.filter((t) => t.busy).length, waiting: this.queue.length, limit: this.size }
  }

  private submit(job: Job): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject })
      this.dispatch()
    })
  }

  private dispatch() {
    while (this.queue.length > 0) {
      let t = this.threads.find((x) => !x.busy)
      if (!t && this.threads.length < this.size) {
        this.modules ??= modulePaths()
        t = new Thread(this, this.nice, this.modules)
        this.threads.push(t)
      }
      if (!t) return
      t.run(this.queue.shift()!)
    }
  }

  /** A thread finished its job. */
  idle(_t: Thread) {
    this.dispatch()
  }

  /** A thread died (its job was failed): replace it on the next job. */
  lost(t: Thread) {
    this.threads = this.threads.filter((x) => x !== t)
    t.terminate()
    this.dispatch()
  }

  /** Stops every thread (tests, shutdown). */
  close() {
    for (const t of this.threads) t.terminate()
    this.threads = []
    live.delete(this)
  }
}
