// `npm run backup` copies the SQLite database while the service runs and writes to it; the copy,
// restored into a fresh data folder, serves sign-ins of the users it holds.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BASE_ENV, childEnv, Instance, nextAddress, PASSWORD, request, ROOT, unique, WORK } from './harness'

const instances: Instance[] = []
afterAll(async () => {
  for (const i of instances) await i.stop()
}, 120_000)

describe('backups', () => {
  it('makes a consistent copy under write load, and a restored copy signs users in', async () => {
    const dir = path.join(WORK, `backup-${unique()}`)
    const live = { DATABASE_URL: `file:${dir}/data/identity.db`, DATA_DIR: `${dir}/data` }
    const inst = await Instance.create('backup-live', live)
    instances.push(inst)
    await inst.start()

    const before: string[] = []
    for (let i = 0; i < 5; i++) {
      const username = `b${unique()}`
      const r = await request(inst.url, '/api/auth/register', { body: { username, password: PASSWORD }, from: nextAddress() })
      expect(r.body?.code, r.text).toBe(0)
      before.push(username)
    }

    // Registrations and sign-ins go on while the backup runs.
    let stop = false
    const load = (async () => {
      while (!stop) {
        await request(inst.url, '/api/auth/register', { body: { username: `l${unique()}`, password: PASSWORD }, from: nextAddress() })
        await request(inst.url, '/api/auth/login', { body: { username: before[0], password: PASSWORD }, from: nextAddress() })
      }
    })()
    const out = path.join(dir, 'backups', 'copy.db')
    const backup = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/backup.ts', '--out', out], {
      cwd: ROOT,
      env: childEnv({ ...BASE_ENV, ...live }),
      encoding: 'utf8',
      timeout: 120_000,
    })
    stop = true
    await load
    expect(backup.status, backup.stderr + backup.stdout).toBe(0)
    expect(backup.stdout).toContain('backup written')
    expect(existsSync(out)).toBe(true)
    expect(existsSync(`${out}.partial`)).toBe(false)
    // A user made after the copy is not in it: the copy is the state at one moment.
    const later = `a${unique()}`
    expect((await request(inst.url, '/api/auth/register', { body: { username: later, password: PASSWORD }, from: nextAddress() })).body?.code).toBe(0)
    expect(await inst.stop()).toBe(0)

    // Restore: the copy becomes the database of a new data folder, served by a new instance.
    const restoredDir = path.join(WORK, `restored-${unique()}`)
    mkdirSync(path.join(restoredDir, 'data'), { recursive: true })
    copyFileSync(out, path.join(restoredDir, 'data', 'identity.db'))
    const restored = await Instance.create('backup-restored', { DATABASE_URL: `file:${restoredDir}/data/identity.db`, DATA_DIR: `${restoredDir}/data` })
    instances.push(restored)
    await restored.start()
    for (const username of before) {
      const flask = await request(restored.url, '/api/auth/login', { body: { username, password: PASSWORD }, from: nextAddress() })
      expect(flask.body?.code, flask.text).toBe(0)
      const rageframe = await request(restored.url, '/v1/site/login', { body: { username, password: PASSWORD, group: 'app' }, from: nextAddress() })
      expect(rageframe.body?.code, rageframe.text).toBe(200)
    }
    const missing = await request(restored.url, '/api/auth/login', { body: { username: later, password: PASSWORD }, from: nextAddress() })
    expect(missing.body?.code, missing.text).toBe(1)
  })

  it('points PostgreSQL users to pg_dump instead of pretending', () => {
    const r = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/backup.ts'], {
      cwd: ROOT,
      env: childEnv({ ...BASE_ENV, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }),
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('pg_dump')
  })
})
