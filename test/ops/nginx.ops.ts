// Two instances of the built app behind nginx (docs/deploy.md's site configuration), on one
// PostgreSQL database: the client's real address reaches the instances, every dialect works with
// requests alternating between them, a session ended on one is refused on the other, and a rolling
// restart under load shows no client a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FLOWS, flaskFlow, thinksnsFlow } from './flows'
import { Instance, metricSum, Nginx, nextAddress, PASSWORD, Postgres, request, sleep, unique, type Answer } from './harness'

let pg: Postgres
let dbUrl: string
let a: Instance
let b: Instance
let nginx: Nginx
const METRICS_TOKEN = `metrics-${unique()}-${unique()}`

beforeAll(async () => {
  pg = await Postgres.create()
  dbUrl = await pg.createDatabase()
  const env = {
    DATABASE_URL: dbUrl,
    // nginx connects from 127.0.0.1; the clients below come from other loopback addresses.
    TRUST_PROXY: '127.0.0.1',
    PUBLIC_URL: 'http://identity.test',
  }
  a = await Instance.create('nginx-a', env)
  b = await Instance.create('nginx-b', { ...env, METRICS_TOKEN })
  // One after the other: both run the migrations at start (the second finds them applied).
  await a.start()
  await b.start()
  nginx = await Nginx.start([a, b])
}, 300_000)

afterAll(async () => {
  nginx?.stop()
  await Promise.all([a?.stop(), b?.stop()])
  await pg?.stop()
}, 120_000)

describe('behind nginx', () => {
  it('records the address nginx saw, not nginx and not a forged X-Forwarded-For', async () => {
    const from = '127.0.0.77'
    const username = `ip${unique()}`
    const reg = await request(nginx.url, '/api/auth/register', {
      body: { username, password: PASSWORD },
      from,
      headers: { 'x-forwarded-for': '203.0.113.9, 6.6.6.6' },
    })
    expect(reg.body?.code, reg.text).toBe(0)
    const login = await request(nginx.url, '/api/auth/login', { body: { username, password: PASSWORD }, from, headers: { 'x-forwarded-for': '6.6.6.6' } })
    expect(login.body?.code, login.text).toBe(0)
    const rows = await pg.query<{ kind: string; ip: string | null }>(
      dbUrl,
      `SELECT e.kind, e.ip FROM "AuditEvent" e JOIN "User" u ON u.id = e."userId" WHERE u.name = $1 ORDER BY e.id`,
      [username],
    )
    expect(rows.map((r) => r.kind)).toEqual(expect.arrayContaining(['user.registered', 'signin.success']))
    for (const r of rows) expect(r.ip).toBe(from)
    const sessions = await pg.query<{ ip: string | null }>(dbUrl, `SELECT s.ip FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.name = $1`, [
      username,
    ])
    expect(sessions).toHaveLength(1)
    expect(sessions[0].ip).toBe(from)
  })

  it('runs every dialect main flow through nginx, the requests shared by both instances', async () => {
    const before = await Promise.all([a.metrics(), b.metrics()])
    for (const [dialect, flow] of Object.entries(FLOWS)) {
      // Twice each: nginx's round robin sends consecutive requests to alternate instances, so a
      // token issued by one is used, refreshed and checked on the other.
      await flow({ base: nginx.url, from: nextAddress() })
      await flow({ base: nginx.url, from: nextAddress() })
      const after = await Promise.all([a.metrics(), b.metrics()])
      for (const [i, inst] of [a, b].entries()) {
        const served = metricSum(after[i], 'identity_http_requests_total', { dialect }) - metricSum(before[i], 'identity_http_requests_total', { dialect })
        expect(served, `${inst.name} served ${dialect} requests`).toBeGreaterThan(0)
      }
    }
  })

  it('serves metrics only where they are switched on, with every documented series', async () => {
    // Without METRICS_TOKEN (a): not on the main port at all, through nginx or not.
    expect((await request(a.url, '/metrics')).status).toBe(404)
    // With it (b): only to a request bearing it.
    expect((await request(b.url, '/metrics')).status).toBe(404)
    expect((await request(b.url, '/metrics', { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(404)
    const viaToken = await request(b.url, '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    expect(viaToken.status).toBe(200)
    const texts = [await a.metrics(), viaToken.text]
    const all = texts.join('\n')
    for (const name of [
      'identity_http_requests_total',
      'identity_http_request_duration_seconds_bucket',
      'identity_signins_total',
      'identity_codes_sent_total',
      'identity_hash_pool_queue_depth',
      'identity_hash_pool_running',
      'identity_db_pool_connections',
      'identity_session_cache_lookups_total',
      'identity_ready',
      'identity_draining',
      'process_resident_memory_bytes',
    ])
      expect(all, name).toContain(`${name}`)
    // The flows above signed in, sent codes and checked tokens: the counters saw it.
    const sum = (name: string, labels: Record<string, string>) => texts.reduce((n, t) => n + metricSum(t, name, labels), 0)
    expect(sum('identity_signins_total', { outcome: 'success' })).toBeGreaterThan(0)
    expect(sum('identity_codes_sent_total', { outcome: 'success' })).toBeGreaterThan(0)
    expect(sum('identity_session_cache_lookups_total', {})).toBeGreaterThan(0)
    expect(sum('identity_db_pool_connections', { state: 'max' })).toBeGreaterThan(0)
    expect(sum('identity_ready', {})).toBe(2)
  })

  it('refuses on one instance a session ended on the other, within SESSION_CACHE_MS', async () => {
    const from = nextAddress()
    const { token } = await thinksnsFlow({ base: nginx.url, from })
    const me = (inst: Instance) => request(inst.url, '/api/v2/user', { headers: { authorization: `Bearer ${token}` }, from })
    // Both instances have the live session in their caches now.
    expect((await me(a)).status).toBe(200)
    expect((await me(b)).status).toBe(200)
    const out = await request(a.url, '/api/v2/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` }, from })
    expect(out.status, out.text).toBe(200)
    expect((await me(a)).status).toBe(401)
    await sleep(1000 + 250) // SESSION_CACHE_MS (1000), and a margin for the clock
    expect((await me(b)).status).toBe(401)
  })

  it('restarts each instance under load without a 5xx reaching any client', async () => {
    // Sign-ins (the costly writes) and token checks through nginx while first one instance and
    // then the other is stopped (SIGTERM) and started again.
    const users: { username: string; access: string }[] = []
    for (let i = 0; i < 4; i++) users.push(await flaskFlow({ base: nginx.url, from: nextAddress() }))
    const answers: Answer[] = []
    let stop = false
    const worker = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const u = users[(n + i) % users.length]
        const from = nextAddress()
        const r =
          i % 3 === 0
            ? await request(nginx.url, '/api/auth/login', { body: { username: u.username, password: PASSWORD }, from })
            : await request(nginx.url, '/api/me', { headers: { authorization: `Bearer ${u.access}` }, from })
        answers.push(r)
      }
    }
    const load = Promise.all([0, 1, 2, 3].map(worker))
    await sleep(1500)
    for (const inst of [a, b]) {
      const code = await inst.stop('SIGTERM')
      expect(code, `${inst.name} exit code\n${inst.tail()}`).toBe(0)
      await inst.start()
      // The rolling restart of docs/deploy.md: ready, then the upstream's fail_timeout (5 s), so
      // nginx has taken the instance back before the next one stops.
      await sleep(6000)
    }
    stop = true
    await load
    const bad = answers.filter((r) => r.status < 200 || r.status >= 500)
    expect(answers.length).toBeGreaterThan(20)
    expect({ bad: bad.length, first: bad.slice(0, 5).map((r) => `${r.status} ${r.text.slice(0, 120)}`) }, nginx.errorLog().slice(-1500)).toEqual({
      bad: 0,
      first: [],
    })
  })
})
