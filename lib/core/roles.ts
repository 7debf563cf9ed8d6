// Roles and permissions (SPEC §3). Every new user gets USER; ADMIN opens the dashboard.
import { db, type Tx } from '../db'
import { AuthError } from './errors'
import { rolesOfUser, type RoleRow } from './store'

export const ROLE_USER = 'USER'
export const ROLE_ADMIN = 'ADMIN'

const BASE_ROLES = [
  { name: ROLE_ADMIN, description: '管理员' },
  { name: ROLE_USER, description: '普通用户' },
] as const

const BASE_PERMISSIONS = [
  { name: 'profile:read', description: '查看个人资料' },
  { name: 'profile:write', description: '修改个人资料' },
  { name: 'users:read', description: '查看用户' },
  { name: 'users:write', description: '管理用户' },
  { name: 'roles:write', description: '管理角色与权限' },
  { name: 'audit:read', description: '查看审计日志' },
] as const

const BASE_GRANTS: Record<string, string[]> = {
  [ROLE_USER]: ['profile:read', 'profile:write'],
  [ROLE_ADMIN]: BASE_PERMISSIONS.map((p) => p.name),
}

/** Creates the base roles, permissions and grants if missing (idempotent; run at set-up). */
export async function ensureBaseRoles(client: Tx = db()): Promise<void> {
  for (const r of BASE_ROLES) await client.role.upsert({ where: { name: r.name }, create: r, update: {} })
  for (const p of BASE_PERMISSIONS) await client.permission.upsert({ where: { name: p.name }, create: p, update: {} })
  for (const [roleName, perms] of Object.entries(BASE_GRANTS)) {
    const role = await client.role.findUniqueOrThrow({ where: { name: roleName } })
    for (const name of perms) {
      const perm = await client.permission.findUniqueOrThrow({ where: { name } })
      await client.rolePermission.upsert({
        where: { roleId_permissionId: { roleId: role.id, permissionId: perm.id } },
        create: { roleId: role.id, permissionId: perm.id },
        update: {},
      })
    }
  }
}

export type RoleInfo = RoleRow
export type PermissionInfo = { id: number; name: string; description: string }

/**
 * The user's roles, by id. Without a transaction this is plain SQL (store.ts): a Hyperf refresh
 * puts the role ids in every new token.
 */
export async function rolesOf(userId: number, client?: Tx): Promise<RoleInfo[]> {
  return rolesOfUser(userId, client)
}

/** The user's permissions through all their roles, each once (SPEC §3: de-duplicated). */
export async function permissionsOf(userId: number, client: Tx = db()): Promise<PermissionInfo[]> {
  const rows = await client.permission.findMany({
    where: { roles: { some: { role: { users: { some: { userId } } } } } },
    orderBy: { id: 'asc' },
  })
  return rows.map((p) => ({ id: p.id, name: p.name, description: p.description }))
}

export async function assignRole(userId: number, roleName: string, client: Tx = db()): Promise<void> {
  const role = await client.role.findUnique({ where: { name: roleName } })
  if (!role) throw new AuthError('not_found', { what: 'role' })
  await client.userRole.upsert({ where: { userId_roleId: { userId, roleId: role.id } }, create: { userId, roleId: role.id }, update: {} })
}

export async function removeRole(userId: number, roleName: string, client: Tx = db()): Promise<void> {
  const role = await client.role.findUnique({ where: { name: roleName } })
  if (!role) throw new AuthError('not_found', { what: 'role' })
  await client.userRole.deleteMany({ where: { userId, roleId: role.id } })
}

export async function hasRole(userId: number, roleName: string, client: Tx = db()): Promise<boolean> {
  return (await client.userRole.count({ where: { userId, role: { name: roleName } } })) > 0
}
