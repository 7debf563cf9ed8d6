// Roles and permissions screen (SPEC §6): CRUD and grants. Tokens and payloads read roles and
// permissions from the database when they are issued (core rolesOf / permissionsOf), so a change
// here shows in the next login or refresh of every dialect. Every write is audited with the admin
// as actorId, in the same transaction as the change.
import { db, isUniqueViolation, Prisma, type Tx } from '../db'
import { audit } from '../core/audit'
import { ROLE_ADMIN, ROLE_USER } from '../core/roles'
import { AdminError } from './errors'
import type { Actor } from './users'

/** The core gives these meaning by name (every new user gets USER; ADMIN opens this dashboard). */
const PROTECTED_ROLES: readonly string[] = [ROLE_ADMIN, ROLE_USER]

export async function listRoles() {
  const roles = await db().role.findMany({
    orderBy: { id: 'asc' },
    include: { _count: { select: { users: true } }, permissions: { include: { permission: true }, orderBy: { permissionId: 'asc' } } },
  })
  return roles.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    createdAt: r.createdAt,
    users: r._count.users,
    permissions: r.permissions.map((p) => ({ id: p.permission.id, name: p.permission.name })),
    protected: PROTECTED_ROLES.includes(r.name),
  }))
}

export async function listPermissions() {
  const perms = await db().permission.findMany({ orderBy: { id: 'asc' }, include: { _count: { select: { roles: true } } } })
  return perms.map((p) => ({ id: p.id, name: p.name, description: p.description, createdAt: p.createdAt, roles: p._count.roles }))
}

function logAction(action: string, actor: Actor, detail: Record<string, unknown>, tx: Tx) {
  return audit({ kind: 'admin.action', actorId: actor.actorId, ip: actor.ip, client: 'admin', detail: { action, ...detail } }, tx)
}

async function write<T>(fn: (tx: Tx) => Promise<T>, taken?: AdminError): Promise<T> {
  try {
    return await db().$transaction(fn)
  } catch (e) {
    if (isUniqueViolation(e) && taken) throw taken
    throw e
  }
}

/**
 * Role and permission names are unique case-insensitively (`admin` cannot sit beside `ADMIN`): a
 * token's roles are compared by name in the dialects' clients, often without regard to case. The
 * names are ASCII (lib/admin/schemas.ts), so lower() means the same on both providers; the unique
 * index on lower("name") (migration 0007_admin) backs this check against a race.
 */
async function nameTaken(tx: Tx, table: 'Role' | 'Permission', name: string, exceptId?: number): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: number | bigint; name: string }[]>(
    Prisma.sql`SELECT "id", "name" FROM ${Prisma.raw(`"${table}"`)} WHERE lower("name") = lower(${name})`,
  )
  const other = rows.find((r) => Number(r.id) !== exceptId)
  return other ? other.name : null
}

function takenError(kind: 'role' | 'permission', name: string, existing: string): AdminError {
  if (existing === name) return new AdminError('taken', kind === 'role' ? 'roleTaken' : 'permissionTaken', { name })
  return new AdminError('taken', kind === 'role' ? 'roleTakenCase' : 'permissionTakenCase', { name: existing })
}

async function roleById(id: number, tx: Tx) {
  const role = await tx.role.findUnique({ where: { id } })
  if (!role) throw new AdminError('not_found', 'roleIdMissing', { id })
  return role
}

async function permissionById(id: number, tx: Tx) {
  const perm = await tx.permission.findUnique({ where: { id } })
  if (!perm) throw new AdminError('not_found', 'permissionIdMissing', { id })
  return perm
}

export async function createRole(input: { name: string; description?: string }, actor: Actor) {
  return write(
    async (tx) => {
      const existing = await nameTaken(tx, 'Role', input.name)
      if (existing) throw takenError('role', input.name, existing)
      const role = await tx.role.create({ data: { name: input.name, description: input.description ?? '' } })
      await logAction('role.create', actor, { roleId: role.id, name: role.name }, tx)
      return role
    },
    new AdminError('taken', 'roleTaken', { name: input.name ?? '' }),
  )
}

/** Renames a role and/or changes its description. ADMIN and USER keep their names. */
export async function updateRole(id: number, input: { name?: string; description?: string }, actor: Actor) {
  return write(
    async (tx) => {
      const before = await roleById(id, tx)
      if (input.name !== undefined && input.name !== before.name && PROTECTED_ROLES.includes(before.name))
        throw new AdminError('protected', 'roleProtectedRename', { role: before.name })
      const existing = input.name !== undefined ? await nameTaken(tx, 'Role', input.name, id) : null
      if (existing && input.name) throw takenError('role', input.name, existing)
      const role = await tx.role.update({ where: { id }, data: { name: input.name, description: input.description } })
      await logAction(
        'role.update',
        actor,
        { roleId: id, from: { name: before.name, description: before.description }, to: { name: role.name, description: role.description } },
        tx,
      )
      return role
    },
    new AdminError('taken', 'roleTaken', { name: input.name ?? '' }),
  )
}

/**
 * Deletes a role. While users hold it, the delete is refused unless `cascade` is set, in which
 * case those users lose the role in the same transaction (and the audit row says how many).
 */
export async function deleteRole(id: number, opts: { cascade?: boolean }, actor: Actor): Promise<{ usersAffected: number }> {
  return write(async (tx) => {
    const role = await roleById(id, tx)
    if (PROTECTED_ROLES.includes(role.name)) throw new AdminError('protected', 'roleProtectedDelete', { role: role.name })
    const users = await tx.userRole.count({ where: { roleId: id } })
    if (users > 0 && !opts.cascade) throw new AdminError('in_use', 'roleInUse', { role: role.name, n: users })
    await tx.userRole.deleteMany({ where: { roleId: id } })
    await tx.rolePermission.deleteMany({ where: { roleId: id } })
    await tx.role.delete({ where: { id } })
    await logAction('role.delete', actor, { roleId: id, name: role.name, cascade: Boolean(opts.cascade), usersAffected: users }, tx)
    return { usersAffected: users }
  })
}

export async function createPermission(input: { name: string; description?: string }, actor: Actor) {
  return write(
    async (tx) => {
      const existing = await nameTaken(tx, 'Permission', input.name)
      if (existing) throw takenError('permission', input.name, existing)
      const perm = await tx.permission.create({ data: { name: input.name, description: input.description ?? '' } })
      await logAction('permission.create', actor, { permissionId: perm.id, name: perm.name }, tx)
      return perm
    },
    new AdminError('taken', 'permissionTaken', { name: input.name ?? '' }),
  )
}

export async function updatePermission(id: number, input: { name?: string; description?: string }, actor: Actor) {
  return write(
    async (tx) => {
      const before = await permissionById(id, tx)
      const existing = input.name !== undefined ? await nameTaken(tx, 'Permission', input.name, id) : null
      if (existing && input.name) throw takenError('permission', input.name, existing)
      const perm = await tx.permission.update({ where: { id }, data: { name: input.name, description: input.description } })
      await logAction(
        'permission.update',
        actor,
        { permissionId: id, from: { name: before.name, description: before.description }, to: { name: perm.name, description: perm.description } },
        tx,
      )
      return perm
    },
    new AdminError('taken', 'permissionTaken', { name: input.name ?? '' }),
  )
}

/** Deletes a permission; refused while a role grants it, unless `cascade` (then every grant goes too). */
export async function deletePermission(id: number, opts: { cascade?: boolean }, actor: Actor): Promise<{ rolesAffected: number }> {
  return write(async (tx) => {
    const perm = await permissionById(id, tx)
    const roles = await tx.rolePermission.count({ where: { permissionId: id } })
    if (roles > 0 && !opts.cascade) throw new AdminError('in_use', 'permissionInUse', { permission: perm.name, n: roles })
    await tx.rolePermission.deleteMany({ where: { permissionId: id } })
    await tx.permission.delete({ where: { id } })
    await logAction('permission.delete', actor, { permissionId: id, name: perm.name, cascade: Boolean(opts.cascade), rolesAffected: roles }, tx)
    return { rolesAffected: roles }
  })
}

export async function grantPermission(roleId: number, permissionId: number, actor: Actor): Promise<void> {
  await write(async (tx) => {
    const role = await roleById(roleId, tx)
    const perm = await permissionById(permissionId, tx)
    await tx.rolePermission.upsert({ where: { roleId_permissionId: { roleId, permissionId } }, create: { roleId, permissionId }, update: {} })
    await logAction('permission.grant', actor, { roleId, role: role.name, permissionId, permission: perm.name }, tx)
  })
}

export async function revokePermission(roleId: number, permissionId: number, actor: Actor): Promise<void> {
  await write(async (tx) => {
    const role = await roleById(roleId, tx)
    const perm = await permissionById(permissionId, tx)
    await tx.rolePermission.deleteMany({ where: { roleId, permissionId } })
    await logAction('permission.revoke', actor, { roleId, role: role.name, permissionId, permission: perm.name }, tx)
  })
}

/** Makes the role's permissions exactly `permissionIds` (the checkbox form of the roles screen). */
export async function setRolePermissions(roleId: number, permissionIds: number[], actor: Actor): Promise<{ added: string[]; removed: string[] }> {
  return write(async (tx) => {
    const role = await roleById(roleId, tx)
    const wanted = new Set(permissionIds)
    const known = await tx.permission.findMany({ where: { id: { in: [...wanted] } } })
    if (known.length !== wanted.size) throw new AdminError('not_found', 'permissionGone')
    const current = await tx.rolePermission.findMany({ where: { roleId }, include: { permission: true } })
    const have = new Set(current.map((c) => c.permissionId))
    const add = known.filter((p) => !have.has(p.id))
    const remove = current.filter((c) => !wanted.has(c.permissionId))
    if (add.length) await tx.rolePermission.createMany({ data: add.map((p) => ({ roleId, permissionId: p.id })) })
    if (remove.length) await tx.rolePermission.deleteMany({ where: { roleId, permissionId: { in: remove.map((r) => r.permissionId) } } })
    const added = add.map((p) => p.name)
    const removed = remove.map((r) => r.permission.name)
    if (added.length || removed.length) await logAction('role.permissions', actor, { roleId, role: role.name, added, removed }, tx)
    return { added, removed }
  })
}
