// `npm run soak` (issue 20): ten minutes of mixed load on one server.ts instance of the built app —
// token checks in every dialect, sign-ins, refreshes, code sends — at a steady rate, from many
// client addresses (127.0.0.x). Reports memory (RSS) at the start and end and per minute, the error
// rate and latency per minute, and the instance's own metrics, in bench/results/soak.md.
//
//   npm run soak -- [--minutes 10] [--rate 60] [--out bench/results/soak.md] [--database-url postgres://…]
//
// Needs a build (`npm run build`); uses a fresh SQLite data folder unless --database-url is given.
// Not part of `npm test`: it takes ten minutes and measures rather than asserts.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { Instance, metricSum, nextAddress, PASSWORD, phone, request, ROOT, unique, WORK, type Answer } from '../test/ops/harness'

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '60' },
    out: { type: 'string', default: 'bench/results/soak.md' },
    'database-url': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})
if (flags.help) {
  console.log('npm run soak -- [--minutes 10] [--rate req/s] [--out file] [--database-url url]')
  process.exit(0)
}
const MINUTES = Number(flags.minutes)
const RATE = Number(flags.rate)

type Op = 'check' | 'signin' | 'refresh' | 'send'
// Of every 20 requests: 14 token checks, 2 sign-ins, 2 refreshes, 2 code sends (a client checks its
// token on every call and signs in, refreshes or asks for a code now and then).
const MIX: Op[] = [...Array<Op>(14).fill('check'), 'signin', 'signin', 'refresh', 'refresh', 'send', 'send']

type Sample = { op: Op; ms: number; ok: boolean; at: number; status: number }

/** Resident memory of the server process (tsx's child: the deepest process under it), in MiB. */
function rssMiB(pid: number): number {
  let target = pid
  for (;;) {
    const kids = spawnSync('pgrep', ['-P', String(target)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
    if (kids.length === 0) break
    target = Number(kids[0])
  }
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${target}/status`, 'utf8'))
  return m ? Math.round(Number(m[1]) / 1024) : NaN
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

async function main() {
  const dir = path.join(WORK, `soak-${unique()}`)
  const env: Record<string, string> = flags['database-url']
    ? { DATABASE_URL: flags['database-url'] }
    : { DATABASE_URL: `file:${dir}/data/identity.db`, DATA_DIR: `${dir}/data` }
  const inst = await Instance.create('soak', { ...env, LOG_LEVEL: 'error' })
  console.log(`starting ${inst.url} (log ${inst.log})`)
  await inst.start()
  const base = inst.url
  try {
    // Users and their tokens, one set per dialect that checks tokens.
    const users: { username: string; flask: string; rfRefresh: string; rfAccess: string; hyperf: string; thinksns: string }[] = []
    for (let i = 0; i < 20; i++) {
      const username = `s${unique()}`
      const from = nextAddress()
      await request(base, '/api/auth/register', { body: { username, password: PASSWORD }, from })
      const f = await request(base, '/api/auth/login', { body: { username, password: PASSWORD }, from })
      const r = await request(base, '/v1/site/login', { body: { username, password: PASSWORD, group: 'app' }, from })
      const h = await request(base, '/login/jwt/get', { body: { account: username, pwd: PASSWORD }, from })
      const t = await request(base, '/api/v2/auth/login', { body: { login: username, password: PASSWORD }, from })
      if (f.body?.code !== 0 || r.body?.code !== 200 || h.body?.code !== 200 || t.status !== 200)
        throw new Error(`set-up failed: ${f.text} ${r.text} ${h.text} ${t.text}`)
      users.push({
        username,
        flask: f.body.data.access_token,
        rfRefresh: r.body.data.refresh_token,
        rfAccess: r.body.data.access_token,
        hyperf: h.body.data.jwt,
        thinksns: t.body.access_token,
      })
    }

    const started = Date.now()
    const end = started + MINUTES * 60_000
    const samples: Sample[] = []
    const rss: { minute: number; mib: number }[] = [{ minute: 0, mib: rssMiB(inst.proc!.pid!) }]
    const busy = new Set<number>() // users whose RageFrame refresh is in flight (one at a time per user)

    const one = async (op: Op, i: number): Promise<{ ok: boolean; a: Answer }> => {
      const from = nextAddress()
      if (op === 'signin') {
        const u = users[i % users.length]
        const a = await request(base, '/api/auth/login', { body: { username: u.username, password: PASSWORD }, from })
        return { ok: a.status === 200 && a.body?.code === 0, a }
      }
      if (op === 'send') {
        const a = await request(base, '/login/send/sms', { body: { phone: phone() }, from })
        return { ok: a.status === 200 && a.body?.code === 200, a }
      }
      if (op === 'refresh') {
        const k = i % users.length
        // One rotation per user at a time, as one client does; a user busy now gets a check instead.
        if (busy.has(k)) return one('check', i * 4 + 3)
        busy.add(k)
        const u = users[k]
        const a = await request(base, '/v1/site/refresh', { body: { refresh_token: u.rfRefresh, group: 'app' }, from })
        const ok = a.body?.code === 200
        if (ok) {
          u.rfRefresh = a.body.data.refresh_token
          u.rfAccess = a.body.data.access_token
        }
        busy.delete(k)
        return { ok, a }
      }
      const u = users[i % users.length]
      // A RageFrame access token is replaced by its user's rotation: not checked while one is in flight.
      const kind = i % 4 === 2 && busy.has(i % users.length) ? 3 : i % 4
      switch (kind) {
        case 0: {
          const a = await request(base, '/api/v2/user', { headers: { authorization: `Bearer ${u.thinksns}` }, from })
          return { ok: a.status === 200, a }
        }
        case 1: {
          const a = await request(base, '/login/jwt/status', { body: { jwt: u.hyperf }, from })
          return { ok: a.body?.code === 200, a }
        }
        case 2: {
          const a = await request(base, `/v1/member/info?access-token=${u.rfAccess}`, { from })
          return { ok: a.body?.code === 200, a }
        }
        default: {
          const a = await request(base, '/api/me', { headers: { authorization: `Bearer ${u.flask}` }, from })
          return { ok: a.status === 200, a }
        }
      }
    }

    // Open loop at RATE requests per second: a slow answer does not slow the load down.
    let n = 0
    const inflight = new Set<Promise<void>>()
    const firstErrors: string[] = []
    let nextMinute = 1
    while (Date.now() < end) {
      const due = started + (n * 1000) / RATE
      const wait = due - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      const i = n++
      const op = MIX[i % MIX.length]
      const t0 = performance.now()
      const p = one(op, Math.floor(i / MIX.length)).then(({ ok, a }) => {
        samples.push({ op, ms: performance.now() - t0, ok, at: Date.now(), status: a.status })
        if (!ok && firstErrors.length < 10) firstErrors.push(`${op}: ${a.status} ${a.text.slice(0, 160)}`)
      })
      inflight.add(p)
      void p.finally(() => inflight.delete(p))
      if (Date.now() >= started + nextMinute * 60_000) {
        rss.push({ minute: nextMinute, mib: rssMiB(inst.proc!.pid!) })
        console.log(`minute ${nextMinute}: ${samples.length} answers, RSS ${rss[rss.length - 1].mib} MiB`)
        nextMinute++
      }
    }
    await Promise.all(inflight)
    rss.push({ minute: MINUTES, mib: rssMiB(inst.proc!.pid!) })
    const metrics = await inst.metrics()

    // --- report ---------------------------------------------------------------------------------
    const rows: string[] = []
    for (let m = 0; m < MINUTES; m++) {
      const s = samples.filter((x) => x.at >= started + m * 60_000 && x.at < started + (m + 1) * 60_000)
      const checks = s.filter((x) => x.op === 'check').map((x) => x.ms)
      const signins = s.filter((x) => x.op === 'signin').map((x) => x.ms)
      const errors = s.filter((x) => !x.ok).length
      const mem = rss.find((r) => r.minute === m + 1)?.mib ?? NaN
      rows.push(
        `| ${m + 1} | ${s.length} | ${errors} | ${pct(checks, 50).toFixed(1)} | ${pct(checks, 99).toFixed(1)} | ${pct(signins, 50).toFixed(1)} | ${pct(signins, 99).toFixed(1)} | ${mem} |`,
      )
    }
    const total = samples.length
    const failed = samples.filter((x) => !x.ok).length
    const byOp = (op: Op) => samples.filter((x) => x.op === op)
    const hits = metricSum(metrics, 'identity_session_cache_lookups_total', { result: 'hit' })
    const misses = metricSum(metrics, 'identity_session_cache_lookups_total', { result: 'miss' })
    const first = rss[0].mib
    const last = rss[rss.length - 1].mib
    const peak = Math.max(...rss.map((r) => r.mib))
    const checks = byOp('check').map((x) => x.ms)
    const firstMinute = samples.filter((x) => x.op === 'check' && x.at < started + 60_000).map((x) => x.ms)
    const lastMinute = samples.filter((x) => x.op === 'check' && x.at >= started + (MINUTES - 1) * 60_000).map((x) => x.ms)
    const report = `# Soak: ${MINUTES} minutes of mixed load on one instance

\`npm run soak\` (bench/soak.ts), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version} on
${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), shared with other work. One server.ts instance of the
built app on ${flags['database-url'] ? 'PostgreSQL' : 'the embedded SQLite default (a fresh data folder)'}; 20 users signed in through
every dialect; then an open-loop load of ${RATE} requests/s from 253 client addresses: of every 20 requests 14 token
checks (ThinkSNS+ \`/api/v2/user\`, Hyperf \`/login/jwt/status\`, RageFrame \`/v1/member/info\`, \`/api/me\` with a Flask
token, in turn), 2 Flask sign-ins (argon2id), 2 RageFrame refresh rotations, 2 Hyperf code sends (console provider).
Each request on a new connection.

## Summary

| | |
|---|---|
| requests answered | ${total} (${(total / (MINUTES * 60)).toFixed(1)}/s) |
| errors (5xx, no answer, or not the success answer) | ${failed} (${((100 * failed) / Math.max(1, total)).toFixed(3)} %) |
| by kind | checks ${byOp('check').length}, sign-ins ${byOp('signin').length}, refreshes ${byOp('refresh').length}, sends ${byOp('send').length} |
| token check latency, whole run | p50 ${pct(checks, 50).toFixed(1)} ms, p99 ${pct(checks, 99).toFixed(1)} ms |
| token check p99, first minute → last minute | ${pct(firstMinute, 99).toFixed(1)} ms → ${pct(lastMinute, 99).toFixed(1)} ms |
| RSS of the server process | start ${first} MiB, end ${last} MiB, peak ${peak} MiB |
| session cache | ${hits} hits, ${misses} misses (${((100 * hits) / Math.max(1, hits + misses)).toFixed(1)} % hits) |
${firstErrors.length ? `\nFirst errors:\n\n${firstErrors.map((e) => `- \`${e.replace(/`/g, "'")}\``).join('\n')}\n` : ''}
## Per minute

Latency in ms (client side: connect, request, answer), RSS in MiB at the end of the minute.

| minute | answers | errors | check p50 | check p99 | sign-in p50 | sign-in p99 | RSS |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

RSS at the start (after set-up): ${first} MiB. Memory stays bounded by design: the session cache holds at most
its CACHE_MAX entries for SESSION_CACHE_MS, rate limits and codes live in the database, and nothing else
grows with the number of requests.
`
    const out = path.resolve(ROOT, flags.out)
    mkdirSync(path.dirname(out), { recursive: true })
    writeFileSync(out, report)
    console.log(report)
    console.log(`written: ${out}`)
  } finally {
    await inst.stop()
    if (!process.env.OPS_WORK) rmSync(WORK, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
