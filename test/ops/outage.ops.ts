// PostgreSQL stops while an instance is under load: every dialect answers in its own envelope with
// its 503 answer — never a 500, never a request left hanging past the bound — and /api/health says
// the database is down. When PostgreSQL starts again the instance recovers by itself: no restart.
// The server stopped here is the test's own (harness.ts Postgres), not the one other tests share.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FLOWS, flaskFlow, hyperfFlow, rageframeFlow, thinksnsFlow } from './flows'
import { Instance, nextAddress, PASSWORD, Postgres, request, sleep, until, type Answer } from './harness'

let pg: Postgres
let inst: Instance
let lateInstance: Instance | undefined

beforeAll(async () => {
  pg = await Postgres.create()
  inst = await Instance.create('outage', { DATABASE_URL: await pg.createDatabase() })
  await inst.start()
}, 300_000)

afterAll(async () => {
  await inst?.stop()
  await lateInstance?.stop()
  await pg?.stop()
}, 120_000)

// A request must be answered well within this while the database is down: the pool's connect
// timeout (DATABASE_CONNECT_TIMEOUT_MS=3000 in harness.ts) bounds it; this is only the client's
// give-up point, generous for a loaded machine. A request still unanswered here counts as a hang.
const BOUND_MS = 30_000

describe('a database outage', () => {
  it('answers 503 in each dialect while PostgreSQL is down, and recovers when it is back', async () => {
    const base = inst.url
    const t = await thinksnsFlow({ base, from: nextAddress() })
    const h = await hyperfFlow({ base, from: nextAddress() })
    const f = await flaskFlow({ base, from: nextAddress() })
    const r = await rageframeFlow({ base, from: nextAddress() })

    // Load: sign-ins and token checks in every dialect, before, during and after the outage.
    const answers: Answer[] = []
    let stop = false
    const calls = [
      () => request(base, '/api/auth/login', { body: { username: f.username, password: PASSWORD }, from: nextAddress(), timeoutMs: BOUND_MS }),
      () => request(base, '/api/v2/user', { headers: { authorization: `Bearer ${t.token}` }, from: nextAddress(), timeoutMs: BOUND_MS }),
      () => request(base, '/login/jwt/status', { body: { jwt: h.jwt }, from: nextAddress(), timeoutMs: BOUND_MS }),
      () => request(base, `/v1/member/info?access-token=${r.pair.access_token}`, { from: nextAddress(), timeoutMs: BOUND_MS }),
    ]
    const worker = async (n: number) => {
      for (let i = n; !stop; i++) answers.push(await calls[i % calls.length]())
    }
    const load = Promise.all([0, 1, 2].map(worker))
    await sleep(1000)

    await pg.stop()
    // Past SESSION_CACHE_MS every token check needs the database too.
    await sleep(1500)

    const down = {
      thinksns: await request(base, '/api/v2/auth/login', { body: { login: t.name, password: PASSWORD }, from: nextAddress(), timeoutMs: BOUND_MS }),
      thinksnsToken: await request(base, '/api/v2/user', { headers: { authorization: `Bearer ${t.token}` }, from: nextAddress(), timeoutMs: BOUND_MS }),
      // The uniqueness checks of a registration read the database: an outage is not "taken".
      thinksnsRegister: await request(base, '/api/v2/users', {
        body: { name: 'outage_user', phone: '13900000000', password: PASSWORD, verifiable_type: 'sms', verifiable_code: '123456' },
        from: nextAddress(),
        timeoutMs: BOUND_MS,
      }),
      hyperf: await request(base, '/login/jwt/get', { body: { account: h.account, pwd: PASSWORD }, from: nextAddress(), timeoutMs: BOUND_MS }),
      hyperfToken: await request(base, '/login/jwt/status', { body: { jwt: h.jwt }, from: nextAddress(), timeoutMs: BOUND_MS }),
      flask: await request(base, '/api/auth/login', { body: { username: f.username, password: PASSWORD }, from: nextAddress(), timeoutMs: BOUND_MS }),
      rageframe: await request(base, '/v1/site/login', {
        body: { username: r.username, password: PASSWORD, group: 'app' },
        from: nextAddress(),
        timeoutMs: BOUND_MS,
      }),
      rageframeToken: await request(base, `/v1/member/info?access-token=${r.pair.access_token}`, { from: nextAddress(), timeoutMs: BOUND_MS }),
      standards: await request(base, '/api/me', { headers: { authorization: `Bearer ${f.access}` }, from: nextAddress(), timeoutMs: BOUND_MS }),
      health: await request(base, '/api/health', { timeoutMs: BOUND_MS }),
      ready: await request(base, '/api/health/ready', { timeoutMs: BOUND_MS }),
      live: await request(base, '/api/health/live', { timeoutMs: BOUND_MS }),
    }
    // Laravel's 503 (reference §1's envelope: a message).
    expect([down.thinksns.status, down.thinksns.body]).toEqual([503, { message: 'Service Unavailable' }])
    expect([down.thinksnsToken.status, down.thinksnsToken.body]).toEqual([503, { message: 'Service Unavailable' }])
    expect([down.thinksnsRegister.status, down.thinksnsRegister.body]).toEqual([503, { message: 'Service Unavailable' }])
    // Hyperf's envelope with its system-busy code.
    for (const a of [down.hyperf, down.hyperfToken]) {
      expect(a.status, a.text).toBe(503)
      expect(a.body).toMatchObject({ code: 9999, msg: '系统繁忙，请稍后尝试', status: false })
    }
    // Flask's envelope.
    expect(down.flask.status, down.flask.text).toBe(503)
    expect(down.flask.body).toMatchObject({ code: 1, msg: '服务暂不可用，请稍后再试' })
    // RageFrame: HTTP 200 and the status in the body, as every RageFrame answer (reference §4).
    for (const a of [down.rageframe, down.rageframeToken]) {
      expect(a.status, a.text).toBe(200)
      expect(a.body).toMatchObject({ code: 503, data: { name: 'Service Unavailable', status: 503 } })
    }
    expect([down.standards.status, down.standards.body?.error]).toEqual([503, 'temporarily_unavailable'])
    expect([down.health.status, down.health.body]).toEqual([503, { status: 'error', database: 'down' }])
    expect(down.ready.status).toBe(503)
    expect([down.live.status, down.live.body]).toEqual([200, { status: 'ok' }])

    // An instance started during the outage is alive but not ready: it cannot apply migrations.
    const late = await Instance.create('outage-late', { DATABASE_URL: inst.env.DATABASE_URL })
    lateInstance = late
    await late.start({ until: 'live' })
    const notReady = await request(late.url, '/api/health/ready', { timeoutMs: BOUND_MS })
    expect([notReady.status, notReady.body?.status]).toEqual([503, 'starting'])

    await pg.start()
    // It becomes ready by itself, as the instance that was serving recovers by itself.
    await until('the late instance ready', async () => (await request(late.url, '/api/health/ready')).status === 200, 90_000, 500)
    // No restart: the pool opens new connections once the server is back.
    await until('health after the outage', async () => (await request(base, '/api/health')).status === 200, 90_000, 500)
    expect((await request(base, '/api/health/ready')).status).toBe(200)
    await sleep(500)
    stop = true
    await load

    const unanswered = answers.filter((a) => a.status === -1)
    const errors = answers.filter((a) => a.status >= 500 && a.status !== 503)
    expect(unanswered.map((a) => a.text)).toEqual([])
    expect(errors.map((a) => `${a.status} ${a.text.slice(0, 200)}`)).toEqual([])
    // Every dialect works again, end to end.
    for (const flow of Object.values(FLOWS)) await flow({ base, from: nextAddress() })
    await flaskFlow({ base: late.url, from: nextAddress() })
  })
})
