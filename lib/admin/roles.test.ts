import { describe, expect, it, beforeAll } from 'vitest'
import { db } from '../db'
import { makeUser } from '../../test/factories'
import { assignRole, permissionsOf, rolesOf, ROLE_ADMIN } from '../core/roles'
import { isAdminError, type AdminErrorCode } from './errors'
import {
  createPermission,
  createRole,
  deletePermission,
  deleteRole,
  grantPermission,
  listPermissions,
  listRoles,
  revokePermission,
  setRolePermissions,
  updatePermission,
  updateRole,
} from './roles'

let actor: { actorId: number }
const refusedWith = (code: AdminErrorCode) => (e: unknown) => isAdminError(e) && e.code === code

beforeAll(async () => {
  const { user } = await makeUser()
  await assignRole(user.id, ROLE_ADMIN)
  actor = { actorId: user.id }
})

async function lastAdminAction() {
  const ev = await db().auditEvent.findFirstOrThrow({ where: { kind: 'admin.action' }, orderBy: { id: 'desc' } })
  return { actorId: ev.actorId, detail: JSON.parse(ev.detail!) }
}

describe('roles', () => {
  it('creates and renames a role; a taken name is refused', async () => {
    const role = await createRole({ name: 'EDITOR', description: 'edits' }, actor)
    expect(await lastAdminAction()).toEqual({ actorId: actor.actorId, detail: { action: 'role.create', roleId: role.id, name: 'EDITOR' } })
    await updateRole(role.id, { name: 'WRITER' }, actor)
    expect((await listRoles()).find((r) => r.id === role.id)).toMatchObject({ name: 'WRITER', description: 'edits', users: 0 })
    expect((await lastAdminAction()).detail).toMatchObject({ action: 'role.update', from: { name: 'EDITOR' }, to: { name: 'WRITER' } })
    await expect(createRole({ name: 'WRITER' }, actor)).rejects.toSatisfy(refusedWith('taken'))
    await expect(updateRole(role.id, { name: 'ADMIN' }, actor)).rejects.toSatisfy(refusedWith('taken'))
  })

  it('role and permission names are unique without regard to case', async () => {
    await expect(createRole({ name: 'admin' }, actor)).rejects.toThrow('A role named ADMIN already exists (names are compared without regard to case).')
    const role = await createRole({ name: 'Support' }, actor)
    await expect(createRole({ name: 'SUPPORT' }, actor)).rejects.toSatisfy(refusedWith('taken'))
    await updateRole(role.id, { name: 'SUPPORT' }, actor) // its own name in another case: fine
    expect((await listRoles()).filter((r) => r.name.toLowerCase() === 'support').map((r) => r.name)).toEqual(['SUPPORT'])
    const other = await createRole({ name: 'Helpdesk' }, actor)
    await expect(updateRole(other.id, { name: 'support' }, actor)).rejects.toSatisfy(refusedWith('taken'))
    await createPermission({ name: 'tickets:read' }, actor)
    await expect(createPermission({ name: 'Tickets:Read' }, actor)).rejects.toThrow('A permission named tickets:read already exists')
    // The index refuses it too, whatever writes the row.
    await expect(db().role.create({ data: { name: 'helpDESK' } })).rejects.toThrow()
  })

  it('refuses to delete a role in use, with a clear message; cascade removes it from its users', async () => {
    const role = await createRole({ name: 'MODERATOR' }, actor)
    const { user: a } = await makeUser()
    const { user: b } = await makeUser()
    await assignRole(a.id, 'MODERATOR')
    await assignRole(b.id, 'MODERATOR')
    const refusal = await deleteRole(role.id, {}, actor).catch((e) => e)
    expect(isAdminError(refusal) && refusal.code).toBe('in_use')
    expect(refusal.message).toBe('Role MODERATOR is held by 2 users. Remove it from them first, or confirm deleting it from all of them.')
    expect(await db().role.findUnique({ where: { id: role.id } })).not.toBeNull()
    expect((await rolesOf(a.id)).map((r) => r.name)).toContain('MODERATOR')

    await expect(deleteRole(role.id, { cascade: true }, actor)).resolves.toEqual({ usersAffected: 2 })
    expect(await db().role.findUnique({ where: { id: role.id } })).toBeNull()
    expect((await rolesOf(a.id)).map((r) => r.name)).toEqual(['USER'])
    expect((await rolesOf(b.id)).map((r) => r.name)).toEqual(['USER'])
    expect(await lastAdminAction()).toEqual({
      actorId: actor.actorId,
      detail: { action: 'role.delete', roleId: role.id, name: 'MODERATOR', cascade: true, usersAffected: 2 },
    })
  })

  it('deletes an unused role without cascade', async () => {
    const role = await createRole({ name: 'UNUSED' }, actor)
    await expect(deleteRole(role.id, {}, actor)).resolves.toEqual({ usersAffected: 0 })
    await expect(deleteRole(role.id, {}, actor)).rejects.toSatisfy(refusedWith('not_found'))
  })

  it('protects ADMIN and USER from delete and rename', async () => {
    const admin = await db().role.findUniqueOrThrow({ where: { name: 'ADMIN' } })
    const user = await db().role.findUniqueOrThrow({ where: { name: 'USER' } })
    await expect(deleteRole(admin.id, { cascade: true }, actor)).rejects.toSatisfy(refusedWith('protected'))
    await expect(deleteRole(user.id, { cascade: true }, actor)).rejects.toSatisfy(refusedWith('protected'))
    await expect(updateRole(user.id, { name: 'MEMBER' }, actor)).rejects.toSatisfy(refusedWith('protected'))
    await expect(updateRole(user.id, { description: '成员' }, actor)).resolves.toMatchObject({ name: 'USER', description: '成员' })
  })
})

describe('permissions', () => {
  it('a permission granted to a role shows in its users’ permissions at once, once each', async () => {
    const { user } = await makeUser()
    const perm = await createPermission({ name: 'reports:read', description: '查看报表' }, actor)
    const role = await createRole({ name: 'ANALYST' }, actor)
    await assignRole(user.id, 'ANALYST')
    await grantPermission(role.id, perm.id, actor)
    const userRole = await db().role.findUniqueOrThrow({ where: { name: 'USER' } })
    await grantPermission(userRole.id, perm.id, actor) // through two roles: still listed once
    expect((await permissionsOf(user.id)).map((p) => p.name)).toEqual(['profile:read', 'profile:write', 'reports:read'])
    expect((await lastAdminAction()).detail).toEqual({
      action: 'permission.grant',
      roleId: userRole.id,
      role: 'USER',
      permissionId: perm.id,
      permission: 'reports:read',
    })
    await revokePermission(userRole.id, perm.id, actor)
    await revokePermission(role.id, perm.id, actor)
    expect((await permissionsOf(user.id)).map((p) => p.name)).toEqual(['profile:read', 'profile:write'])
  })

  it('setRolePermissions makes the grants exactly the list and audits the difference', async () => {
    const role = await createRole({ name: 'AUDITOR' }, actor)
    const all = await listPermissions()
    const pick = (n: string) => all.find((p) => p.name === n)!.id
    await setRolePermissions(role.id, [pick('audit:read'), pick('users:read')], actor)
    const r = await setRolePermissions(role.id, [pick('audit:read'), pick('profile:read')], actor)
    expect(r).toEqual({ added: ['profile:read'], removed: ['users:read'] })
    expect((await listRoles()).find((x) => x.id === role.id)!.permissions.map((p) => p.name)).toEqual(['profile:read', 'audit:read'])
    expect((await lastAdminAction()).detail).toEqual({
      action: 'role.permissions',
      roleId: role.id,
      role: 'AUDITOR',
      added: ['profile:read'],
      removed: ['users:read'],
    })
    await expect(setRolePermissions(role.id, [999_999], actor)).rejects.toSatisfy(refusedWith('not_found'))
  })

  it('refuses to delete a granted permission unless cascade; renames', async () => {
    const perm = await createPermission({ name: 'billing:write' }, actor)
    const role = await createRole({ name: 'BILLING' }, actor)
    await grantPermission(role.id, perm.id, actor)
    const refusal = await deletePermission(perm.id, {}, actor).catch((e) => e)
    expect(refusal.message).toBe('Permission billing:write is granted to 1 role. Revoke it first, or confirm deleting it from all of them.')
    await updatePermission(perm.id, { name: 'billing:manage' }, actor)
    await expect(deletePermission(perm.id, { cascade: true }, actor)).resolves.toEqual({ rolesAffected: 1 })
    expect((await listRoles()).find((x) => x.id === role.id)!.permissions).toEqual([])
    expect(await lastAdminAction()).toEqual({
      actorId: actor.actorId,
      detail: { action: 'permission.delete', permissionId: perm.id, name: 'billing:manage', cascade: true, rolesAffected: 1 },
    })
  })
})
