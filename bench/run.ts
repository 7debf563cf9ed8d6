// `npm run bench` (SPEC §9, issue 9): the API through Next's pipeline (`next start`) and through
// server.ts's fast path, measured in one run on the embedded default (a fresh SQLite data folder).
//
//   npm run bench -- [--duration 10] [--connections 10] [--logins 10] [--rate 400] [--build] [--out bench/results/latest.md]
//
// Builds when there is no build (or with --build), sets up a fresh database, starts both servers,
// creates a user and tokens, then measures with autocannon (a load generator from npm, on this same
// machine). Endpoints whose dialect is not there are reported as "skipped (route missing)".
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { paced, type PacedResult } from './paced'

const root = path.resolve(__dirname, '..')
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name)

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    logins: { type: 'string', default: '10' },
    rate: { type: 'string', default: '400' },
    build: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results/latest.md' },
    help: { type: 'boolean', default: false },
  },
})
if (flags.help) {
  console.log('npm run bench -- [--duration seconds] [--connections n] [--logins n] [--rate req/s] [--build] [--out file]')
  process.exit(0)
}
const DURATION = Number(flags.duration)
const CONNECTIONS = Number(flags.connections)
const LOGINS = Number(flags.logins)
const RATE = Number(flags.rate)

// ---------------------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

async function waitFor(url: string, child: ChildProcess, log: string) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}); see ${log}`)
    try {
      const r = await fetch(url)
      if (r.ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`${url} did not answer; see ${log}`)
}

type Json = Record<string, unknown>
async function post(base: string, p: string, body: Json, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const r = await fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  return { status: r.status, body: (await r.json()) as Json }
}

type Target = { method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string>; ok: (status: number, body: string) => boolean }

type Row = { name: string; via: 'fast' | 'next' | '—'; rps?: number; p99?: number; errors?: number; note?: string }

async function measure(base: string, t: Target, connections = CONNECTIONS, duration = DURATION) {
  // One request first: a wrong token or body would otherwise be measured as a fast error.
  const probe = await fetch(base + t.path, { method: t.method, headers: { 'content-type': 'application/json', ...t.headers }, body: t.body })
  const text = await probe.text()
  if (!t.ok(probe.status, text)) throw new Error(`${t.method} ${t.path}: unexpected answer ${probe.status} ${text.slice(0, 200)}`)
  const result = await autocannon({
    url: base + t.path,
    method: t.method,
    headers: { 'content-type': 'application/json', ...t.headers },
    body: t.body,
    connections,
    duration,
  })
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  process.chdir(root)
  type Env = Record<string, string | undefined>
  const env: Env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  if (!existsSync('lib/generated/sqlite') || !existsSync('lib/generated/postgres'))
    spawnSync('bash', ['scripts/generate.sh'], { stdio: 'inherit', env: env as NodeJS.ProcessEnv })
  if (flags.build || !existsSync('.next/BUILD_ID')) {
    console.log('building (next build)...')
    const b = spawnSync(bin('next'), ['build'], { stdio: 'inherit', env: env as NodeJS.ProcessEnv })
    if (b.status !== 0) throw new Error('next build failed')
  }

  const work = mkdtempSync(path.join(os.tmpdir(), 'identity-bench-'))
  const dataDir = path.join(work, 'data')
  Object.assign(env, {
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, 'identity.db')}`,
    AUTH_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'warn',
    // A load test signs in thousands of times a minute from one address: lift the abuse limits.
    LOGIN_LIMIT_PER_MINUTE: '100000000',
  })
  const setup = spawnSync(bin('tsx'), ['scripts/setup.ts'], { stdio: 'inherit', env: env as NodeJS.ProcessEnv })
  if (setup.status !== 0) throw new Error('set-up failed')

  const nextPort = await freePort()
  const fastPort = await freePort()
  // One public URL for both servers, as behind one load balancer: ThinkSNS+ tokens name it in iss.
  env.PUBLIC_URL = `http://127.0.0.1:${fastPort}`
  const children: ChildProcess[] = []
  const stop = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM')
  }
  process.on('exit', stop)
  process.on('SIGINT', () => process.exit(130))

  const start = (cmd: string, args: string[], extra: Env, log: string) => {
    const out = path.join(work, log)
    const c = spawn(cmd, args, {
      env: { ...env, ...extra, NODE_ENV: 'production', ALLOW_CONSOLE_PROVIDER: 'true' } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const chunks: Buffer[] = []
    c.stdout!.on('data', (d: Buffer) => chunks.push(d))
    c.stderr!.on('data', (d: Buffer) => chunks.push(d))
    c.on('exit', () => writeFileSync(out, Buffer.concat(chunks)))
    children.push(c)
    return c
  }
  const nextProc = start(bin('next'), ['start', '-p', String(nextPort), '-H', '127.0.0.1'], {}, 'next.log')
  const fastProc = start(bin('tsx'), ['server.ts'], { PORT: String(fastPort), HOST: '127.0.0.1' }, 'fast.log')
  const NEXT = `http://127.0.0.1:${nextPort}`
  const FAST = `http://127.0.0.1:${fastPort}`
  await waitFor(NEXT + '/api/health', nextProc, 'next.log')
  await waitFor(FAST + '/api/health', fastProc, 'fast.log')

  // The user, created through the core on the same database the servers use.
  Object.assign(process.env, env)
  const { createUser } = await import('../lib/core/users')
  const name = `bench${randomBytes(3).toString('hex')}`
  const password = 'bench_pass_123'
  await createUser({ name, password }, {})

  const rows: Row[] = []
  const skip = (name: string, note = 'skipped (route missing)') => rows.push({ name, via: '—', note })
  const exists = async (method: string, p: string) => {
    // Unknown paths and methods answer 404/405 on the Next path (HTML or the dialect's fallback).
    const r = await fetch(NEXT + p, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' })
    await r.arrayBuffer()
    return r.status !== 404 && r.status !== 405
  }
  const pair = async (label: string, t: Target) => {
    for (const [via, base] of [
      ['next', NEXT],
      ['fast', FAST],
    ] as const) {
      process.stdout.write(`  ${label} via ${via}... `)
      const m = await measure(base, t)
      console.log(`${Math.round(m.rps)} req/s, p99 ${m.p99} ms`)
      rows.push({ name: label, via, ...m })
    }
  }
  const okJson = (pred: (b: Json) => boolean) => (status: number, body: string) => {
    try {
      return status === 200 && pred(JSON.parse(body) as Json)
    } catch {
      return false
    }
  }

  console.log(`measuring: ${DURATION} s each, ${CONNECTIONS} connections`)

  // (a) static JSON (no database): the discovery document
  if (await exists('GET', '/.well-known/openid-configuration'))
    await pair('static JSON (GET /.well-known/openid-configuration)', { method: 'GET', path: '/.well-known/openid-configuration', ok: (s) => s === 200 })
  else skip('static JSON (GET /.well-known/openid-configuration)')

  // Hyperf tokens
  const hyperf = (await exists('POST', '/login/jwt/get')) ? await post(FAST, '/login/jwt/get', { account: name, pwd: password }) : null
  const hyperfData = hyperf?.body.data as { jwt?: string; refresh_jwt?: string } | undefined
  if (hyperf && !hyperfData?.jwt) throw new Error(`Hyperf login failed: ${JSON.stringify(hyperf.body)}`)

  // (b) token check: /login/jwt/status and GET /api/v2/user
  if (hyperfData?.jwt)
    await pair('token status (POST /login/jwt/status)', {
      method: 'POST',
      path: '/login/jwt/status',
      body: JSON.stringify({ jwt: hyperfData.jwt }),
      ok: okJson((b) => b.code === 200),
    })
  else skip('token status (POST /login/jwt/status)')

  const thinksns = (await exists('POST', '/api/v2/auth/login')) ? await post(FAST, '/api/v2/auth/login', { login: name, password }) : null
  const tsToken = thinksns?.body.access_token as string | undefined
  if (thinksns && !tsToken) throw new Error(`ThinkSNS+ login failed: ${JSON.stringify(thinksns.body)}`)
  if (tsToken && (await exists('GET', '/api/v2/user')))
    await pair('current user (GET /api/v2/user)', {
      method: 'GET',
      path: '/api/v2/user',
      headers: { authorization: `Bearer ${tsToken}` },
      ok: okJson((b) => typeof b.id === 'number'),
    })
  else skip('current user (GET /api/v2/user)')

  // (c) refresh: Hyperf's refresh jwt stays usable (reference §2), each refresh a database write
  if (hyperfData?.refresh_jwt && (await exists('POST', '/login/jwt/refresh')))
    await pair('refresh (POST /login/jwt/refresh)', {
      method: 'POST',
      path: '/login/jwt/refresh',
      body: JSON.stringify({ jwt: hyperfData.refresh_jwt }),
      ok: okJson((b) => b.code === 200),
    })
  else skip('refresh (POST /login/jwt/refresh)')

  // (d) login: argon2id
  const loginTarget: Target | null = hyperfData
    ? { method: 'POST', path: '/login/jwt/get', body: JSON.stringify({ account: name, pwd: password }), ok: okJson((b) => b.code === 200) }
    : tsToken
      ? { method: 'POST', path: '/api/v2/auth/login', body: JSON.stringify({ login: name, password }), ok: okJson((b) => typeof b.access_token === 'string') }
      : null
  if (loginTarget) await pair(`login, argon2id (POST ${loginTarget.path})`, loginTarget)
  else skip('login, argon2id')

  // (e) token check p99 while LOGINS concurrent logins keep argon2id busy (fast path): once at a
  // steady RATE (open loop, bench/paced.ts: the latency a client sees), once saturating with
  // CONNECTIONS back-to-back connections (autocannon: its p99 is mostly its own queue).
  let underLoad: { steady: PacedResult; saturated: Awaited<ReturnType<typeof measure>>; logins: Awaited<ReturnType<typeof measure>>[] } | null = null
  if (loginTarget && hyperfData) {
    // Refresh above ended the first access jwt (Hyperf keeps only the newest): take a new one.
    const fresh = await post(FAST, '/login/jwt/get', { account: name, pwd: password })
    const jwt = (fresh.body.data as { jwt: string }).jwt
    const status: Target = { method: 'POST', path: '/login/jwt/status', body: JSON.stringify({ jwt }), ok: okJson((b) => b.code === 200) }
    const withLogins = async <T>(check: () => Promise<T>): Promise<[T, Awaited<ReturnType<typeof measure>>]> => {
      const logins = measure(FAST, loginTarget, LOGINS, DURATION + 2)
      await new Promise((r) => setTimeout(r, 1000)) // the logins are under way first
      return [await check(), await logins]
    }
    process.stdout.write(`  token status at ${RATE} req/s under ${LOGINS} concurrent logins (fast)... `)
    const [steady, logins1] = await withLogins(() =>
      paced({ url: FAST + status.path, method: status.method, body: status.body, rate: RATE, duration: DURATION, connections: 32, ok: (s) => s === 200 }),
    )
    console.log(`p99 ${steady.p99} ms, p50 ${steady.p50} ms (${Math.round(steady.rps)} req/s; logins ${Math.round(logins1.rps)}/s)`)
    process.stdout.write(`  token status saturating, ${CONNECTIONS} connections, under ${LOGINS} concurrent logins (fast)... `)
    const [saturated, logins2] = await withLogins(() => measure(FAST, status))
    console.log(`p99 ${saturated.p99} ms (${Math.round(saturated.rps)} req/s; logins ${Math.round(logins2.rps)}/s)`)
    underLoad = { steady, saturated, logins: [logins1, logins2] }
  }

  // ---------------------------------------------------------------------------------------------
  const ratio = (name: string) => {
    const f = rows.find((r) => r.name === name && r.via === 'fast')
    const n = rows.find((r) => r.name === name && r.via === 'next')
    return f?.rps && n?.rps ? `${(f.rps / n.rps).toFixed(1)}×` : ''
  }
  const lines = [
    `# Benchmark — ${new Date().toISOString()}`,
    '',
    `${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, embedded default (SQLite), ` +
      `autocannon on the same machine, ${DURATION} s per row, ${CONNECTIONS} connections.`,
    "`next` = `next start` alone (Next's pipeline, route.ts); `fast` = server.ts's direct path to the same handler.",
    '',
    '| endpoint | via | req/s | p99 (ms) | errors | fast/Next |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.map((r) =>
      r.note
        ? `| ${r.name} | — | ${r.note} | | | |`
        : `| ${r.name} | ${r.via} | ${Math.round(r.rps!)} | ${r.p99} | ${r.errors} | ${r.via === 'fast' ? ratio(r.name) : ''} |`,
    ),
  ]
  if (underLoad)
    lines.push(
      `| token status at a steady ${RATE} req/s while ${LOGINS} logins run (open loop) | fast | ${Math.round(underLoad.steady.rps)} | ${underLoad.steady.p99} | ${underLoad.steady.errors} | |`,
      `| token status saturating (${CONNECTIONS} connections) while ${LOGINS} logins run | fast | ${Math.round(underLoad.saturated.rps)} | ${underLoad.saturated.p99} | ${underLoad.saturated.errors} | |`,
      `| …the concurrent logins (during each) | fast | ${underLoad.logins.map((l) => Math.round(l.rps)).join(' / ')} | ${underLoad.logins.map((l) => l.p99).join(' / ')} | ${underLoad.logins.reduce((n, l) => n + l.errors, 0)} | |`,
    )
  else lines.push(`| token status while ${LOGINS} logins run | — | skipped (route missing) | | | |`)
  lines.push(
    '',
    'Targets (issue 9): token status/verify fast ≥ 10× Next; p99 of token verify < 20 ms while 10 logins run; refresh ≥ 1,000 req/s.',
    `The p99 under logins is a latency, so it is measured at a steady offered load (open loop: each request counted from when it was due, bench/paced.ts); the saturating row shows the same check with autocannon's ${CONNECTIONS} back-to-back connections, whose p99 is mostly the queue they build.`,
    '',
  )
  const table = lines.join('\n')
  console.log('\n' + table)
  mkdirSync(path.dirname(path.resolve(flags.out!)), { recursive: true })
  writeFileSync(path.resolve(flags.out!), table)
  console.log(`written to ${flags.out}`)

  const { db } = await import('../lib/db')
  await db().$disconnect()
  stop()
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)))
  rmSync(work, { recursive: true, force: true })
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
