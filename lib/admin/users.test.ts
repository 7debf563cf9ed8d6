import { describe, expect, it, beforeAll } from 'vitest'
import { db } from '../db'
import { makeUser } from '../../test/factories'
import { createSession, getLiveSession } from '../core/sessions'
import { assignRole, ROLE_ADMIN } from '../core/roles'
import { authenticateWithPassword } from '../core/users'
import { isAdminError } from './errors'
import { adminAddRole, adminRemoveRole, adminResetPassword, adminSetUserStatus, getUserDetail, searchUsers, successor, userSearchWhere } from './users'
import { seedUsers } from './seed'

let adminId: number

beforeAll(async () => {
  const { user } = await makeUser({ name: 'boss_admin' })
  await assignRole(user.id, ROLE_ADMIN)
  adminId = user.id
})

describe('searchUsers', () => {
  it('finds users by name prefix, case-insensitively', async () => {
    const { user } = await makeUser({ name: 'Zhuge_Liang' })
    await makeUser({ name: 'zhuge_jin' })
    await makeUser({ name: 'xzhuge' })
    const r = await searchUsers({ q: 'ZHUGE_' })
    expect(r.rows.map((u) => u.name).sort()).toEqual(['Zhuge_Liang', 'zhuge_jin'])
    expect(r.total).toBe(2)
    expect(r.rows.find((u) => u.id === user.id)!.roles).toEqual(['USER'])
  })

  it('finds users by email prefix and by phone prefix, with or without +86', async () => {
    const { user } = await makeUser({ name: 'mail_user', email: 'Qiao.Mail@Example.com', phone: '13712345678' })
    expect((await searchUsers({ q: 'qiao.m' })).rows.map((u) => u.id)).toEqual([user.id])
    expect((await searchUsers({ q: 'QIAO.MAIL@EXAMPLE.COM' })).rows.map((u) => u.id)).toEqual([user.id])
    expect((await searchUsers({ q: '1371234' })).rows.map((u) => u.id)).toEqual([user.id])
    expect((await searchUsers({ q: '+86 137-1234-5678' })).rows.map((u) => u.id)).toEqual([user.id])
    expect((await searchUsers({ q: `#${user.id}` })).rows.map((u) => u.id)).toEqual([user.id])
  })

  it('finds users by any part: the phone’s last digits (手机尾号), an email domain, the middle of a name', async () => {
    const { user } = await makeUser({ name: 'Sima_Yi_Tail', email: 'sima.tail@Wei-Kingdom.example', phone: '13690274815' })
    const other = await makeUser({ name: 'other_tail_user', phone: '13648159999' })
    for (const q of ['74815', '0274815', '90274815', 'wei-kingdom.example', '@wei-king', 'yi_tail', 'MA_YI']) {
      expect(
        (await searchUsers({ q })).rows.map((u) => u.id),
        q,
      ).toEqual([user.id])
    }
    // Any part: the last four digits of one are the middle of the other's.
    expect((await searchUsers({ q: '4815' })).rows.map((u) => u.id)).toEqual([other.user.id, user.id])
    expect((await searchUsers({ q: 'zzz-no-such' })).total).toBe(0)
  })

  it('treats % and _ as ordinary characters, not wildcards', async () => {
    await makeUser({ name: 'a_b_c' })
    expect((await searchUsers({ q: '%' })).total).toBe(0)
    expect((await searchUsers({ q: 'a_b' })).rows.map((u) => u.name)).toEqual(['a_b_c'])
    expect((await searchUsers({ q: 'a%' })).total).toBe(0)
    expect((await searchUsers({ q: 'a\\' })).total).toBe(0)
  })

  it('paginates newest first, with a total', async () => {
    const ids: number[] = []
    for (let i = 0; i < 5; i++) ids.push((await makeUser({ name: `pager_${i}` })).user.id)
    const p1 = await searchUsers({ q: 'pager_', pageSize: 2 })
    const p3 = await searchUsers({ q: 'pager_', pageSize: 2, page: 3 })
    expect(p1).toMatchObject({ total: 5, pages: 3, page: 1, pageSize: 2 })
    expect(p1.rows.map((u) => u.id)).toEqual([ids[4], ids[3]])
    expect(p3.rows.map((u) => u.id)).toEqual([ids[0]])
    expect((await searchUsers({ q: 'pager_', pageSize: 2, page: 9 })).rows).toEqual([])
  })

  it('successor() is the smallest string above every extension of the prefix', () => {
    expect(successor('abc')).toBe('abd')
    expect(successor('19')).toBe('1:')
    expect(successor('张')).toBe('\u5f21')
    expect(successor('a\u{10ffff}')).toBe('b')
  })
})

describe('seedUsers', () => {
  it('creates users with role USER, one shared password that signs in, found by the search', async () => {
    const before = await db().user.count()
    const { created, firstSeq } = await seedUsers({ count: 30, batchSize: 7, password: 'seed_pass_1' })
    expect(created).toBe(30)
    expect(await db().user.count()).toBe(before + 30)
    const seeded = await db().user.findMany({ where: { id: { gte: firstSeq } }, include: { roles: { include: { role: true } } } })
    expect(seeded).toHaveLength(30)
    expect(seeded.every((u) => u.roles.map((r) => r.role.name).join() === 'USER')).toBe(true)
    expect(new Set(seeded.map((u) => u.passwordHash)).size).toBe(1)
    const one = seeded[3]
    await expect(authenticateWithPassword(one.phone!, 'seed_pass_1')).resolves.toMatchObject({ id: one.id })
    expect((await searchUsers({ q: one.phone! })).rows.map((u) => u.id)).toEqual([one.id])
  })

  it('a broad prefix (most users match) pages the same as the index path would', async () => {
    await db().user.update({
      where: { id: (await db().user.findFirstOrThrow({ where: { phone: { startsWith: '19' } }, orderBy: { id: 'desc' } })).id },
      data: { status: 'disabled' },
    })
    for (const [q, status] of [
      ['1', undefined],
      ['19', undefined],
      ['19', 'active'],
      ['19', 'disabled'],
    ] as const) {
      const where = { ...userSearchWhere(q), ...(status ? { status } : {}) }
      const expected = (await db().user.findMany({ where, orderBy: { id: 'desc' }, select: { id: true } })).map((u) => u.id)
      expect(expected.length).toBeGreaterThan(status === 'disabled' ? 0 : 25)
      const got: number[] = []
      for (let page = 1; page <= Math.ceil(expected.length / 4) + 1; page++)
        got.push(...(await searchUsers({ q, status, page, pageSize: 4 })).rows.map((u) => u.id))
      expect(got).toEqual(expected)
    }
  })
})

describe('admin actions on a user', () => {
  it('disabling ends every session at once and is audited with the admin as actor', async () => {
    const { user } = await makeUser()
    const s1 = await createSession({ userId: user.id, client: 'flask', ttlSeconds: 3600 })
    const s2 = await createSession({ userId: user.id, client: 'hyperf', ttlSeconds: 3600 })
    await adminSetUserStatus(user.id, 'disabled', { actorId: adminId, ip: '10.0.0.1' })
    expect(await getLiveSession(s1.id)).toBeNull()
    expect(await getLiveSession(s2.id)).toBeNull()
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('disabled')
    const ev = await db().auditEvent.findFirstOrThrow({ where: { kind: 'user.disabled', userId: user.id } })
    expect(ev.actorId).toBe(adminId)
    const revoked = await db().auditEvent.findFirstOrThrow({ where: { kind: 'session.revoked', userId: user.id } })
    expect(revoked.actorId).toBe(adminId)
    await adminSetUserStatus(user.id, 'active', { actorId: adminId })
    expect((await db().auditEvent.findFirstOrThrow({ where: { kind: 'user.enabled', userId: user.id } })).actorId).toBe(adminId)
  })

  it('refuses to let an admin disable themselves or drop their own ADMIN role', async () => {
    await expect(adminSetUserStatus(adminId, 'disabled', { actorId: adminId })).rejects.toSatisfy((e) => isAdminError(e) && e.code === 'self')
    await expect(adminRemoveRole(adminId, 'ADMIN', { actorId: adminId })).rejects.toSatisfy((e) => isAdminError(e) && e.code === 'self')
  })

  it('resets the password (old one refused, sessions ended) with an audit row naming the admin', async () => {
    const { user, name } = await makeUser({ password: 'old_pass_1' })
    const s = await createSession({ userId: user.id, client: 'thinksns', ttlSeconds: 3600 })
    await adminResetPassword(user.id, 'new_pass_2', { actorId: adminId })
    await expect(authenticateWithPassword(name, 'old_pass_1')).rejects.toMatchObject({ kind: 'wrong_password' })
    await expect(authenticateWithPassword(name, 'new_pass_2')).resolves.toMatchObject({ id: user.id })
    expect(await getLiveSession(s.id)).toBeNull()
    expect((await db().auditEvent.findFirstOrThrow({ where: { kind: 'password.reset', userId: user.id } })).actorId).toBe(adminId)
  })

  it('adds and removes roles, audited', async () => {
    const { user } = await makeUser()
    await adminAddRole(user.id, 'ADMIN', { actorId: adminId })
    expect((await getUserDetail(user.id))!.roles.map((r) => r.name).sort()).toEqual(['ADMIN', 'USER'])
    await adminRemoveRole(user.id, 'ADMIN', { actorId: adminId })
    expect((await getUserDetail(user.id))!.roles.map((r) => r.name)).toEqual(['USER'])
    const evs = await db().auditEvent.findMany({ where: { userId: user.id, kind: { in: ['role.assigned', 'role.removed'] } }, orderBy: { id: 'asc' } })
    expect(evs.map((e) => [e.kind, e.actorId, e.detail])).toEqual([
      ['role.assigned', adminId, JSON.stringify({ role: 'ADMIN' })],
      ['role.removed', adminId, JSON.stringify({ role: 'ADMIN' })],
    ])
    await expect(adminAddRole(user.id, 'NO_SUCH_ROLE', { actorId: adminId })).rejects.toSatisfy((e) => isAdminError(e) && e.code === 'not_found')
    await expect(adminAddRole(999_999, 'USER', { actorId: adminId })).rejects.toSatisfy((e) => isAdminError(e) && e.code === 'not_found')
  })

  it('user detail has the profile without the hash, live sessions and recent audit', async () => {
    const { user } = await makeUser({ phone: '13811112222' })
    await createSession({ userId: user.id, client: 'browser', ttlSeconds: 3600 })
    const d = (await getUserDetail(user.id))!
    expect(d.user).toMatchObject({ id: user.id, phone: '13811112222', hasPassword: true })
    expect(d.user).not.toHaveProperty('passwordHash')
    expect(d.sessions.map((s) => s.client)).toEqual(['browser'])
    expect(d.audit.map((e) => e.kind)).toContain('user.registered')
    expect(await getUserDetail(999_999)).toBeNull()
  })
})
