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

type Job = { op: 'hash'; password: string; options: Record<string, number> } | { op: 'verify'; hashed: string; password: string }

type Pending = { job: Job; resolve: (v: unknown) => void; reject: (e: unknown) => void }

// The worker's code. It loads @node-rs/argon2 from the path the main thread resolved (the module
// is external to Next's bundle, so it is the same file on both paths) and answers one job at a time.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const os = require('node:os')
const argon2 = require(workerData.argon2)
if (workerData.nice > 0) {
  try { os.setPriority(workerData.nice) } catch {}
}
parentPort.on('message', (job) => {
  try {
    const value = job.op === 'hash' ? argon2.hashSync(job.password, job.options) : argon2.verifySync(job.hashed, job.password)
    parentPort.postMessage({ ok: true, value })
  } catch (e) {
    parentPort.postMessage({ ok: false, message: e && e.message ? String(e.message) : String(e) })
  }
})
`

function argon2Path(): string {
  // Resolved from the app's folder: under Next the caller is a bundle chunk, whose own location
  // says nothing about node_modules.
  return createRequire(path.join(process.cwd(), 'package.json')).resolve('@node-rs/argon2')
}

class Thread {
  private worker: Worker
  private current: Pending | null = null
  constructor(
    private readonly pool: HashPool,
    nice: number,
    modulePath: string,
  ) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { argon2: modulePath, nice } })
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
  private modulePath: string | null = null
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
        this.modulePath ??= argon2Path()
        t = new Thread(this, this.nice, this.modulePath)
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
