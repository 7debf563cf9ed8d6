import { describe, expect, it } from 'vitest'
import { makeUser, phone } from '../../test/factories'
import { db } from '../db'
import { kindOf } from '../../test/errors'
import { createSession, getLiveSession } from './sessions'
import { assignRole, rolesOf, ROLE_ADMIN } from './roles'
import { authenticateWithPassword, changePassword, createUser, findUserByLogin, resetPassword } from './users'
import { deleteUserAccount, deletedName, updateUserProfile } from './user-admin'
import { providerFor } from '../providers'

describe('deleteUserAccount (the account-deletion policy)', () => {
  it('anonymises the personal fields, disables the account, ends its sessions and keeps its audit rows', async () => {
    const p = phone()
    const { user, name } = await makeUser({ email: `del_${p}@example.com`, phone: p, wechatOpenid: `wx_${p}` })
    await assignRole(user.id, ROLE_ADMIN)
    const session = await createSession({ userId: user.id, client: 'browser', ttlSeconds: 3600 })
    const before = await db().auditEvent.count({ where: { userId: user.id } })
    expect(before).toBeGreaterThan(0)

    expect(await deleteUserAccount(user.id, { actorId: 1 })).toEqual({ sessionsEnded: 1 })
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } })
    expect(row).toMatchObject({
      name: deletedName(user.id),
      nameKey: `deleted-${user.id}`,
      phone: null,
      email: null,
      passwordHash: null,
      wechatOpenid: null,
      status: 'disabled',
      phoneVerifiedAt: null,
      emailVerifiedAt: null,
    })
    expect(await rolesOf(user.id)).toEqual([])
    expect(await getLiveSession(session.id)).toBeNull()
    // The audit rows stay (and one more says who deleted it).
    expect(await db().auditEvent.count({ where: { userId: user.id } })).toBeGreaterThan(before)
    expect(await db().auditEvent.findFirst({ where: { userId: user.id, kind: 'user.deleted' } })).toMatchObject({ actorId: 1 })
    // Nothing signs in as them; their name, phone and email are free for someone new.
    expect(await findUserByLogin(name)).toBeNull()
    expect(await findUserByLogin(p)).toBeNull()
    const again = await createUser({ name, phone: p, email: `del_${p}@example.com`, password: 'secret_123' })
    expect(again.id).not.toBe(user.id)
    // Twice is once.
    expect(await deleteUserAccount(user.id)).toEqual({ sessionsEnded: 0 })
  })
})

describe('updateUserProfile', () => {
  it('changes name, phone and email under the sign-up rules; a new contact is unproved', async () => {
    const p = phone()
    const { user } = await makeUser({ phone: p })
    const other = await makeUser({ phone: phone(), email: `taken_${p}@example.com` })
    expect(await kindOf(updateUserProfile(user.id, { name: other.name }))).toBe('name_taken')
    expect(await kindOf(updateUserProfile(user.id, { phone: other.user.phone }))).toBe('phone_taken')
    expect(await kindOf(updateUserProfile(user.id, { email: `TAKEN_${p}@example.com` }))).toBe('email_taken')
    expect(await kindOf(updateUserProfile(user.id, { phone: '123' }))).toBe('invalid_input')

    const p2 = phone()
    const r = await updateUserProfile(user.id, { name: `Renamed_${p.slice(-6)}`, phone: `+86 ${p2}`, email: `New_${p}@Example.com` }, { actorId: 1 })
    expect(r.changed).toEqual(['name', 'phone', 'email'])
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } })
    expect(row).toMatchObject({ name: `Renamed_${p.slice(-6)}`, phone: p2, email: `new_${p}@example.com`, phoneVerifiedAt: null, emailVerifiedAt: null })
    expect(await db().auditEvent.findFirst({ where: { userId: user.id, kind: 'user.updated' }, orderBy: { id: 'desc' } })).toMatchObject({ actorId: 1 })
    // The same name in another case is not "taken" by the user themself; removing a contact works.
    await updateUserProfile(user.id, { name: `RENAMED_${p.slice(-6)}`, email: null })
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ name: `RENAMED_${p.slice(-6)}`, email: null })
    expect(await updateUserProfile(user.id, {})).toEqual({ changed: [] })
  })
})

describe('temporary passwords', () => {
  it('a temporary password signs in, is marked must-change, and changing it clears the mark', async () => {
    const { user } = await makeUser()
    await resetPassword(user.id, 'temporary_pass_1', { actorId: 1, temporary: true })
    const signedIn = await authenticateWithPassword(user.name, 'temporary_pass_1')
    expect(signedIn.passwordMustChange).toBe(true)
    await changePassword(user.id, 'temporary_pass_1', 'my_own_pass_2', { providers: providerFor })
    expect((await authenticateWithPassword(user.name, 'my_own_pass_2')).passwordMustChange).toBe(false)
    // A plain reset is not temporary.
    await resetPassword(user.id, 'plain_reset_3', { actorId: 1 })
    expect((await authenticateWithPassword(user.name, 'plain_reset_3')).passwordMustChange).toBe(false)
  })

  it('createUser with passwordMustChange (an admin creating an account with a temporary password)', async () => {
    const u = await createUser({ name: `temp_${phone().slice(-7)}`, password: 'temporary_pass_1', passwordMustChange: true })
    expect(u.passwordMustChange).toBe(true)
    const noPassword = await createUser({ name: `nopw_${phone().slice(-7)}`, passwordMustChange: true })
    expect(noPassword.passwordMustChange).toBe(false)
  })
})
