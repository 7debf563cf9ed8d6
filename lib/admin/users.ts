// Users screen (SPEC §6): search, paginate, detail, and the admin's actions on one user. Every write
// names the admin as actorId in the audit log.
import { config } from '../config'
import { db, Prisma } from '../db'
import { audit } from '../core/audit'
import { nameKey } from '../core/fields'
import { assignRole, removeRole, rolesOf, permissionsOf, ROLE_ADMIN } from '../core/roles'
import { createUser, findUserById, notifyUser, resetPassword, setUserStatus } from '../core/users'
import { deleteUserAccount, updateUserProfile } from '../core/user-admin'
import { resetFactors } from '../core/factors'
import { providerFor } from '../providers'
import { listUserSessions } from '../core/sessions'
import { AdminError } from './errors'
import { paging, pageOf, type Page } from './paging'
import { part } from './prefix'

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

type Terms = { id?: number; phone?: string; text?: string; email?: string }

/**
 * What a search box string can match: any part of the name, email or phone (the phone's last 4–8
 * digits, 手机尾号, an email's domain), or an exact id (`123` or `#123`). Null: nothing to search.
 */
function searchTerms(raw: string): Terms | null {
  const q = nameKey(raw.trim())
  if (q === '') return null
  const idMatch = /^#?(\d{1,9})$/.exec(q)
  const id = idMatch ? Number(idMatch[1]) : undefined
  if (q.startsWith('#')) return { id: id ?? -1 }
  // Phones are stored as 11 digits: accept "+86 138-0013", "0086138...".
  const digits = q.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '')
  return { id, phone: /^\d+$/.test(digits) ? digits : undefined, text: q, email: q.includes(' ') ? undefined : q }
}

/** The search as a Prisma filter (PostgreSQL: LIKE with escaped wildcards, served by the trigram indexes). */
export function userSearchWhere(raw: string): Prisma.UserWhereInput | undefined {
  const t = searchTerms(raw)
  if (!t) return undefined
  const or: Prisma.UserWhereInput[] = []
  if (t.id !== undefined) or.push({ id: t.id })
  if (t.phone) or.push({ phone: part(t.phone) })
  if (t.text) or.push({ nameKey: part(t.text) })
  if (t.email) or.push({ email: part(t.email) })
  return { OR: or }
}

/**
 * The same search as SQL for SQLite, where Prisma's LIKE has no ESCAPE: instr() finds the text as
 * it is (`_` and `%` are plain characters). No index serves "any part" on SQLite: it reads the
 * table, newest first, and stops after the page; 100 000 users are read in a few tens of
 * milliseconds (bench/admin-search.ts; docs/decisions/0016-admin-dashboard.md).
 */
function sqliteSearch(t: Terms, status?: string): Prisma.Sql {
  const or: Prisma.Sql[] = []
  if (t.id !== undefined) or.push(Prisma.sql`"id" = ${t.id}`)
  if (t.phone) or.push(Prisma.sql`instr("phone", ${t.phone}) > 0`)
  if (t.text) or.push(Prisma.sql`instr("nameKey", ${t.text}) > 0`)
  if (t.email) or.push(Prisma.sql`instr("email", ${t.email}) > 0`)
  return Prisma.sql`(${Prisma.join(or, ' OR ')})${status ? Prisma.sql` AND "status" = ${status}` : Prisma.empty}`
}

/** Ids of the users a search matches, newest first, at most `limit` (the sessions and audit filters). */
export async function matchingUserIds(raw: string, limit: number): Promise<number[] | undefined> {
  const t = searchTerms(raw)
  if (!t) return undefined
  if (config().database.provider === 'sqlite') {
    const rows = await db().$queryRaw<{ id: number | bigint }[]>(Prisma.sql`SELECT "id" FROM "User" WHERE ${sqliteSearch(t)} ORDER BY "id" DESC LIMIT ${limit}`)
    return rows.map((r) => Number(r.id))
  }
  return (await db().user.findMany({ where: userSearchWhere(raw), select: { id: true }, orderBy: { id: 'desc' }, take: limit })).map((u) => u.id)
}

export async function searchUsers(input: { q?: string; status?: 'active' | 'disabled'; page?: number; pageSize?: number } = {}): Promise<Page<UserRow>> {
  const p = paging(input.page, input.pageSize)
  const terms = input.q ? searchTerms(input.q) : null
  let total: number
  let ids: number[]
  if (terms && config().database.provider === 'sqlite') {
    const where = sqliteSearch(terms, input.status)
    const [count] = await db().$queryRaw<{ n: number | bigint }[]>(Prisma.sql`SELECT count(*) AS "n" FROM "User" WHERE ${where}`)
    total = Number(count.n)
    const rows = await db().$queryRaw<{ id: number | bigint }[]>(
      Prisma.sql`SELECT "id" FROM "User" WHERE ${where} ORDER BY "id" DESC LIMIT ${p.pageSize} OFFSET ${p.skip}`,
    )
    ids = rows.map((r) => Number(r.id))
  } else {
    const search = input.q ? userSearchWhere(input.q) : undefined
    const where: Prisma.UserWhereInput = { ...(search ?? {}), ...(input.status ? { status: input.status } : {}) }
    // Two connections on PostgreSQL: the count and the page at once.
    ;[total, ids] = await Promise.all([db().user.count({ where }), idsByIndexes(where, p)])
  }
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
// whole rows at once makes the database read and sort every matching row before the LIMIT.
async function idsByIndexes(where: Prisma.UserWhereInput, p: { skip: number; pageSize: number }): Promise<number[]> {
  return (await db().user.findMany({ where, orderBy: { id: 'desc' }, skip: p.skip, take: p.pageSize, select: { id: true } })).map((u) => u.id)
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
      passwordMustChange: true,
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
  if (!(await db().user.findUnique({ where: { id: userId }, select: { id: true } }))) throw new AdminError('not_found', 'userMissing', { id: userId })
}

/** Disables (ending every session of the user at once) or re-enables a user. */
export async function adminSetUserStatus(userId: number, status: 'active' | 'disabled', actor: Actor): Promise<void> {
  await mustExist(userId)
  if (status === 'disabled' && userId === actor.actorId) throw new AdminError('self', 'selfDisable')
  await setUserStatus(userId, status, { actorId: actor.actorId, ip: actor.ip })
}

/** Sets a new password; every session of the user ends (core resetPassword). `temporary`: changed at the next sign-in. */
export async function adminResetPassword(userId: number, password: string, actor: Actor, temporary = false): Promise<void> {
  await mustExist(userId)
  await resetPassword(userId, password, { actorId: actor.actorId, ip: actor.ip, temporary })
}

export async function adminAddRole(userId: number, roleName: string, actor: Actor): Promise<void> {
  await mustExist(userId)
  if (!(await db().role.findUnique({ where: { name: roleName } }))) throw new AdminError('not_found', 'roleMissing', { role: roleName })
  await db().$transaction(async (tx) => {
    await assignRole(userId, roleName, tx)
    await audit({ kind: 'role.assigned', userId, actorId: actor.actorId, ip: actor.ip, client: 'admin', detail: { role: roleName } }, tx)
  })
}

export async function adminRemoveRole(userId: number, roleName: string, actor: Actor): Promise<void> {
  await mustExist(userId)
  // An admin who removes their own ADMIN role locks themselves out at the next click.
  if (roleName === ROLE_ADMIN && userId === actor.actorId) throw new AdminError('self', 'selfRemoveAdmin')
  if (!(await db().role.findUnique({ where: { name: roleName } }))) throw new AdminError('not_found', 'roleMissing', { role: roleName })
  await db().$transaction(async (tx) => {
    await removeRole(userId, roleName, tx)
    await audit({ kind: 'role.removed', userId, actorId: actor.actorId, ip: actor.ip, client: 'admin', detail: { role: roleName } }, tx)
  })
}

/**
 * Creates an account from the dashboard: with a password (optionally temporary: it must be changed
 * at the first sign-in), or without one (the user signs in by code to a proved contact, or is given
 * a password later). Same rules as sign-up (core createUser); audited with the admin as actor.
 */
export async function adminCreateUser(
  input: { name: string; phone?: string | null; email?: string | null; password?: string | null; temporary?: boolean },
  actor: Actor,
): Promise<{ id: number; name: string }> {
  const user = await createUser(
    { name: input.name, phone: input.phone || null, email: input.email || null, password: input.password || null, passwordMustChange: input.temporary },
    { client: 'admin' },
  )
  await audit({
    kind: 'user.created',
    userId: user.id,
    actorId: actor.actorId,
    ip: actor.ip,
    client: 'admin',
    detail: { temporaryPassword: Boolean(input.temporary && input.password) },
  })
  return { id: user.id, name: user.name }
}

export async function adminUpdateUser(userId: number, input: { name: string; phone: string; email: string }, actor: Actor): Promise<string[]> {
  await mustExist(userId)
  const { changed } = await updateUserProfile(
    userId,
    { name: input.name, phone: input.phone || null, email: input.email || null },
    { actorId: actor.actorId, ip: actor.ip, client: 'admin' },
  )
  return changed
}

export async function adminDeleteUser(userId: number, actor: Actor): Promise<{ sessionsEnded: number }> {
  await mustExist(userId)
  if (userId === actor.actorId) throw new AdminError('self', 'selfDelete')
  return deleteUserAccount(userId, { actorId: actor.actorId, ip: actor.ip, client: 'admin' })
}

type BulkAction = 'disable' | 'enable' | 'add-role'

/** One action on several users at once (the users list's checkboxes); the admin themself is skipped for disable. */
export async function adminBulk(userIds: number[], action: BulkAction, actor: Actor, role?: string): Promise<{ done: number; skipped: number }> {
  const users = await db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, status: true } })
  if (action === 'add-role' && !(role && (await db().role.findUnique({ where: { name: role } }))))
    throw new AdminError('not_found', 'roleMissing', { role: role ?? '' })
  let done = 0
  let skipped = userIds.length - users.length
  for (const u of users) {
    const skip = action === 'disable' ? u.id === actor.actorId || u.status === 'disabled' : action === 'enable' ? u.status === 'active' : false
    if (skip) {
      skipped++
      continue
    }
    if (action === 'add-role') await adminAddRole(u.id, role!, actor)
    else await setUserStatus(u.id, action === 'disable' ? 'disabled' : 'active', { actorId: actor.actorId, ip: actor.ip })
    done++
  }
  return { done, skipped }
}

const CSV_MAX_ROWS = 100_000

/** A search's users as CSV (RFC 4180; a leading = + - @ is quoted with a ' so a spreadsheet does not run it). */
export async function exportUsersCsv(input: { q?: string; status?: 'active' | 'disabled' }): Promise<string> {
  const lines = [csvRow(['id', 'name', 'phone', 'email', 'roles', 'status', 'created_at', 'last_login_at'])]
  const pageSize = 500
  for (let page = 1; (page - 1) * pageSize < CSV_MAX_ROWS; page++) {
    const r = await searchUsers({ ...input, page, pageSize })
    for (const u of r.rows)
      lines.push(csvRow([u.id, u.name, u.phone, u.email, u.roles.join(' '), u.status, u.createdAt.toISOString(), u.lastLoginAt?.toISOString() ?? '']))
    if (page >= r.pages) break
  }
  return lines.join('\r\n') + '\r\n'
}

export function csvRow(values: (string | number | null | undefined)[]): string {
  return values
    .map((v) => {
      let s = v === null || v === undefined ? '' : String(v)
      if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
    })
    .join(',')
}

/** Removes every second factor and recovery code of a user (#26), audited with the admin as actor; the user is told. */
export async function adminResetFactors(userId: number, actor: Actor): Promise<number> {
  const user = await findUserById(userId)
  if (!user) throw new AdminError('not_found', 'noSuchUser')
  const n = await resetFactors(userId, { actorId: actor.actorId, ip: actor.ip, client: 'browser' })
  await notifyUser(user, 'factors_reset', { ip: actor.ip, client: 'browser', providers: providerFor })
  return n
}
