// The provider's storage (lib/oidc/adapter.ts) on a real database (SQLite, or PostgreSQL with
// TEST_DATABASE=postgres): the lookups by uid, userCode and grantId, consumption and the refresh
// grace window, and the session link (a grant of an ended core session reads as absent, with its tokens).
import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { createSession, revokeSession } from '../core/sessions'
import { makeUser } from '../../test/factories'
import { cleanup } from '../core/cleanup'
import { linkGrantToSession, PrismaAdapter } from './adapter'

const grants = new PrismaAdapter('Grant')
const refresh = new PrismaAdapter('RefreshToken')
const access = new PrismaAdapter('AccessToken')
const sessions = new PrismaAdapter('Session')

describe('PrismaAdapter', () => {
  it('stores, finds by id and uid, expires, destroys', async () => {
    await sessions.upsert('s1', { uid: 'u1', accountId: 'a' }, 60)
    expect(await sessions.find('s1')).toMatchObject({ uid: 'u1', accountId: 'a' })
    expect(await sessions.findByUid('u1')).toMatchObject({ accountId: 'a' })
    await sessions.upsert('s1', { uid: 'u1', accountId: 'b' }, 60)
    expect(await sessions.find('s1')).toMatchObject({ accountId: 'b' })
    await sessions.upsert('s2', { uid: 'u2' }, 60)
    await db().oidcModel.update({ where: { kind_id: { kind: 'Session', id: 's2' } }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await sessions.find('s2')).toBeUndefined()
    await sessions.destroy('s1')
    expect(await sessions.find('s1')).toBeUndefined()
    // Another model with the same id is another row.
    await access.upsert('s1', { accountId: 'x' }, 60)
    expect(await sessions.find('s1')).toBeUndefined()
  })

  it('a consumed refresh token reads as spent only after the grace window; revokeByGrantId ends every token of the grant', async () => {
    await grants.upsert('g1', { accountId: 'a', clientId: 'c' }, 600)
    await refresh.upsert('r1', { grantId: 'g1' }, 600)
    await access.upsert('t1', { grantId: 'g1' }, 600)
    await refresh.consume('r1')
    // Inside REFRESH_GRACE_SECONDS (10 s by default): a parallel retry is not a reuse.
    expect((await refresh.find('r1'))?.consumed).toBeUndefined()
    const spentAt = new Date(Date.now() - 60_000)
    await db().oidcModel.update({ where: { kind_id: { kind: 'RefreshToken', id: 'r1' } }, data: { consumedAt: spentAt } })
    expect((await refresh.find('r1'))?.consumed).toBe(Math.floor(spentAt.getTime() / 1000))
    // A second consume keeps the first time.
    await refresh.consume('r1')
    expect((await db().oidcModel.findUnique({ where: { kind_id: { kind: 'RefreshToken', id: 'r1' } } }))?.consumedAt?.getTime()).toBe(spentAt.getTime())
    await refresh.revokeByGrantId('g1')
    expect(await refresh.find('r1')).toBeUndefined()
    expect(await access.find('t1')).toBeUndefined()
  })

  it('a grant of an ended core session, its tokens and the provider session read as absent', async () => {
    const { user } = await makeUser()
    const core = await createSession({ userId: user.id, client: 'browser', ttlSeconds: 3600 })
    await grants.upsert('g2', { accountId: user.uuid, clientId: 'c' }, 600)
    await linkGrantToSession('g2', core.id)
    await refresh.upsert('r2', { grantId: 'g2' }, 600)
    await sessions.upsert('os2', { accountId: user.uuid, authorizations: { c: { grantId: 'g2' } } }, 600)
    expect(await refresh.find('r2')).toBeDefined()
    expect(await sessions.find('os2')).toBeDefined()
    expect((await db().oidcModel.findUnique({ where: { kind_id: { kind: 'Session', id: 'os2' } } }))?.sessionId).toBe(core.id)

    await revokeSession(core.id, 'user')
    expect(await grants.find('g2')).toBeUndefined()
    expect(await refresh.find('r2')).toBeUndefined()
    expect(await sessions.find('os2')).toBeUndefined()
  })

  it('serves clients from OAuthClient', async () => {
    const clients = new PrismaAdapter('Client')
    await db().oAuthClient.create({ data: { id: 'svc_test', name: 'Old service', secretHash: 'h' } })
    expect(await clients.find('svc_test')).toMatchObject({ client_id: 'svc_test', grant_types: ['client_credentials'], client_secret: 'h' })
    expect(await clients.find('nobody')).toBeUndefined()
  })

  it('the clean-up deletes expired rows (past its margin) and keeps the others', async () => {
    await access.upsert('old', { accountId: 'a' }, 60)
    await access.upsert('live', { accountId: 'a' }, 600)
    await db().oidcModel.update({ where: { kind_id: { kind: 'AccessToken', id: 'old' } }, data: { expiresAt: new Date(Date.now() - 3 * 86400_000) } })
    const removed = await cleanup()
    expect(removed.oidcRows).toBeGreaterThanOrEqual(1)
    expect(await db().oidcModel.findUnique({ where: { kind_id: { kind: 'AccessToken', id: 'old' } } })).toBeNull()
    expect(await access.find('live')).toBeDefined()
  })
})
