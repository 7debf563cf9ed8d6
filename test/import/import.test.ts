// The whole move (#22) from each old system's own database: a real MariaDB server holding the
// systems' published tables, rows whose hashes come from the real hashing code (PHP's
// password_hash, Werkzeug's generate_password_hash, md5) and live sign-ins the old systems issued.
// For each system: the import reports the expected counts; each user signs in with the original
// password through their own dialect, another dialect and the browser, and the stored hash is our
// argon2id afterwards; an old token keeps working and is a session; a second run changes nothing;
// bad rows are in the report. Then a second system merges into the first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { config, loadConfig, setConfigForTests } from '@/lib/config'
import { db } from '@/lib/db'
import { runImport, type ImportSummary } from '@/lib/import/run'
import { listUserSessions, revokeSession } from '@/lib/core/sessions'
import { legacyIdOf } from '@/lib/core/legacy-ids'
import { authOptions } from '@/lib/auth/next-auth'
import * as flask from '@/lib/dialects/flask/handlers'
import * as hyperf from '@/lib/dialects/hyperf/handlers'
import * as rageframe from '@/lib/dialects/rageframe/handlers'
import * as thinksns from '@/lib/dialects/thinksns/handlers'
import { PRV } from '@/lib/dialects/thinksns/profile'
import { call, getRequest, jsonRequest } from '@/test/http'
import { fixture, startMariaDb, type MariaDb } from './mariadb'
import { md5Hex, phpBcrypt, phpJwt, pyJwt, werkzeugHash } from './legacy-hashes'

const HYPERF_KEY = 'hyperf-old-key-0123456789-0123456789'
const THINKSNS_SECRET = 'thinksns-old-secret-0123456789-0123456789'
const FLASK_SECRET = 'flask-old-secret-0123456789-0123456789'
const now = Math.floor(Date.now() / 1000)
const reportDir = mkdtempSync(path.join(os.tmpdir(), 'identity-import-'))

let maria: MariaDb
const urls: Record<string, string> = {}

function settings(extra: Record<string, string> = {}) {
  setConfigForTests(
    loadConfig({
      ...process.env,
      HYPERF_JWT_KEY: HYPERF_KEY,
      THINKSNS_JWT_SECRET: THINKSNS_SECRET,
      FLASK_JWT_SECRET_KEY: FLASK_SECRET,
      LEGACY_TOKENS_UNTIL: new Date(Date.now() + 30 * 86400_000).toISOString(),
      ...extra,
    }),
  )
}

beforeAll(async () => {
  settings()
  maria = await startMariaDb()
  for (const name of ['hyperf', 'rageframe', 'rageframe23', 'thinksns', 'flask']) urls[name] = await maria.database(name)
  await maria.exec('hyperf', fixture('hyperf.sql'))
  await maria.exec('rageframe', fixture('rageframe-2.1.sql'))
  await maria.exec('rageframe23', fixture('rageframe-2.3.sql'))
  await maria.exec('thinksns', fixture('thinksns.sql'))
  await maria.exec('flask', fixture('flask.sql'))
})

afterAll(async () => {
  setConfigForTests(undefined)
  await maria?.stop()
})

let runs = 0
async function importFrom(
  system: string,
  extra: { rageframeTable?: 'member' | 'member_info'; prefix?: string } = {},
): Promise<ImportSummary & { lines: any[] }> {
  const reportFile = path.join(reportDir, `${system}-${runs++}.jsonl`)
  const s = await runImport({ system: system.replace(/23$/, ''), source: urls[system], reportFile, batchSize: 2, ...extra })
  const lines = readFileSync(reportFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
  return { ...s, lines }
}

const storedHash = async (id: number) => (await db().user.findUniqueOrThrow({ where: { id } })).passwordHash!
const isOurs = (h: string) => h.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')

type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string; sessionId: string }>
const browser = (login: string, password: string) => {
  const all = authOptions().providers as unknown as { options: { id: string; authorize: Authorize } }[]
  return all.find((x) => x.options.id === 'password')!.options.authorize({ login, password }, { headers: { 'x-forwarded-for': '127.0.0.1' } })
}
const rfLogin = (username: string, password: string) => call(rageframe.login, jsonRequest('/v1/site/login', { username, password, group: 'app' }))
const hyperfLogin = (account: string, pwd: string) => call(hyperf.getJwt, jsonRequest('/login/jwt/get', { account, pwd }))
const tsLogin = (login: string, password: string) => call(thinksns.login, jsonRequest('/api/v2/auth/login', { login, password }))
const flaskLogin = (username: string, password: string) => call(flask.login, jsonRequest('/api/auth/login', { username, password }))
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString())
/** Every user's id in a system's dialect (lib/core/legacy-ids.ts, what each answer shows) is one person's. */
async function expectUniqueIds(system: string) {
  const users = await db().user.findMany({ select: { id: true, uuid: true } })
  const shown = await Promise.all(users.map((u) => legacyIdOf(u, system)))
  expect(new Set(shown).size).toBe(users.length)
}
/** The id a system's id map gives a user there (the user it was imported as, or a shadowed user's new one). */
const mappedId = async (system: string, userId: number) => (await db().legacyAccount.findFirstOrThrow({ where: { system, userId } })).legacyId

describe('Hyperf (users.sql, roles.sql; md5; jwt_token on the row)', () => {
  const access = () =>
    phpJwt(
      { typ: 'JWT', cty: '', kid: null, alg: 'HS256' },
      {
        iss: 'https://api.example.com',
        sub: 'accredit',
        aud: 'pc',
        iat: now - 120,
        nbf: now - 119,
        exp: now + 86400,
        data: JSON.stringify({ uid: 1, rid: ['1', '3', '4'] }),
      },
      HYPERF_KEY,
    )
  let jwt = ''
  let refreshJwt = ''

  it('imports the rows with their ids, roles, status and live tokens; bad rows reported', async () => {
    jwt = access()
    refreshJwt = phpJwt(
      { typ: 'JWT', cty: '', kid: null, alg: 'HS256' },
      {
        iss: 'https://api.example.com',
        sub: 'accredit',
        aud: 'pc',
        iat: now - 120,
        nbf: now - 119,
        exp: now + 7 * 86400,
        data: JSON.stringify({ uid: 1, rid: ['1', '3', '4'] }),
      },
      HYPERF_KEY,
    )
    // The published sample rows, then ours (Jerry's hash replaced by one whose password we know).
    await maria.exec('hyperf', `UPDATE users SET password = ?, jwt_token = ?, refresh_jwt_token = ? WHERE id = 1`, [md5Hex('Jerry_pass1'), jwt, refreshJwt])
    await maria.exec('hyperf', `INSERT INTO roles (id, role_name, super_admin) VALUES (3, 'editor', 'no'), (4, 'viewer', 'no')`)
    await maria.exec(
      'hyperf',
      `INSERT INTO users (id, account, password, phone, status, role_id, create_time, update_time) VALUES
       (5, 'banned_h', ?, '13900000005', 'ban', '3', '2023-12-01 10:00:00', '2023-12-01 10:00:00'),
       (6, 'bad\u202Ename', ?, '13900000006', 'active', '3', NULL, NULL),
       (7, 'nophone_h', ?, '12345', 'active', '3', NULL, NULL),
       (8, 'oddhash_h', 'sha1:abcdef', '13900000008', 'active', '3', NULL, NULL)`,
      [md5Hex('Ban_pass1'), md5Hex('x'), md5Hex('Nophone_pass1')],
    )
    const s = await importFrom('hyperf')
    expect({ read: s.read, ...s.counts, sessions: s.sessions }).toEqual({ read: 6, created: 5, updated: 0, merged: 0, unchanged: 0, skipped: 1, sessions: 1 })
    expect(s.skipped).toEqual({ name_invalid: 1 })
    expect(s.lines).toEqual(
      expect.arrayContaining([
        { system: 'hyperf', legacyId: '6', outcome: 'skipped', reason: 'name_invalid' },
        { system: 'hyperf', legacyId: '7', outcome: 'field_dropped', field: 'phone', reason: 'phone_invalid' },
        { system: 'hyperf', legacyId: '8', outcome: 'field_dropped', field: 'password', reason: 'password_format_unknown' },
      ]),
    )
    expect(s.lines).toHaveLength(3)
    const jerry = await db().user.findUniqueOrThrow({ where: { id: 1 }, include: { roles: { include: { role: true } } } })
    expect(jerry).toMatchObject({ name: 'Jerry', phone: '15361158702', status: 'active', passwordHash: md5Hex('Jerry_pass1') })
    expect(jerry.roles.map((r) => r.role.name).sort()).toEqual(['ADMIN', 'USER', 'hyperf:1', 'hyperf:3', 'hyperf:4'])
    expect(await db().user.findUniqueOrThrow({ where: { id: 2 } })).toMatchObject({ name: 'Foo', passwordHash: 'fcea920f7412b5da7be0cf42b8c93759' })
    expect((await db().user.findUniqueOrThrow({ where: { id: 5 } })).status).toBe('disabled')
    expect(await db().user.findUniqueOrThrow({ where: { id: 7 } })).toMatchObject({ phone: null })
    expect(await db().user.findUniqueOrThrow({ where: { id: 8 } })).toMatchObject({ passwordHash: null, phone: '13900000008' })
  })

  it("the old project's jwt works, is a session, refreshes into ours; deactivate ends it", async () => {
    const status = await call(hyperf.jwtStatus, jsonRequest('/login/jwt/status', { jwt }))
    expect(status.body).toMatchObject({ code: 200, data: { uid: 1, jwt_data: { uid: 1, rid: ['1', '3', '4'] } } })
    const [session] = await listUserSessions(1)
    expect(session).toMatchObject({ client: 'hyperf', revokedAt: null })
    const refreshed = await call(hyperf.refreshJwt, jsonRequest('/login/jwt/refresh', { refresh_jwt: refreshJwt }))
    expect(refreshed.body).toMatchObject({ code: 200, status: true })
    const ours = refreshed.body.data as string
    const claims = JSON.parse(Buffer.from(ours.split('.')[1], 'base64url').toString())
    expect(claims).toMatchObject({ sid: session.id, data: JSON.stringify({ uid: 1, rid: ['1', '3', '4'] }) })
    // The old access jwt was the session's current one; the refresh replaced it.
    expect((await call(hyperf.jwtStatus, jsonRequest('/login/jwt/status', { jwt }))).body.code).not.toBe(200)
    expect((await call(hyperf.jwtStatus, jsonRequest('/login/jwt/status', { jwt: ours }))).body.code).toBe(200)
    expect((await call(hyperf.deactivateJwt, jsonRequest('/login/jwt/deactivate', { jwt: ours }))).body.code).toBe(200)
    expect((await call(hyperf.refreshJwt, jsonRequest('/login/jwt/refresh', { refresh_jwt: refreshJwt }))).body.code).not.toBe(200)
    // A token signed with another key is not accepted.
    const forged = phpJwt({ typ: 'JWT', cty: '', kid: null, alg: 'HS256' }, { sub: 'accredit', aud: 'pc', iat: now, exp: now + 60, data: '{}' }, 'another-key')
    expect((await call(hyperf.jwtStatus, jsonRequest('/login/jwt/status', { jwt: forged }))).body.code).not.toBe(200)
  })

  it('md5 users sign in through Hyperf, RageFrame and the browser; the hash is argon2id after the first', async () => {
    expect((await hyperfLogin('Jerry', 'Jerry_pass1')).body).toMatchObject({ code: 200, status: true })
    expect(isOurs(await storedHash(1))).toBe(true)
    expect((await rfLogin('Jerry', 'Jerry_pass1')).body.message).toBe('OK')
    await expect(browser('Jerry', 'Jerry_pass1')).resolves.toMatchObject({ sessionId: expect.any(String) })
    // The published sample row: md5("1234567"), first through another dialect.
    expect((await rfLogin('Foo', '1234567')).body.message).toBe('OK')
    expect(isOurs(await storedHash(2))).toBe(true)
    expect((await hyperfLogin('Foo', '1234567')).body.code).toBe(200)
    expect((await hyperfLogin('Foo', '7654321')).body.code).not.toBe(200)
    // Disabled stays disabled (told only to the one who knows the password).
    expect((await hyperfLogin('banned_h', 'Ban_pass1')).body.code).not.toBe(200)
    expect(await storedHash(5)).toBe(md5Hex('Ban_pass1'))
  })

  it('a second run changes nothing', async () => {
    const before = await db().user.findMany({ orderBy: { id: 'asc' } })
    const s = await importFrom('hyperf')
    expect({ ...s.counts, sessions: s.sessions }).toEqual({ created: 0, updated: 0, merged: 0, unchanged: 5, skipped: 1, sessions: 0 })
    expect(await db().user.findMany({ orderBy: { id: 'asc' } })).toEqual(before)
  })
})

describe('RageFrame 2.1 (rf_member_info, rf_api_access_token; Yii2 bcrypt cost 13)', () => {
  const tok = (s: string) => `${s.padEnd(32, 'x')}_${now - 600}`
  it('imports members and their live token pairs; the app keeps working and rotates into ours', async () => {
    const [h1, h2] = phpBcrypt(['Rf_pass_one1', 'Rf_pass_two2'], 13)
    await maria.exec(
      'rageframe',
      `INSERT INTO rf_member_info (id, username, password_hash, email, mobile_phone, type, status, created_at, updated_at, last_time) VALUES
       (201, 'rfuser1', ?, 'rf1@example.com', '13700000201', 1, 1, ?, ?, ?),
       (202, 'rfadmin', ?, 'RF1@example.com', '13700000202', 10, 1, ?, ?, 0),
       (203, 'rfoff', ?, '', '', 1, 0, ?, ?, 0),
       (204, 'rfdeleted', ?, 'bad-email', '13700000204', 1, -1, ?, ?, 0)`,
      [h1, now - 9000, now - 9000, now - 700, h2, now - 9000, now - 9000, h2, now - 9000, now - 9000, h2, now - 9000, now - 9000],
    )
    await maria.exec(
      'rageframe',
      `INSERT INTO rf_api_access_token (refresh_token, access_token, member_id, \`group\`, status, created_at, updated_at) VALUES
       (?, ?, 201, 'app', 1, ?, ?), (?, ?, 201, 'app', 0, ?, ?), (?, ?, 201, 'app', 1, ?, ?)`,
      [
        tok('refreshA'),
        tok('accessA'),
        now - 600,
        now - 600,
        tok('refreshB'),
        tok('accessB'),
        now - 600,
        now - 600,
        `${'refreshOld'.padEnd(32, 'x')}_${now - 40 * 86400}`,
        `${'accessOld'.padEnd(32, 'x')}_${now - 40 * 86400}`,
        now - 40 * 86400,
        now - 40 * 86400,
      ],
    )
    const s = await importFrom('rageframe')
    expect({ read: s.read, ...s.counts, sessions: s.sessions }).toEqual({ read: 4, created: 4, updated: 0, merged: 0, unchanged: 0, skipped: 0, sessions: 1 })
    expect(s.lines).toEqual(
      expect.arrayContaining([
        { system: 'rageframe', legacyId: '202', outcome: 'field_dropped', field: 'email', reason: 'email_duplicate' },
        { system: 'rageframe', legacyId: '204', outcome: 'field_dropped', field: 'email', reason: 'email_invalid' },
      ]),
    )
    expect(await db().user.findUniqueOrThrow({ where: { id: 203 } })).toMatchObject({ status: 'disabled', email: null, phone: null })
    expect((await db().user.findUniqueOrThrow({ where: { id: 204 } })).status).toBe('disabled')
    const admin = await db().userRole.findMany({ where: { userId: 202 }, include: { role: true } })
    expect(admin.map((r) => r.role.name).sort()).toEqual(['ADMIN', 'USER'])

    const info = await call(rageframe.memberInfo, getRequest('/v1/member/info', { authorization: `Bearer ${tok('accessA')}` }))
    expect(info.body).toMatchObject({ code: 200, data: { id: 201 } })
    expect((await call(rageframe.memberInfo, getRequest('/v1/member/info', { authorization: `Bearer ${tok('accessB')}` }))).body.code).toBe(401)
    expect((await listUserSessions(201)).map((x) => x.client)).toEqual(['rageframe'])
    const r = await call(rageframe.refresh, jsonRequest('/v1/site/refresh', { refresh_token: tok('refreshA'), group: 'app' }))
    expect(r.body.code).toBe(200)
    expect(r.body.data.access_token).not.toBe(tok('accessA'))
    expect((await call(rageframe.memberInfo, getRequest('/v1/member/info', { authorization: `Bearer ${r.body.data.access_token}` }))).body.code).toBe(200)
  })

  it('bcrypt $2y$13$ members sign in through RageFrame, ThinkSNS+ and the browser; argon2id after', async () => {
    expect((await rfLogin('rfuser1', 'Rf_pass_one1')).body.message).toBe('OK')
    expect(isOurs(await storedHash(201))).toBe(true)
    expect((await tsLogin('rfuser1', 'Rf_pass_one1')).status).toBe(200)
    await expect(browser('rfadmin', 'Rf_pass_two2')).resolves.toMatchObject({ sessionId: expect.any(String) })
    expect(isOurs(await storedHash(202))).toBe(true)
    expect((await rfLogin('rfadmin', 'Rf_pass_two2')).body.message).toBe('OK')
    expect((await rfLogin('rfoff', 'Rf_pass_two2')).body.message).not.toBe('OK')
  })

  it('a second run changes nothing; the 2.3 generation (rf_member, mobile) reads too', async () => {
    const s = await importFrom('rageframe')
    expect({ ...s.counts, sessions: s.sessions }).toEqual({ created: 0, updated: 0, merged: 0, unchanged: 4, skipped: 0, sessions: 0 })
    const [h] = phpBcrypt(['Rf23_pass1'], 13)
    await maria.exec(
      'rageframe23',
      `INSERT INTO rf_member (id, merchant_id, username, password_hash, mobile, email, status, created_at, updated_at) VALUES (301, 0, 'rf23user', ?, '13700000301', '', 1, ?, ?)`,
      [h, now, now],
    )
    const t = await importFrom('rageframe23', { rageframeTable: 'member' })
    expect(t.counts).toMatchObject({ created: 1, skipped: 0 })
    expect(await db().user.findUniqueOrThrow({ where: { id: 301 } })).toMatchObject({ name: 'rf23user', phone: '13700000301' })
    expect((await rfLogin('13700000301', 'Rf23_pass1')).body.message).toBe('OK')
  })
})

describe('ThinkSNS+ into a database that has users (bcrypt $2y$10$; stateless JWTs)', () => {
  const tsJwt = (sub: number, extra: Record<string, unknown> = {}) =>
    phpJwt(
      { typ: 'JWT', alg: 'HS256' },
      {
        iss: 'http://localhost:3000/api/v2/auth/login',
        iat: now - 60,
        exp: now + 3600,
        nbf: now - 60,
        jti: `j${sub}abcdefghijklmn`.slice(0, 16),
        sub,
        prv: PRV,
        ...extra,
      },
      THINKSNS_SECRET,
    )

  // Foo (Hyperf 2, user 2) signed in through ThinkSNS+ before ThinkSNS+'s own users came: its token says sub 2.
  let fooToken = ''

  it('keeps free ids, maps taken ones, merges the same proved phone, reports conflicts', async () => {
    const before = await tsLogin('Foo', '1234567')
    expect(claimsOf(before.body.access_token).sub).toBe(2)
    fooToken = before.body.access_token
    const [a, b, c, d] = phpBcrypt(['Ts_pass_aa1', 'Ts_pass_bb2', 'Ts_pass_cc3', 'Ts_pass_dd4'], 10)
    await maria.exec(
      'thinksns',
      `INSERT INTO roles (id, name) VALUES (1, 'founder'), (2, 'member');
       INSERT INTO users (id, name, email, phone, password, created_at, updated_at, deleted_at) VALUES
       (101, 'ts_alice', 'alice@example.com', '13600000101', ?, '2024-01-01 00:00:00', '2024-01-02 00:00:00', NULL),
       (2, 'ts_bob', 'bob@example.com', '13600000002', ?, '2024-01-01 00:00:00', '2024-01-01 00:00:00', NULL),
       (103, 'jerry_ts', 'jerry@example.com', '15361158702', ?, '2024-01-01 00:00:00', '2024-01-01 00:00:00', NULL),
       (104, 'ts_gone', NULL, '13600000104', ?, '2024-01-01 00:00:00', '2024-01-01 00:00:00', '2024-06-01 00:00:00'),
       (105, 'ts_clash', 'rf1@example.com', '13939265073', ?, NULL, NULL, NULL);
       INSERT INTO role_user (user_id, role_id) VALUES (101, 1), (101, 2), (2, 2);`,
      [a, b, c, d, d],
    )
    const s = await importFrom('thinksns')
    expect({ read: s.read, ...s.counts }).toEqual({ read: 5, created: 3, updated: 0, merged: 1, unchanged: 0, skipped: 1 })
    expect(s.skipped).toEqual({ contact_conflict: 1 })
    expect(s.lines).toEqual(
      expect.arrayContaining([
        { system: 'thinksns', legacyId: '103', outcome: 'merged', reason: 'same_proved_phone', userId: 1 },
        { system: 'thinksns', legacyId: '2', outcome: 'id_changed', reason: 'id_taken' },
        { system: 'thinksns', legacyId: '105', outcome: 'skipped', reason: 'contact_conflict' },
        // ThinkSNS+ id 2 is bob's now: Foo, our user 2, gets a ThinkSNS+ id of its own.
        { system: 'thinksns', legacyId: '2', outcome: 'id_shadowed', reason: 'id_mapped_to_another', userId: 2, newId: expect.stringMatching(/^\d+$/) },
      ]),
    )
    expect(s.shadowed).toBe(1)
    expect(await db().user.findUniqueOrThrow({ where: { id: 101 } })).toMatchObject({ name: 'ts_alice', email: 'alice@example.com' })
    const bob = await db().legacyAccount.findUniqueOrThrow({ where: { system_legacyId: { system: 'thinksns', legacyId: '2' } } })
    expect(bob.userId).not.toBe(2)
    // Jerry (Hyperf 1) and jerry_ts (ThinkSNS+ 103) are one user now; Jerry's email came along.
    expect((await db().legacyAccount.findMany({ where: { userId: 1 } })).map((m) => `${m.system}:${m.legacyId}`).sort()).toEqual(['hyperf:1', 'thinksns:103'])
    expect(await db().user.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ email: 'jerry@example.com' })
    expect((await db().user.findUniqueOrThrow({ where: { id: 104 } })).status).toBe('disabled')
    const roles = await db().userRole.findMany({ where: { userId: 101 }, include: { role: true } })
    expect(roles.map((r) => r.role.name).sort()).toEqual(['ADMIN', 'USER', 'thinksns:member'])

    expect((await tsLogin('ts_alice', 'Ts_pass_aa1')).status).toBe(200)
    expect(isOurs(await storedHash(101))).toBe(true)
    expect((await flaskLogin('ts_alice', 'Ts_pass_aa1')).body.msg).toBe('登录成功')
    await expect(browser('bob@example.com', 'Ts_pass_bb2')).resolves.toMatchObject({ sessionId: expect.any(String) })
    expect(isOurs(await storedHash(bob.userId))).toBe(true)
    expect((await tsLogin('ts_bob', 'Ts_pass_bb2')).status).toBe(200)
    expect((await tsLogin('ts_gone', 'Ts_pass_dd4')).status).not.toBe(200)
    // Jerry's own password (Hyperf's, now argon2id) is kept: the merge never replaces one.
    expect((await tsLogin('jerry@example.com', 'Jerry_pass1')).status).toBe(200)
  })

  it('a token the old ThinkSNS+ signed works until LEGACY_TOKENS_UNTIL, as a session; refresh gives ours', async () => {
    const old = tsJwt(101)
    const me = await call(thinksns.currentUser, getRequest('/api/v2/user', { authorization: `Bearer ${old}` }))
    expect(me.status).toBe(200)
    expect(me.body.id).toBe(101)
    const session = (await listUserSessions(101)).find((x) => x.id.startsWith('legacy_'))!
    expect(session.client).toBe('thinksns')
    // The mapped id: the old token of ThinkSNS+ user 2 is the user it was imported as.
    const bobId = (await db().legacyAccount.findUniqueOrThrow({ where: { system_legacyId: { system: 'thinksns', legacyId: '2' } } })).userId
    const asBob = await call(thinksns.currentUser, getRequest('/api/v2/user', { authorization: `Bearer ${tsJwt(2)}` }))
    expect(asBob.body).toMatchObject({ id: 2, name: 'ts_bob' })
    expect((await listUserSessions(bobId)).some((x) => x.id.startsWith('legacy_'))).toBe(true)
    const r = await call(thinksns.refresh, getRequest('/api/v2/auth/refresh', { authorization: `Bearer ${old}` }, 'POST'))
    expect(r.status).toBe(200)
    expect(JSON.parse(Buffer.from(r.body.access_token.split('.')[1], 'base64url').toString()).sid).toBe(session.id)
    expect((await call(thinksns.currentUser, getRequest('/api/v2/user', { authorization: `Bearer ${old}` }))).status).toBe(401)
    expect((await call(thinksns.currentUser, getRequest('/api/v2/user', { authorization: `Bearer ${r.body.access_token}` }))).status).toBe(200)
    // Signed out like any other session.
    const another = tsJwt(101, { jti: 'anotherjti123456' })
    expect((await call(thinksns.currentUser, getRequest('/api/v2/user', { authorization: `Bearer ${another}` }))).status).toBe(200)
    const s2 = (await listUserSessions(101)).find((x) => x.id.startsWith('legacy_') && x.id !== session.id)!
    await revokeSession(s2.id, 'user')
    expect((await call(thinksns.currentUser, getRequest('/api/v2/user', { authorization: `Bearer ${another}` }))).status).toBe(401)
    // After the date: refused as an expired token, and no session is made (one left: the refreshed one).
    settings({ LEGACY_TOKENS_UNTIL: new Date(Date.now() - 1000).toISOString() })
    try {
      const late = await call(thinksns.currentUser, getRequest('/api/v2/user', { authorization: `Bearer ${tsJwt(101, { jti: 'latejti123456789' })}` }))
      expect(late.status).toBe(401)
      // ThinkSNS+ answers every refused token so (its expired token too).
      expect(late.text).toBe('{"message":"Unauthenticated."}')
      expect((await listUserSessions(101)).filter((x) => x.id.startsWith('legacy_'))).toHaveLength(1)
    } finally {
      settings()
    }
    // Unset: never accepted.
    settings({ LEGACY_TOKENS_UNTIL: '' })
    try {
      expect(
        (await call(thinksns.currentUser, getRequest('/api/v2/user', { authorization: `Bearer ${tsJwt(101, { jti: 'unsetjti12345678' })}` }))).status,
      ).toBe(401)
    } finally {
      settings()
    }
  })

  it("ThinkSNS+ shows the ids its clients know: merged, renumbered and shadowed users, each id one person's", async () => {
    const bobId = (await db().legacyAccount.findUniqueOrThrow({ where: { system_legacyId: { system: 'thinksns', legacyId: '2' } } })).userId
    const fooTs = Number(await mappedId('thinksns', 2))
    expect(fooTs).toBeGreaterThan(bobId)
    const me = async (token: string) => (await call(thinksns.currentUser, getRequest('/api/v2/user', bearer(token)))).body
    // Jerry (Hyperf 1, merged with ThinkSNS+ 103): ThinkSNS+ 103, in the token and in every user object.
    const jerry = await tsLogin('Jerry', 'Jerry_pass1')
    expect(claimsOf(jerry.body.access_token).sub).toBe(103)
    expect(await me(jerry.body.access_token)).toMatchObject({ id: 103, name: 'Jerry', extra: { user_id: 103 } })
    // Bob (ThinkSNS+ 2, renumbered here): 2 again.
    const bob = await tsLogin('ts_bob', 'Ts_pass_bb2')
    expect(claimsOf(bob.body.access_token).sub).toBe(2)
    expect(await me(bob.body.access_token)).toMatchObject({ id: 2, name: 'ts_bob' })
    // Foo (our user 2, whose id ThinkSNS+ gives bob): its new ThinkSNS+ id, never 2.
    const foo = await tsLogin('Foo', '1234567')
    expect(claimsOf(foo.body.access_token).sub).toBe(fooTs)
    expect(await me(foo.body.access_token)).toMatchObject({ id: fooTs, name: 'Foo' })
    // Nobody is signed out: Foo's token from before the import (sub 2, its session) still works.
    expect(await me(fooToken)).toMatchObject({ id: fooTs, name: 'Foo' })
    // Refreshed tokens keep the ThinkSNS+ id.
    const r = await call(thinksns.refresh, getRequest('/api/v2/auth/refresh', bearer(jerry.body.access_token), 'POST'))
    expect(claimsOf(r.body.access_token).sub).toBe(103)
    // Ids taken back in: a profile by id, a sign-in by id, the legacy POST /tokens.
    const profile = async (id: number | string) => call(thinksns.showUser, getRequest(`/api/v2/users/${id}`))
    expect((await profile(103)).body).toMatchObject({ id: 103, name: 'Jerry' })
    expect((await profile(2)).body).toMatchObject({ id: 2, name: 'ts_bob' })
    expect((await profile(fooTs)).body).toMatchObject({ id: fooTs, name: 'Foo' })
    // Our own id of a user who shows another one there is no one's in ThinkSNS+.
    expect((await profile(1)).status).toBe(404)
    expect((await profile(bobId)).status).toBe(404)
    expect(claimsOf((await tsLogin('103', 'Jerry_pass1')).body.access_token).sub).toBe(103)
    const legacy = await call(thinksns.createLegacyToken, jsonRequest('/api/v2/tokens', { login: '2', password: 'Ts_pass_bb2' }))
    expect(legacy.status).toBe(201)
    expect(legacy.body.user).toMatchObject({ id: 2, name: 'ts_bob' })
    // Every ThinkSNS+ id is one person's: the users the map names and those it does not.
    await expectUniqueIds('thinksns')
    // Other dialects show their own ids; signing in through them still works.
    const h = await hyperfLogin('ts_bob', 'Ts_pass_bb2')
    expect(h.body.code).toBe(200)
    expect(JSON.parse(claimsOf(h.body.data.jwt).data).uid).toBe(bobId)
    expect((await hyperfLogin('Jerry', 'Jerry_pass1')).body.code).toBe(200)
    expect((await rfLogin('Foo', '1234567')).body.data.member.id).toBe(2)
  })
})

describe('Flask (users, roles, permissions; Werkzeug pbkdf2 and scrypt; stateless JWTs)', () => {
  const ids = [randomUUID(), randomUUID(), randomUUID()]
  it('imports users with their uuid, roles and permissions; passwords from Werkzeug verify; old tokens work', async () => {
    const [p1, p2, p3] = werkzeugHash([
      ['Fl_pass_one1', 'pbkdf2:sha256:260000'],
      ['Fl_pass_two2', 'scrypt'],
      ['Fl_pass_three3', 'pbkdf2:sha1:1000'],
    ])
    await maria.exec(
      'flask',
      `INSERT INTO roles (role_id, role_name, description) VALUES (1, 'ADMIN', '管理员'), (2, 'USER', '普通用户'), (3, 'auditor', '审计');
       INSERT INTO permissions (permission_id, permission_name, description) VALUES (1, 'test_permission', '测试权限'), (2, 'audit:export', '导出');
       INSERT INTO role_permissions VALUES (2, 1), (3, 2);
       INSERT INTO users (user_id, username, password, email, phone, status, created_at, updated_at) VALUES
       (?, 'licheng.zhou', ?, NULL, NULL, 1, '2025-04-08 13:14:30', '2025-04-08 13:14:30'),
       (?, 'fl_scrypt', ?, 'fl2@example.com', NULL, 1, NULL, NULL),
       (?, 'fl_off', ?, NULL, NULL, 0, NULL, NULL);
       INSERT INTO user_roles VALUES (?, 2), (?, 3), (?, 1);`,
      [ids[0], p1, ids[1], p2, ids[2], p3, ids[0], ids[0], ids[1]],
    )
    const s = await importFrom('flask')
    expect({ read: s.read, ...s.counts }).toEqual({ read: 3, created: 3, updated: 0, merged: 0, unchanged: 0, skipped: 0 })
    const u = await db().user.findUniqueOrThrow({ where: { uuid: ids[0] } })
    expect(u.name).toBe('licheng.zhou')
    const login = await flaskLogin('licheng.zhou', 'Fl_pass_one1')
    expect(login.body.msg).toBe('登录成功')
    expect(login.body.data.payload.user.user_id).toBe(ids[0])
    expect(login.body.data.payload.role.map((r: { role_name: string }) => r.role_name).sort()).toEqual(['USER', 'auditor'])
    expect(login.body.data.payload.permissions.map((p: { permission_name: string }) => p.permission_name)).toEqual(
      expect.arrayContaining(['audit:export', 'test_permission']),
    )
    expect(isOurs(await storedHash(u.id))).toBe(true)
    expect((await hyperfLogin('licheng.zhou', 'Fl_pass_one1')).body.code).toBe(200)
    const scrypt = await db().user.findUniqueOrThrow({ where: { uuid: ids[1] } })
    await expect(browser('fl_scrypt', 'Fl_pass_two2')).resolves.toMatchObject({ sessionId: expect.any(String) })
    expect(isOurs(await storedHash(scrypt.id))).toBe(true)
    expect((await flaskLogin('fl_scrypt', 'Fl_pass_two2')).body.msg).toBe('登录成功')
    expect((await flaskLogin('fl_off', 'Fl_pass_three3')).body.msg).not.toBe('登录成功')

    // A refresh token flask-jwt-extended signed with the old secret.
    const refreshToken = pyJwt(
      { fresh: false, iat: now - 60, jti: randomUUID(), type: 'refresh', sub: ids[0], nbf: now - 60, csrf: randomUUID(), exp: now + 30 * 86400 },
      FLASK_SECRET,
    )
    const refresh = () => call(flask.refresh, jsonRequest('/api/auth/refresh', '', { headers: { authorization: `Bearer ${refreshToken}` } }))
    const r = await refresh()
    expect(r.body.msg).toBe('刷新令牌成功')
    const sid = JSON.parse(Buffer.from(r.body.data.access_token.split('.')[1], 'base64url').toString()).sid
    expect((await listUserSessions(u.id)).find((x) => x.id === sid)).toMatchObject({ client: 'flask' })
    await revokeSession(sid, 'user')
    expect((await refresh()).text).toBe('{"msg":"Token has been revoked"}')
    // Past LEGACY_TOKENS_UNTIL, an old token that was never used is refused as expired.
    const unused = pyJwt(
      { fresh: false, iat: now - 60, jti: randomUUID(), type: 'refresh', sub: ids[1], nbf: now - 60, csrf: randomUUID(), exp: now + 86400 },
      FLASK_SECRET,
    )
    settings({ LEGACY_TOKENS_UNTIL: '2020-01-01' })
    try {
      const late = await call(flask.refresh, jsonRequest('/api/auth/refresh', '', { headers: { authorization: `Bearer ${unused}` } }))
      expect([late.status, late.text]).toEqual([401, '{"msg":"Token has expired"}'])
    } finally {
      settings()
    }

    const again = await importFrom('flask')
    expect(again.counts).toEqual({ created: 0, updated: 0, merged: 0, unchanged: 3, skipped: 0 })
    expect(config().LEGACY_TOKENS_UNTIL).toBeInstanceOf(Date)
  })
})

describe('Hyperf, RageFrame and Flask again, into a database that has their people: each dialect shows its own ids', () => {
  // Many sign-ins from one address in this file; the limit per address is not what is tested here.
  beforeAll(() => settings({ LOGIN_LIMIT_PER_MINUTE: '1000' }))
  afterAll(() => settings())
  const userOf = async (system: string, legacyId: string) =>
    (await db().legacyAccount.findUniqueOrThrow({ where: { system_legacyId: { system, legacyId } } })).userId
  const bobId = () => userOf('thinksns', '2')

  it('Hyperf: a merged user shows its Hyperf uid, a renumbered one its old uid, the user it shadowed a new one', async () => {
    await maria.exec(
      'hyperf',
      `INSERT INTO users (id, account, password, phone, status, role_id, create_time, update_time) VALUES
       (9, 'h_bob', ?, '13600000002', 'active', '3', NULL, NULL),
       (101, 'h_taken', ?, '13900000101', 'active', '3', NULL, NULL)`,
      [md5Hex('H_bob_pass1'), md5Hex('H_taken_pass1')],
    )
    const s = await importFrom('hyperf')
    expect(s.counts).toEqual({ created: 1, updated: 0, merged: 1, unchanged: 5, skipped: 1 })
    const bob = await bobId()
    const taken = await userOf('hyperf', '101')
    expect(taken).not.toBe(101)
    expect(s.lines).toEqual(
      expect.arrayContaining([
        { system: 'hyperf', legacyId: '9', outcome: 'merged', reason: 'same_proved_phone', userId: bob },
        { system: 'hyperf', legacyId: '101', outcome: 'id_changed', reason: 'id_taken' },
        { system: 'hyperf', legacyId: '101', outcome: 'id_shadowed', reason: 'id_mapped_to_another', userId: 101, newId: expect.stringMatching(/^\d+$/) },
      ]),
    )
    expect(s.shadowed).toBe(1)
    const aliceUid = Number(await mappedId('hyperf', 101))
    const uidOf = (jwt: string) => JSON.parse(claimsOf(jwt).data).uid
    const status = async (jwt: string) => (await call(hyperf.jwtStatus, jsonRequest('/login/jwt/status', { jwt }))).body.data

    // Bob (ThinkSNS+ 2, merged with Hyperf 9) keeps his password here; Hyperf knows him as 9.
    const b = await hyperfLogin('ts_bob', 'Ts_pass_bb2')
    expect(uidOf(b.body.data.jwt)).toBe(9)
    expect(uidOf(b.body.data.refresh_jwt)).toBe(9)
    expect(await status(b.body.data.jwt)).toMatchObject({ uid: 9, jwt_data: { uid: 9 } })
    const refreshed = await call(hyperf.refreshJwt, jsonRequest('/login/jwt/refresh', { refresh_jwt: b.body.data.refresh_jwt }))
    expect(uidOf(refreshed.body.data)).toBe(9)
    expect(await status(refreshed.body.data)).toMatchObject({ uid: 9 })
    // h_taken (Hyperf 101, renumbered here) is 101 to Hyperf; ts_alice, our user 101, is not.
    const t = await hyperfLogin('h_taken', 'H_taken_pass1')
    expect(await status(t.body.data.jwt)).toMatchObject({ uid: 101 })
    const a = await hyperfLogin('ts_alice', 'Ts_pass_aa1')
    expect(aliceUid).not.toBe(101)
    expect(await status(a.body.data.jwt)).toMatchObject({ uid: aliceUid })
    await expectUniqueIds('hyperf')
    // Through other dialects they sign in as before, each showing its own id.
    const ts = await tsLogin('h_taken', 'H_taken_pass1')
    expect(claimsOf(ts.body.access_token).sub).toBe(taken)
    expect((await call(thinksns.currentUser, getRequest('/api/v2/user', bearer((await tsLogin('ts_bob', 'Ts_pass_bb2')).body.access_token)))).body.id).toBe(2)
    expect((await rfLogin('h_taken', 'H_taken_pass1')).body.data.member.id).toBe(taken)
    // Again: nothing changes, nobody is shadowed twice.
    const again = await importFrom('hyperf')
    expect({ created: again.counts.created, updated: again.counts.updated, merged: again.counts.merged, shadowed: again.shadowed }).toEqual({
      created: 0,
      updated: 0,
      merged: 0,
      shadowed: 0,
    })
    expect(await mappedId('hyperf', 101)).toBe(String(aliceUid))
    // The merged user is still ThinkSNS+'s ts_bob: a re-run of Hyperf does not rename them h_bob (decision 0012).
    expect((await tsLogin('ts_bob', 'Ts_pass_bb2')).status).toBe(200)
  })

  it('RageFrame: member.id is the RageFrame id for a merged member (its old token too) and a renumbered one', async () => {
    const [h] = phpBcrypt(['Rf_five_pass1'], 10)
    const tok = (x: string) => `${x.padEnd(32, 'y')}_${now - 300}`
    await maria.exec(
      'rageframe',
      `INSERT INTO rf_member_info (id, username, password_hash, email, mobile_phone, type, status, created_at, updated_at, last_time) VALUES
       (205, 'rf_alice', ?, '', '13600000101', 1, 1, ?, ?, 0),
       (5, 'rf_five', ?, '', '13700000005', 1, 1, ?, ?, 0);
       INSERT INTO rf_api_access_token (refresh_token, access_token, member_id, \`group\`, status, created_at, updated_at) VALUES (?, ?, 205, 'app', 1, ?, ?)`,
      [h, now - 900, now - 900, h, now - 900, now - 900, tok('refreshAl'), tok('accessAl'), now - 300, now - 300],
    )
    const s = await importFrom('rageframe')
    expect({ ...s.counts, sessions: s.sessions, shadowed: s.shadowed }).toEqual({
      created: 1,
      updated: 0,
      merged: 1,
      unchanged: 4,
      skipped: 0,
      sessions: 1,
      shadowed: 1,
    })
    expect(s.lines).toEqual(
      expect.arrayContaining([
        { system: 'rageframe', legacyId: '205', outcome: 'merged', reason: 'same_proved_phone', userId: 101 },
        { system: 'rageframe', legacyId: '5', outcome: 'id_changed', reason: 'id_taken' },
        { system: 'rageframe', legacyId: '5', outcome: 'id_shadowed', reason: 'id_mapped_to_another', userId: 5, newId: expect.stringMatching(/^\d+$/) },
      ]),
    )
    const five = await userOf('rageframe', '5')
    const info = async (token: string) => (await call(rageframe.memberInfo, getRequest('/v1/member/info', bearer(token)))).body
    // The app's saved token of RageFrame member 205 (now our user 101) still shows 205.
    expect(await info(tok('accessAl'))).toMatchObject({ code: 200, data: { id: 205 } })
    const alice = await rfLogin('ts_alice', 'Ts_pass_aa1')
    expect(alice.body.data.member).toMatchObject({ id: 205 })
    expect(await info(alice.body.data.access_token)).toMatchObject({ data: { id: 205 } })
    const r = await call(rageframe.refresh, jsonRequest('/v1/site/refresh', { refresh_token: alice.body.data.refresh_token, group: 'app' }))
    expect(r.body.data.member).toMatchObject({ id: 205 })
    const f = await rfLogin('rf_five', 'Rf_five_pass1')
    expect(f.body.data.member).toMatchObject({ id: 5, username: 'rf_five' })
    expect(Number(await mappedId('rageframe', 5))).not.toBe(5)
    await expectUniqueIds('rageframe')
    // Elsewhere: Alice is 101 to ThinkSNS+, rf_five its id here.
    expect(claimsOf((await tsLogin('ts_alice', 'Ts_pass_aa1')).body.access_token).sub).toBe(101)
    expect(claimsOf((await tsLogin('rf_five', 'Rf_five_pass1')).body.access_token).sub).toBe(five)
  })

  it('Flask: user_id and sub are the Flask uuid of a merged user, and a user whose uuid was given away gets a new one', async () => {
    const merged = randomUUID()
    const foo = await db().user.findUniqueOrThrow({ where: { id: 2 } })
    const [p] = werkzeugHash([['Fl_shadow_pass1', 'pbkdf2:sha256:1000']])
    const dir = mkdtempSync(path.join(os.tmpdir(), 'identity-import-flask-'))
    const file = path.join(dir, 'users.jsonl')
    // Jerry's proved email (one person with a Flask account); a Flask account whose user_id is Foo's uuid here.
    writeFileSync(
      file,
      [
        { id: merged, uuid: merged, name: 'fl_jerry', email: 'jerry@example.com', email_verified: true },
        { id: foo.uuid, name: 'fl_shadow', password: { algorithm: 'werkzeug', hash: p } },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n') + '\n',
    )
    const s = await runImport({ system: 'flask', file, reportFile: path.join(dir, 'report.jsonl') })
    expect({ ...s.counts, shadowed: s.shadowed }).toEqual({ created: 1, updated: 0, merged: 1, unchanged: 0, skipped: 0, shadowed: 1 })
    const lines = readFileSync(path.join(dir, 'report.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
    expect(lines).toEqual(
      expect.arrayContaining([
        { system: 'flask', legacyId: merged, outcome: 'merged', reason: 'same_proved_email', userId: 1 },
        { system: 'flask', legacyId: foo.uuid, outcome: 'id_shadowed', reason: 'id_mapped_to_another', userId: 2, newId: expect.any(String) },
      ]),
    )
    const j = await flaskLogin('Jerry', 'Jerry_pass1')
    expect(j.body.data.payload.user).toMatchObject({ user_id: merged, username: 'Jerry' })
    expect(claimsOf(j.body.data.access_token).sub).toBe(merged)
    expect(claimsOf(j.body.data.refresh_token).sub).toBe(merged)
    const r = await call(flask.refresh, jsonRequest('/api/auth/refresh', '', { headers: bearer(j.body.data.refresh_token) }))
    expect(r.body.msg).toBe('刷新令牌成功')
    expect(claimsOf(r.body.data.access_token).sub).toBe(merged)
    // fl_shadow is Foo's old uuid to Flask; Foo has a new one there.
    const sh = await flaskLogin('fl_shadow', 'Fl_shadow_pass1')
    expect(sh.body.data.payload.user.user_id).toBe(foo.uuid)
    const f = await flaskLogin('Foo', '1234567')
    const fooFlask = await mappedId('flask', 2)
    expect(fooFlask).not.toBe(foo.uuid)
    expect(f.body.data.payload.user.user_id).toBe(fooFlask)
    expect(claimsOf(f.body.data.access_token).sub).toBe(fooFlask)
    await expectUniqueIds('flask')
    // Jerry through the other dialects: ThinkSNS+ 103, Hyperf 1.
    expect(claimsOf((await tsLogin('Jerry', 'Jerry_pass1')).body.access_token).sub).toBe(103)
    expect(JSON.parse(claimsOf((await hyperfLogin('Jerry', 'Jerry_pass1')).body.data.jwt).data).uid).toBe(1)
  })

  it('new users get ids above every mapped id', async () => {
    const mapped = await db().legacyAccount.findMany({ select: { legacyId: true } })
    const highest = Math.max(...mapped.map((m) => Number(m.legacyId)).filter(Number.isInteger))
    const user = await db().user.create({ data: { uuid: randomUUID(), name: 'after_import', nameKey: 'after_import', status: 'active' } })
    expect(user.id).toBeGreaterThan(highest)
    await expectUniqueIds('thinksns')
    await expectUniqueIds('hyperf')
    await expectUniqueIds('rageframe')
  })
})
