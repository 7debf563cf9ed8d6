// kill -9 of an instance in the middle of a write load — registrations, sign-ins, RageFrame refresh
// rotations, code sends — on SQLite and on PostgreSQL. After a restart on the same database, every
// write that got a success answer is there and usable: the users sign in, the sessions' tokens work,
// each refresh chain goes on from the last pair it was given, and each code that was sent registers.
// Writes whose answer was lost in the crash may have happened or not, but never half.
import Database from 'better-sqlite3'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Instance, nextAddress, PASSWORD, phone, Postgres, request, sleep, unique, WORK } from './harness'

let pg: Postgres | undefined
const instances: Instance[] = []

afterAll(async () => {
  for (const i of instances) await i.stop('SIGKILL')
  await pg?.stop()
}, 120_000)

type Chain = { username: string; refresh: string; access: string; inFlight: string | null }

async function database(kind: 'sqlite' | 'postgres'): Promise<{ url: string; file?: string }> {
  if (kind === 'postgres') {
    pg ??= await Postgres.create()
    return { url: await pg.createDatabase() }
  }
  const file = path.join(WORK, `crash-${unique()}`, 'identity.db')
  return { url: `file:${file}`, file }
}

describe.each(['sqlite', 'postgres'] as const)('a crash under write load (%s)', (kind) => {
  it('keeps every write that was answered with a success, whole', async () => {
    const db = await database(kind)
    const inst = await Instance.create(`crash-${kind}`, { DATABASE_URL: db.url, DATA_DIR: path.join(WORK, `crash-data-${kind}`) })
    instances.push(inst)
    await inst.start()
    const base = inst.url

    // Users to sign in and RageFrame refresh chains to rotate, made before the load.
    const chains: Chain[] = []
    for (let i = 0; i < 4; i++) {
      const username = `c${unique()}`
      const from = nextAddress()
      expect((await request(base, '/api/auth/register', { body: { username, password: PASSWORD }, from })).body?.code).toBe(0)
      const login = await request(base, '/v1/site/login', { body: { username, password: PASSWORD, group: 'app' }, from })
      expect(login.body?.code, login.text).toBe(200)
      chains.push({ username, refresh: login.body.data.refresh_token, access: login.body.data.access_token, inFlight: null })
    }

    const registered: string[] = []
    const signedIn: string[] = [] // Flask access tokens of answered sign-ins
    const codes: { phone: string; code: string }[] = []
    let stop = false
    let rotated = 0

    const registrations = async () => {
      while (!stop) {
        const username = `w${unique()}`
        const r = await request(base, '/api/auth/register', { body: { username, password: PASSWORD }, from: nextAddress(), timeoutMs: 15_000 })
        if (r.status === 200 && r.body?.code === 0) registered.push(username)
        else if (r.status === -1) return
      }
    }
    const signIns = async () => {
      while (!stop) {
        const u = chains[Math.floor(Math.random() * chains.length)]
        const r = await request(base, '/api/auth/login', { body: { username: u.username, password: PASSWORD }, from: nextAddress(), timeoutMs: 15_000 })
        if (r.status === 200 && r.body?.code === 0) signedIn.push(r.body.data.access_token)
        else if (r.status === -1) return
      }
    }
    const rotations = async (chain: Chain) => {
      while (!stop) {
        chain.inFlight = chain.refresh
        const r = await request(base, '/v1/site/refresh', { body: { refresh_token: chain.refresh, group: 'app' }, from: nextAddress(), timeoutMs: 15_000 })
        if (r.status === -1) return // answer lost in the crash: inFlight stays set
        expect(r.body?.code, r.text).toBe(200)
        chain.refresh = r.body.data.refresh_token
        chain.access = r.body.data.access_token
        chain.inFlight = null
        rotated++
      }
    }
    const sends = async () => {
      while (!stop) {
        const p = phone()
        const r = await request(base, '/login/send/sms', { body: { phone: p }, from: nextAddress(), timeoutMs: 15_000 })
        if (r.status === 200 && r.body?.code === 200) codes.push({ phone: p, code: r.body.data.code })
        else if (r.status === -1) return
      }
    }
    const load = Promise.all([registrations(), registrations(), signIns(), sends(), ...chains.map(rotations)])

    // Crash once every kind of write has been answered a few times.
    const end = Date.now() + 60_000
    while ((registered.length < 5 || signedIn.length < 5 || codes.length < 5 || rotated < 8) && Date.now() < end) await sleep(100)
    await sleep(300)
    await inst.stop('SIGKILL')
    stop = true
    await load
    expect(registered.length).toBeGreaterThan(0)
    expect(signedIn.length).toBeGreaterThan(0)
    expect(codes.length).toBeGreaterThan(0)

    if (db.file) {
      // The file a crash left is a sound database (WAL replays on the next open).
      const sqlite = new Database(db.file)
      try {
        expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
      } finally {
        sqlite.close()
      }
    }

    await inst.start()
    for (const username of registered) {
      const r = await request(base, '/api/auth/login', { body: { username, password: PASSWORD }, from: nextAddress() })
      expect(r.body?.code, `${username}: ${r.text}`).toBe(0)
    }
    for (const token of signedIn) {
      const r = await request(base, '/api/me', { headers: { authorization: `Bearer ${token}` }, from: nextAddress() })
      expect(r.status, r.text).toBe(200)
    }
    for (const chain of chains) {
      const r = await request(base, '/v1/site/refresh', { body: { refresh_token: chain.refresh, group: 'app' }, from: nextAddress() })
      if (chain.inFlight === null) {
        // The last pair this client was given goes on working.
        expect(r.body?.code, `chain of ${chain.username}: ${r.text}`).toBe(200)
      } else {
        // A rotation was in flight: it happened (the old token is spent: RageFrame's 400) or it did
        // not (the old token rotates now) — one or the other, never a broken family or a 500.
        expect([200, 400], `chain of ${chain.username}: ${r.text}`).toContain(r.body?.code)
        expect(r.status).toBe(200)
      }
    }
    for (const { phone: p, code } of codes) {
      const account = `k${unique()}`
      const r = await request(base, '/login/register', {
        body: { account, password: PASSWORD, password_confirmation: PASSWORD, phone: p, code },
        from: nextAddress(),
      })
      expect(r.body?.code, `code for ${p}: ${r.text}`).toBe(200)
    }
    expect(await inst.stop('SIGTERM')).toBe(0)
  })
})
