// Users screen (SPEC §6): search, paginate, detail, and the admin's actions on one user. Every write
// names the admin as actorId in the audit log.
import { config } from '../config'
import { db, Prisma } from '../db'
import { audit } from '../core/audit'
import { nameKey } from '../core/fields'
import { assignRole, removeRole, rolesOf, permissionsOf, ROLE_ADMIN } from '../core/roles'
import { findUserById, notifyUser, resetPassword, setUserStatus } from '../core/users'
import { resetFactors } from '../core/factors'
import { providerFor } from '../providers'
import { listUserSessions } from '../core/sessions'
import { AdminError } from './errors'
import { paging, pageOf, type Page } from './paging'
import { prefix } from './prefix'

export { successor } from './prefix'

export type Actor = { actorId: number; ip?: string | null }

export type UserRow = {
  id: number
  name: string
  phone: string | null
  email: string | null
  roles: string[]
  status: string
  createdAt: Date
  lastLoginAt: Date | null
}

/** What a search box string can match: name, email or phone prefix, or an exact id (`123` or `#123`). */
export function userSearchWhere(raw: string): Prisma.UserWhereInput | undefined {
  const q = nameKey(raw.trim())
  if (q === '') return undefined
  const or: Prisma.UserWhereInput[] = []
  const idMatch = /^#?(\d{1,9})$/.exec(q)
  if (idMatch) or.push({ id: Number(idMatch[1]) })
  if (q.startsWith('#')) return or.length ? { OR: or } : { id: -1 }
  // Phones are stored as 11 digits: accept "+86 138-0013", "0086138...".
  const digits = q.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '')
  if (/^\d+$/.test(digits)) or.push({ phone: prefix(digits) })
  or.push({ nameKey: prefix(q) })
  if (!q.includes(' ')) or.push({ email: prefix(q) })
  return { OR: or }
}

export async function searchUsers(input: { q?: string; status?: 'active' | 'disabled'; page?: number; pageSize?: number } = {}): Promise<Page<UserRow>> {
  const p = paging(input.page, input.pageSize)
  const search = input.q ? userSearchWhere(input.q) : undefined
  const where: Prisma.UserWhereInput = { ...(search ?? {}), ...(input.status ? { status: input.status } : {}) }
  const total = await db().user.count({ where })
  const ids = search && (await denseOnSqlite(total, p.skip + p.pageSize)) ? await idsByPrimaryKeyScan(where, p) : await idsByIndexes(where, p)
  const users = await db().user.findMany({
    where: { id: { in: ids } },
    orderBy: { id: 'desc' },
    select: {
      id: true,
      name: true,
      phone: true,
      email: true,
      status: true,
      createdAt: true,
      lastLoginAt: true,
      roles: { select: { role: { select: { name: true } } } },
    },
  })
  const rows = users.map(({ roles, ...u }) => ({ ...u, roles: roles.map((r) => r.role.name).sort() }))
  return pageOf(rows, total, p)
}

// The page's ids are fetched first (answered from the indexes alone), then those rows: asking for
// whole rows at once makes SQLite read and sort every matching row before the LIMIT.
async function idsByIndexes(where: Prisma.UserWhereInput, p: { skip: number; pageSize: number }): Promise<number[]> {
  return (await db().user.findMany({ where, orderBy: { id: 'desc' }, skip: p.skip, take: p.pageSize, select: { id: true } })).map((u) => u.id)
}

/**
 * A broad prefix ("1", "19", "z") matches most users: SQLite then collects every match through the
 * indexes and sorts them all for one page (~40 ms for 100 000 idle, several times that on a busy
 * box). Walking the primary key from the newest user and keeping the matches stops after one page
 * (< 1 ms). That walk costs (rows needed) / (share of users matching), so it is chosen only when
 * it reads fewer rows than there are matches. Measured by bench/admin-search.ts.
 */
async function denseOnSqlite(matches: number, needed: number): Promise<boolean> {
  if (config().database.provider !== 'sqlite' || matches === 0) return false
  const all = await db().user.count()
  return (needed * all) / matches < matches
}

async function idsByPrimaryKeyScan(where: Prisma.UserWhereInput, p: { skip: number; pageSize: number }): Promise<number[]> {
  const terms = ((where.OR ?? []) as Prisma.UserWhereInput[]).map((t) => {
    if (typeof t.id === 'number') return Prisma.sql`"id" = ${t.id}`
    const [column, range] = Object.entries(t)[0] as [string, { gte: string; lt: string }]
    if (!['phone', 'nameKey', 'email'].includes(column)) throw new Error(`unexpected search column ${column}`)
    return Prisma.sql`(${Prisma.raw(`"${column}"`)} >= ${range.gte} AND ${Prisma.raw(`"${column}"`)} < ${range.lt})`
  })
  const status = typeof where.status === 'string' ? Prisma.sql` AND "status" = ${where.status}` : Prisma.empty
  const rows = await db().$queryRaw<{ id: number | bigint }[]>(
    Prisma.sql`SELECT "id" FROM "User" NOT INDEXED WHERE (${Prisma.join(terms, ' OR ')})${status} ORDER BY "id" DESC LIMIT ${p.pageSize} OFFSET ${p.skip}`,
  )
  return rows.map((r) => Number(r.id))
}

const RECENT_AUDIT = 20

export async function getUserDetail(id: number) {
  const user = await db().user.findUnique({
    where: { id },
    select: {
      id: true,
      uuid: true,
      name: true,
      email: true,
      phone: true,
      status: true,
      wechatOpenid: true,
      wechatUnionid: true,
      visitCount: true,
      createdAt: true,
      updatedAt: true,
      lastLoginAt: true,
      lastLoginIp: true,
      passwordHash: true,
    },
  })
  if (!user) return null
  const { passwordHash, ...profile } = user
  const [roles, permissions, sessions, audits, allRoles] = await Promise.all([
    rolesOf(id),
    permissionsOf(id),
    listUserSessions(id, { liveOnly: true }),
    db().auditEvent.findMany({ where: { OR: [{ userId: id }, { actorId: id }] }, orderBy: { id: 'desc' }, take: RECENT_AUDIT }),
    db().role.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ])
  return { user: { ...profile, hasPassword: passwordHash !== null }, roles, permissions, sessions, audit: audits, allRoles }
}

async function mustExist(userId: number): Promise<void> {
  if (!(await db().user.findUnique({ where: { id: userId }, select: { id: true } }))) throw new AdminError('not_found', `User ${userId} does not exist.`)
}

/** Disables (ending every session of the user at once) or re-enables a user. */
export async function adminSetUserStatus(userId: number, status: 'active' | 'disabled', actor: Actor): Promise<void> {
  await mustExist(userId)
  if (status === 'disabled' && userId === actor.actorId) throw new AdminError('self', 'You cannot disable your own account.')
  await setUserStatus(userId, status, { actorId: actor.actorId, ip: actor.ip })
}

/** Sets a new password; every session of the user ends (core resetPassword). */
export async function adminResetPassword(userId: number, password: string, actor: Actor): Promise<void> {
  await mustExist(userId)
  await resetPassword(userId, password, { actorId: actor.actorId, ip: actor.ip })
}

export async function adminAddRole(userId: number, roleName: string, actor: Actor): Promise<void> {
  await mustExist(userId)
  if (!(await db().role.findUnique({ where: { name: roleName } }))) throw new AdminError('not_found', `Role ${roleName} does not exist.`)
  await db().$transaction(async (tx) => {
    await assignRole(userId, roleName, tx)
    await audit({ kind: 'role.assigned', userId, actorId: actor.actorId, ip: actor.ip, client: 'admin', detail: { role: roleName } }, tx)
  })
}

export async function adminRemoveRole(userId: number, roleName: string, actor: Actor): Promise<void> {
  await mustExist(userId)
  // An admin who removes their own ADMIN role locks themselves out at the next click.
  if (roleName === ROLE_ADMIN && userId === actor.actorId) throw new AdminError('self', 'You cannot remove the ADMIN role from yourself.')
  if (!(await db().role.findUnique({ where: { name: roleName } }))) throw new AdminError('not_found', `Role ${roleName} does not exist.`)
  await db().$transaction(async (tx) => {
    await removeRole(userId, roleName, tx)
    await audit({ kind: 'role.removed', userId, actorId: actor.actorId, ip: actor.ip, client: 'admin', detail: { role: roleName } }, tx)
  })
}

/** Removes every second factor and recovery code of a user (#26), audited with the admin as actor; the user is told. */
export async function adminResetFactors(userId: number, actor: Actor): Promise<number> {
  const user = await findUserById(userId)
  if (!user) throw new AdminError('not_found', 'No such user.')
  const n = await resetFactors(userId, { actorId: actor.actorId, ip: actor.ip, client: 'browser' })
  await notifyUser(user, 'factors_reset', { ip: actor.ip, client: 'browser', providers: providerFor })
  return n
}
