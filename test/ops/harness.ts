// The real parts of the operations tests (scripts/test-ops.sh): a PostgreSQL server of their own,
// server.ts instances of the built app, nginx in front of them, and an HTTP client that can speak
// from any loopback address (127.0.0.2 ... 127.0.0.254), so each "client" has its own address as
// it would in production. Every process started here is written to $OPS_WORK/pids, so the shell
// script's trap stops whatever a failed test left behind; each test also stops its own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  appendFileSync,
  chmodSync,
  closeSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { freePort } from '../ports'

export const ROOT = path.resolve(__dirname, '../..')
export const WORK = process.env.OPS_WORK ?? mkdtempSync('/tmp/identity-ops-')
mkdirSync(WORK, { recursive: true })
const PIDS = path.join(WORK, 'pids')

function remember(pid: number | undefined) {
  if (pid) appendFileSync(PIDS, `${pid}\n`)
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls until `check` is true; throws with `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 90_000, everyMs = 250): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(everyMs)
  }
}

// --- HTTP --------------------------------------------------------------------------------------

export type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string; body: any }

export type Call = {
  method?: string
  body?: unknown
  headers?: Record<string, string>
  /** The loopback address to send from (default 127.0.0.1). */
  from?: string
  timeoutMs?: number
}

/**
 * One request on a fresh connection (no keep-alive, so `from` always holds). Resolves with status
 * -1 when the connection failed or timed out: a client that got no answer at all.
 */
export function request(base: string, p: string, call: Call = {}): Promise<Answer> {
  const url = new URL(p, base)
  const body = call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body)
  const headers: Record<string, string> = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(call.headers ?? {}) }
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: call.method ?? (body !== undefined ? 'POST' : 'GET'),
        headers,
        localAddress: call.from,
        agent: false,
        timeout: call.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: unknown
          try {
            parsed = JSON.parse(text)
          } catch {
            parsed = undefined
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed })
        })
        res.on('error', () => resolve({ status: -1, headers: {}, text: 'response error', body: undefined }))
      },
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (e) => resolve({ status: -1, headers: {}, text: String(e), body: undefined }))
    if (body !== undefined) req.write(body)
    req.end()
  })
}

let addressCounter = 0
/** A client address of its own: 127.0.0.2 ... 127.0.0.254 in turn. */
export function nextAddress(): string {
  addressCounter = (addressCounter % 253) + 1
  return `127.0.0.${addressCounter + 1}`
}

export const unique = () => randomBytes(5).toString('hex')
export const phone = () => `13${Math.floor(5 + Math.random() * 5)}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
// Letters, digits and `_` (Hyperf's rule), long and uncommon enough for any password policy.
export const PASSWORD = 'Ops_test_pw_2026'

// --- PostgreSQL --------------------------------------------------------------------------------

const PG_BIN = (() => {
  const base = '/usr/lib/postgresql'
  const versions = existsSync(base) ? readdirNumeric(base) : []
  return versions.length ? path.join(base, versions[versions.length - 1], 'bin') : ''
})()

function readdirNumeric(dir: string): string[] {
  return readdirSync(dir)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(a) - Number(b))
}

/** PostgreSQL binaries refuse to run as root: they run as the `postgres` user when we are root. */
function asPostgres(args: string[]): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args
}

function run(argv: string[], what: string) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr || r.stdout}`)
  return r.stdout
}

/** A PostgreSQL server of the test's own, in a temporary folder on a free port: it may be stopped at will. */
export class Postgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<Postgres> {
    if (!PG_BIN) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql (scripts/ensure-services.sh installs them)')
    const dir = mkdtempSync(path.join(WORK, 'pg-'))
    chmodSync(dir, 0o755)
    if (process.getuid?.() === 0) {
      const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
      const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
      chownSync(dir, Number(pw.stdout.trim()), Number(gid.stdout.trim()))
    }
    // WORK itself may be root's 0700 temp folder: the server needs to reach its own folder.
    chmodSync(WORK, 0o755)
    run(asPostgres([path.join(PG_BIN, 'initdb'), '-D', path.join(dir, 'data'), '-U', 'identity', '--auth=trust', '-E', 'UTF8', '--no-sync']), 'initdb')
    const pg = new Postgres(dir, await freePort())
    await pg.start()
    return pg
  }

  url(database = 'postgres'): string {
    return `postgres://identity@127.0.0.1:${this.port}/${database}`
  }

  async start(): Promise<void> {
    run(
      asPostgres([
        path.join(PG_BIN, 'pg_ctl'),
        '-D',
        path.join(this.dir, 'data'),
        '-l',
        path.join(this.dir, 'log'),
        '-o',
        `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200`,
        '-w',
        '-t',
        '60',
        'start',
      ]),
      'pg_ctl start',
    )
    const pid = Number(readFileSync(path.join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])
    remember(pid)
  }

  /** A fast stop: sessions are ended at once, as when a database server goes down. */
  async stop(): Promise<void> {
    if (!existsSync(path.join(this.dir, 'data', 'postmaster.pid'))) return
    run(asPostgres([path.join(PG_BIN, 'pg_ctl'), '-D', path.join(this.dir, 'data'), '-m', 'fast', '-w', '-t', '60', 'stop']), 'pg_ctl stop')
  }

  async createDatabase(name = `ops_${unique()}`): Promise<string> {
    const { default: pg } = await import('pg')
    const c = new pg.Client({ connectionString: this.url() })
    await c.connect()
    try {
      await c.query(`CREATE DATABASE ${name}`)
    } finally {
      await c.end()
    }
    return this.url(name)
  }

  async query<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
    const { default: pg } = await import('pg')
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      return (await c.query(text, values)).rows as T[]
    } finally {
      await c.end()
    }
  }
}

// --- the service ---------------------------------------------------------------------------------

export const AUTH_SECRET = process.env.OPS_AUTH_SECRET ?? randomBytes(48).toString('base64url')

/** Settings every test instance gets: generous limits (the load comes from few addresses), quiet logs. */
export const BASE_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  AUTH_SECRET,
  LOG_LEVEL: 'warn',
  HOST: '127.0.0.1',
  SESSION_CACHE_MS: '1000',
  LOGIN_LIMIT_PER_MINUTE: '100000',
  CODE_DAILY_LIMIT_PER_IP: '100000',
  CODE_DAILY_LIMIT_PER_TARGET: '1000',
  SHUTDOWN_TIMEOUT_MS: '20000',
  DATABASE_CONNECT_TIMEOUT_MS: '3000',
  DATABASE_QUERY_TIMEOUT_MS: '10000',
  // The console provider answers with the code: the tests read it (issue 21 item 1 refuses it in
  // production unless allowed, as here).
  ALLOW_CONSOLE_PROVIDER: 'true',
  NEXT_TELEMETRY_DISABLED: '1',
}

/** The environment of a child process: PATH with the project's Node first, and `vars`. */
export function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? '/root',
    ...vars,
  } as unknown as NodeJS.ProcessEnv
}

/** One server.ts process of the built app (`next build` output in .next). */
export class Instance {
  proc: ChildProcess | null = null
  readonly log: string
  exitCode: number | null = null
  exitSignal: NodeJS.Signals | null = null
  private exited: Promise<void> = Promise.resolve()

  constructor(
    readonly name: string,
    readonly port: number,
    readonly env: Record<string, string>,
    readonly metricsPort?: number,
  ) {
    this.log = path.join(WORK, `${name}.log`)
  }

  static async create(name: string, env: Record<string, string>): Promise<Instance> {
    const port = await freePort()
    const metricsPort = await freePort()
    return new Instance(name, port, { ...BASE_ENV, ...env, PORT: String(port), METRICS_PORT: String(metricsPort) }, metricsPort)
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** Starts the process (as scripts/start.sh's last step does) and waits until it is ready (or only until it answers). */
  async start(opts: { until?: 'ready' | 'live' } = {}): Promise<void> {
    const probe = opts.until === 'live' ? '/api/health/live' : '/api/health/ready'
    writeFileSync(this.log, `--- start ${new Date().toISOString()}\n`, { flag: 'a' })
    const out = openSync(this.log, 'a')
    const proc = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['server.ts'], {
      cwd: ROOT,
      env: childEnv(this.env),
      stdio: ['ignore', out, out],
    })
    closeSync(out)
    remember(proc.pid)
    this.proc = proc
    this.exitCode = null
    this.exitSignal = null
    this.exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.exitCode = code
        this.exitSignal = signal
        resolve()
      })
    })
    await until(
      `${this.name} ready`,
      async () => {
        if (this.proc?.exitCode !== null) throw new Error(`${this.name} exited at start:\n${this.tail()}`)
        return (await request(this.url, probe, { timeoutMs: 5000 })).status === 200
      },
      180_000,
      500,
    )
  }

  /** Sends a signal and waits for the exit; returns the exit code (null when ended by a signal). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return this.exitCode
    // tsx runs the server in a child process and forwards signals to it; SIGKILL cannot be
    // forwarded, so a kill -9 goes to the whole process group of tsx's child too (below).
    if (signal === 'SIGKILL') killTree(this.proc.pid!, 'SIGKILL')
    else this.proc.kill(signal)
    await Promise.race([this.exited, sleep(60_000)])
    return this.exitCode
  }

  tail(lines = 40): string {
    try {
      return readFileSync(this.log, 'utf8').split('\n').slice(-lines).join('\n')
    } catch {
      return ''
    }
  }

  async metrics(): Promise<string> {
    return (await request(`http://127.0.0.1:${this.metricsPort}`, '/metrics')).text
  }
}

/** SIGKILL a process and every descendant (tsx → node server.ts). */
function killTree(pid: number, signal: NodeJS.Signals) {
  // The server (the deepest process) first: that is the crash; its parents after.
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number)
  for (const c of children) killTree(c, signal)
  try {
    process.kill(pid, signal)
  } catch {
    // already gone
  }
}

/** The value of one sample in Prometheus text (`name{labels} value`), summed over matching lines. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue
    sum += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return sum
}

// --- nginx ---------------------------------------------------------------------------------------

/**
 * nginx in front of the instances, with the site configuration docs/deploy.md ships (its fenced
 * block marked `nginx-site`): only the listen port and the upstream addresses are replaced.
 */
export class Nginx {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static siteConfig(): string {
    const doc = readFileSync(path.join(ROOT, 'docs/deploy.md'), 'utf8')
    const m = /```nginx\n# nginx-site\n([\s\S]*?)```/.exec(doc)
    if (!m) throw new Error('docs/deploy.md has no ```nginx block starting with "# nginx-site"')
    return m[1]
  }

  static async start(upstreams: Instance[]): Promise<Nginx> {
    const dir = mkdtempSync(path.join(WORK, 'nginx-'))
    const port = await freePort()
    let site = Nginx.siteConfig()
    // The documented server lines, in order, with their parameters: only the address changes.
    let n = 0
    site = site.replace(/upstream identity \{[\s\S]*?\n\}/, (block) =>
      block.replace(/^(\s*server )\S+(.*;)$/gm, (_line, head: string, tail: string) => {
        const u = upstreams[n++]
        if (!u) throw new Error('docs/deploy.md has more upstream servers than the test started')
        return `${head}127.0.0.1:${u.port}${tail}`
      }),
    )
    if (n !== upstreams.length) throw new Error(`docs/deploy.md lists ${n} upstream servers; the test started ${upstreams.length}`)
    site = site.replace(/listen 80;/, `listen 127.0.0.1:${port};`).replace(/^\s*listen \[::\]:80;\n/m, '')
    const conf = `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
daemon on;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${site}
}
`
    writeFileSync(path.join(dir, 'nginx.conf'), conf)
    run(['nginx', '-t', '-q', '-c', path.join(dir, 'nginx.conf'), '-p', dir], 'nginx -t')
    run(['nginx', '-c', path.join(dir, 'nginx.conf'), '-p', dir], 'nginx start')
    const ng = new Nginx(dir, port)
    remember(Number(readFileSync(path.join(dir, 'nginx.pid'), 'utf8').trim()))
    return ng
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  stop() {
    const pidFile = path.join(this.dir, 'nginx.pid')
    if (!existsSync(pidFile)) return
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGQUIT')
    } catch {
      // already gone
    }
  }

  errorLog(): string {
    try {
      return readFileSync(path.join(this.dir, 'error.log'), 'utf8')
    } catch {
      return ''
    }
  }
}
