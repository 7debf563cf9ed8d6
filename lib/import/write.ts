// Writes one batch of imported users in one transaction (#22). Every decision is made in memory
// from a few reads per batch (the mapping rows, the users holding the batch's ids, names, phones
// and emails), then written with a handful of bulk statements: 100,000 users in seconds on SQLite.
//
// A row is created, updated (it came in an earlier run: the per-system id map says who it is),
// merged (the same person already here: the same proved phone or email, from another system or
// signed up here), left unchanged, or skipped with a reason. A field that cannot be kept (an
// invalid or duplicate phone or email, a hash in no known format) is dropped and reported; a
// contact that belongs to someone else is a conflict: reported, never guessed.
import { db, Prisma, type Tx } from '../db'
import { nameKey, nameSkeleton, normalizeEmail, normalizePhone } from '../core/fields'
import { newId, newUuid, sha256 } from '../core/ids'
import { passwordFormat } from '../core/legacy-passwords'
import { nameCharsOk } from '../core/rules'
import { ROLE_ADMIN, ROLE_USER } from '../core/roles'
import type { ImportedUser } from './types'
import { hyperfLegacySession } from '../core/legacy-tokens'

export type Outcome = 'created' | 'updated' | 'merged' | 'unchanged' | 'skipped'

/** One line of the report file: every skipped or merged row, and every field that was left out. */
export type ReportEntry = {
  system: string
  legacyId: string
  outcome: 'skipped' | 'merged' | 'field_dropped' | 'id_changed' | 'id_shadowed'
  reason: string
  field?: string
  userId?: number
  /** id_shadowed: the id the user (whose own id `legacyId` is now another's in this system) shows there from now on. */
  newId?: string
}

export type BatchResult = { counts: Record<Outcome, number>; skipped: Record<string, number>; sessions: number; report: ReportEntry[] }

export const emptyCounts = (): Record<Outcome, number> => ({ created: 0, updated: 0, merged: 0, unchanged: 0, skipped: 0 })

type UserRow = {
  id: number
  uuid: string
  name: string
  nameKey: string
  nameSkeleton: string | null
  email: string | null
  phone: string | null
  emailVerifiedAt: Date | null
  phoneVerifiedAt: Date | null
  passwordHash: string | null
  status: string
  createdAt: Date
}

const USER_SELECT = {
  id: true,
  uuid: true,
  name: true,
  nameKey: true,
  nameSkeleton: true,
  email: true,
  phone: true,
  emailVerifiedAt: true,
  phoneVerifiedAt: true,
  passwordHash: true,
  status: true,
  createdAt: true,
} as const

class Rollback extends Error {}

/** Rows a batch may hold (decision 0012, "Batches": measured with bench/import.ts). */
export const MAX_BATCH = 2000

/** Values one `IN (…)` binds: SQLite binds at most 999 values a statement; larger lists are split. */
const IN_LIMIT = 500

/**
 * Multi-row INSERTs in plain SQL, as many rows a statement as the bound values allow: Prisma's
 * createMany compiles each call in its query compiler, ~1 ms a row here (decision 0012).
 */
async function insertRows(tx: Tx, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0])
  const per = Math.max(1, Math.floor(900 / columns.length))
  const head = Prisma.raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `)
  for (let i = 0; i < rows.length; i += per) {
    const values = rows.slice(i, i + per).map((r) => Prisma.sql`(${Prisma.join(columns.map((c) => r[c] ?? null))})`)
    await tx.$executeRaw(Prisma.sql`${head}${Prisma.join(values)}`)
  }
}

/** One query per slice of `values`, so no statement binds more than SQLite allows. */
async function chunked<V, R>(values: V[], query: (slice: V[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < values.length; i += IN_LIMIT) out.push(...(await query(values.slice(i, i + IN_LIMIT))))
  return out
}

type Prepared = {
  u: ImportedUser
  name: string
  key: string
  skeleton: string
  email: string | null
  phone: string | null
  hash: string | null
  notes: ReportEntry[]
}

/** Normalises one row; a reason when it cannot be imported at all. */
function prepare(system: string, u: ImportedUser): Prepared | { skip: string } {
  const name = u.name?.trim() ?? ''
  if (!name || name.length > 100 || !nameCharsOk(name)) return { skip: 'name_invalid' }
  const notes: ReportEntry[] = []
  const drop = (field: string, reason: string) => notes.push({ system, legacyId: u.legacyId, outcome: 'field_dropped', field, reason })
  const email = u.email ? normalizeEmail(u.email) : null
  if (u.email && !email) drop('email', 'email_invalid')
  const phone = u.phone ? normalizePhone(u.phone) : null
  if (u.phone && !phone) drop('phone', 'phone_invalid')
  let hash = u.passwordHash
  if (hash && passwordFormat(hash) === null) {
    drop('password', 'password_format_unknown')
    hash = null
  }
  return { u, name, key: nameKey(name), skeleton: nameSkeleton(name), email, phone, hash, notes }
}

/**
 * Imports one batch in one transaction (`dryRun`: the same work, rolled back). If the batch fails
 * as a whole (a row the checks did not foresee), each row is written in its own transaction, so
 * one bad row costs only itself: nothing is half-written.
 */
export type WriteOptions = {
  dryRun: boolean
  /**
   * The largest id the source keeps and every system's largest mapped id (idContext): a user who
   * cannot keep theirs gets one above it and above every user here.
   */
  idFloor: number
  /** The other systems in the id map: an id one of them maps is not kept (idContext). */
  otherSystems: string[]
}

export async function writeBatch(system: string, users: ImportedUser[], opts: WriteOptions): Promise<BatchResult> {
  if (users.length > MAX_BATCH) throw new Error(`at most ${MAX_BATCH} users a batch`)
  try {
    return await inTransaction(system, users, opts)
  } catch (e) {
    if (users.length === 1) {
      const r: BatchResult = { counts: { ...emptyCounts(), skipped: 1 }, skipped: { error: 1 }, sessions: 0, report: [] }
      r.report.push({
        system,
        legacyId: users[0].legacyId,
        outcome: 'skipped',
        reason: `error: ${e instanceof Error ? e.message.split('\n')[0].slice(0, 200) : String(e)}`,
      })
      return r
    }
    const total: BatchResult = { counts: emptyCounts(), skipped: {}, sessions: 0, report: [] }
    for (const u of users) addResult(total, await writeBatch(system, [u], opts))
    return total
  }
}

export function addResult(into: BatchResult, r: BatchResult): void {
  for (const k of Object.keys(r.counts) as Outcome[]) into.counts[k] += r.counts[k]
  for (const [k, v] of Object.entries(r.skipped)) into.skipped[k] = (into.skipped[k] ?? 0) + v
  into.sessions += r.sessions
  into.report.push(...r.report)
}

async function inTransaction(system: string, users: ImportedUser[], opts: WriteOptions): Promise<BatchResult> {
  let result: BatchResult | undefined
  try {
    await db().$transaction(
      async (tx) => {
        result = await decideAndWrite(tx, system, users, opts)
        if (opts.dryRun) throw new Rollback()
      },
      { timeout: 120_000, maxWait: 60_000 },
    )
  } catch (e) {
    if (!(e instanceof Rollback)) throw e
  }
  return result!
}

async function decideAndWrite(tx: Tx, system: string, users: ImportedUser[], { idFloor, otherSystems }: WriteOptions): Promise<BatchResult> {
  const out: BatchResult = { counts: emptyCounts(), skipped: {}, sessions: 0, report: [] }
  const skip = (legacyId: string, reason: string, userId?: number) => {
    out.counts.skipped++
    out.skipped[reason] = (out.skipped[reason] ?? 0) + 1
    out.report.push({ system, legacyId, outcome: 'skipped', reason, ...(userId ? { userId } : {}) })
  }

  const rows: Prepared[] = []
  for (const u of users) {
    const p = prepare(system, u)
    if ('skip' in p) skip(u.legacyId, p.skip)
    else rows.push(p)
  }

  // --- The reads: who is already here ---------------------------------------------------------
  const present = <T>(xs: (T | null | undefined)[]) => [...new Set(xs.filter((x): x is T => x !== null && x !== undefined))]
  const maps = (
    await chunked(
      rows.map((r) => r.u.legacyId),
      (ids) =>
        tx.$queryRaw<{ legacyId: string; userId: number; merged: boolean | number }[]>(
          Prisma.sql`SELECT "legacyId", "userId", "merged" FROM "LegacyAccount" WHERE "system" = ${system} AND "legacyId" IN (${Prisma.join(ids)})`,
        ),
    )
  ).map((m) => ({ legacyId: m.legacyId, userId: Number(m.userId), merged: m.merged === true || Number(m.merged) === 1 }))
  const mappedTo = new Map(maps.map((m) => [m.legacyId, m.userId]))
  // Rows merged into a user who was here before them: a re-run only fills in, as the merge did.
  const mergedBefore = new Set(maps.filter((m) => m.merged).map((m) => m.legacyId))
  // One indexed IN per column (an OR of them makes SQLite scan the table).
  const seen = new Map<number, UserRow>()
  const columns = Prisma.raw(
    Object.keys(USER_SELECT)
      .map((c) => `"${c}"`)
      .join(', '),
  )
  const lookup = async (column: string, values: (string | number)[]) => {
    if (values.length === 0) return
    // Plain SQL: Prisma compiles an IN of 500 values in ~50 ms (decision 0012).
    const found = await chunked(values, (slice) =>
      tx.$queryRaw<UserRow[]>(Prisma.sql`SELECT ${columns} FROM "User" WHERE ${Prisma.raw(`"${column}"`)} IN (${Prisma.join(slice)})`),
    )
    for (const u of found) seen.set(Number(u.id), { ...u, id: Number(u.id) })
  }
  await lookup('id', present([...rows.map((r) => r.u.id), ...maps.map((m) => m.userId)]))
  // A row imported before needs to know who holds a value only where its value changed.
  const mappedUser = new Map(maps.map((m) => [m.legacyId, seen.get(m.userId)]))
  const changed = (p: Prepared, f: (u: UserRow) => string | null, value: string | null) => {
    const t = mappedUser.get(p.u.legacyId)
    return !t || f(t) !== value
  }
  await lookup('uuid', present(rows.filter((r) => !mappedUser.get(r.u.legacyId)).map((r) => r.u.uuid)))
  await lookup(
    'nameKey',
    rows.filter((r) => changed(r, (u) => u.nameKey, r.key)).map((r) => r.key),
  )
  await lookup(
    'nameSkeleton',
    rows.filter((r) => changed(r, (u) => u.nameKey, r.key)).map((r) => r.skeleton),
  )
  await lookup('phone', present(rows.filter((r) => changed(r, (u) => u.phone, r.phone)).map((r) => r.phone)))
  await lookup('email', present(rows.filter((r) => changed(r, (u) => u.email, r.email)).map((r) => r.email)))
  const found = [...seen.values()]
  const byId = new Map(found.map((u) => [u.id, u as UserRow]))
  const index = (f: (u: UserRow) => string | null) => new Map(found.filter((u) => f(u) !== null).map((u) => [f(u)!, u.id]))
  // Who holds each unique value, here or earlier in this batch (a number: a user id; a string: a new row of this batch).
  type Holder = number | string
  const holders = {
    uuid: index((u) => u.uuid) as Map<string, Holder>,
    nameKey: index((u) => u.nameKey) as Map<string, Holder>,
    skeleton: index((u) => u.nameSkeleton) as Map<string, Holder>,
    phone: index((u) => u.phone) as Map<string, Holder>,
    email: index((u) => u.email) as Map<string, Holder>,
  }
  const idTaken = new Set<number>(found.map((u) => u.id))
  // An id another system maps to someone is taken too: the user who got it here would show it in
  // that system's dialect beside the one it belongs to there (decision 0012, "Ids").
  const ids = present(rows.map((r) => r.u.id)).map(String)
  if (otherSystems.length) {
    const elsewhere = await chunked(ids, (slice) =>
      tx.$queryRaw<{ legacyId: string }[]>(
        Prisma.sql`SELECT "legacyId" FROM "LegacyAccount" WHERE "system" IN (${Prisma.join(otherSystems)}) AND "legacyId" IN (${Prisma.join(slice)})`,
      ),
    )
    for (const m of elsewhere) idTaken.add(Number(m.legacyId))
  }
  // Users that already stand for another account of this same system: two rows of one system are two people.
  const sameSystem = new Set(
    (await chunked([...byId.keys()], (ids) => tx.legacyAccount.findMany({ where: { system, userId: { in: ids } }, select: { userId: true } }))).map(
      (m) => m.userId,
    ),
  )
  const roleIds = await ensureRoles(tx, users)
  const existingRoles = new Map<number, Set<number>>()
  for (const ur of await chunked([...byId.keys()], (ids) => tx.userRole.findMany({ where: { userId: { in: ids } } }))) {
    existingRoles.set(ur.userId, (existingRoles.get(ur.userId) ?? new Set()).add(ur.roleId))
  }

  // --- The decisions ----------------------------------------------------------------------------
  type Create = { p: Prepared; id?: number; uuid: string; skeleton: string | null; email: string | null; phone: string | null }
  const creates: Create[] = []
  const updates: { id: number; data: Record<string, unknown> }[] = []
  const newMaps: { legacyId: string; userId: number | Create; merged?: true }[] = []
  const roleGrants: { user: number | Create; roleIds: number[] }[] = []
  const sessionsFor: { user: number | Create; p: Prepared }[] = []

  const wantedRoles = (p: Prepared) => [...new Set([ROLE_USER, ...p.u.roles, ...(p.u.admin ? [ROLE_ADMIN] : [])])].map((n) => roleIds.get(n)!)
  const verifiedAt = (p: Prepared) => p.u.createdAt ?? new Date()
  const free = (map: Map<string, Holder>, value: string | null, self: Holder | null) => value === null || !map.has(value) || map.get(value) === self
  const claim = (map: Map<string, Holder>, value: string | null, who: Holder) => {
    if (value !== null) map.set(value, who)
  }
  const drop = (p: Prepared, field: string, reason: string) => p.notes.push({ system, legacyId: p.u.legacyId, outcome: 'field_dropped', field, reason })
  /** What a merged row may add to the user it joined: a password and a contact the user lacks, nothing else. */
  const fillIn = (p: Prepared, existing: UserRow): Record<string, unknown> => {
    const data: Record<string, unknown> = {}
    if (existing.passwordHash === null && p.hash !== null) data.passwordHash = p.hash
    for (const field of ['phone', 'email'] as const) {
      const value = p[field]
      if (existing[field] !== null || value === null || !free(holders[field], value, existing.id)) continue
      data[field] = value
      data[field === 'phone' ? 'phoneVerifiedAt' : 'emailVerifiedAt'] = (field === 'phone' ? p.u.phoneVerified : p.u.emailVerified) ? verifiedAt(p) : null
      claim(holders[field], value, existing.id)
    }
    return data
  }

  for (const p of rows) {
    const u = p.u
    const mapped = mappedTo.get(u.legacyId)
    const target = mapped !== undefined ? byId.get(mapped) : undefined
    if (mapped !== undefined && target && mergedBefore.has(u.legacyId)) {
      // Merged before into someone else's account: nothing of theirs is overwritten by this row.
      const data = fillIn(p, target)
      const missing = wantedRoles(p).filter((r) => !existingRoles.get(target.id)?.has(r))
      if (missing.length) roleGrants.push({ user: target.id, roleIds: missing })
      if (Object.keys(data).length) updates.push({ id: target.id, data })
      out.counts[Object.keys(data).length || missing.length ? 'updated' : 'unchanged']++
      sessionsFor.push({ user: target.id, p })
      out.report.push(...p.notes)
      continue
    }
    if (mapped !== undefined && target) {
      // Imported before: bring it up to date, never duplicate.
      const data: Record<string, unknown> = {}
      if (p.key !== target.nameKey) {
        if (free(holders.nameKey, p.key, target.id)) {
          Object.assign(data, { name: p.name, nameKey: p.key, nameSkeleton: free(holders.skeleton, p.skeleton, target.id) ? p.skeleton : null })
          claim(holders.nameKey, p.key, target.id)
        } else drop(p, 'name', 'name_taken')
      } else if (p.name !== target.name) data.name = p.name
      for (const field of ['phone', 'email'] as const) {
        const value = p[field]
        if (value === null || value === target[field]) continue
        if (free(holders[field], value, target.id)) {
          data[field] = value
          data[field === 'phone' ? 'phoneVerifiedAt' : 'emailVerifiedAt'] = (field === 'phone' ? u.phoneVerified : u.emailVerified) ? verifiedAt(p) : null
          claim(holders[field], value, target.id)
        } else drop(p, field, `${field}_duplicate`)
      }
      // Our own argon2id (the owner signed in here since) is never replaced by the old hash.
      const ours = target.passwordHash !== null && passwordFormat(target.passwordHash) === 'argon2' && passwordFormat(p.hash ?? '') !== 'argon2'
      if (p.hash !== null && p.hash !== target.passwordHash && !ours) data.passwordHash = p.hash
      const status = u.disabled ? 'disabled' : 'active'
      if (status !== target.status) data.status = status
      const missing = wantedRoles(p).filter((r) => !existingRoles.get(target.id)?.has(r))
      if (missing.length) roleGrants.push({ user: target.id, roleIds: missing })
      if (Object.keys(data).length) updates.push({ id: target.id, data: { ...data, updatedAt: u.updatedAt ?? new Date() } })
      out.counts[Object.keys(data).length || missing.length ? 'updated' : 'unchanged']++
      sessionsFor.push({ user: target.id, p })
      out.report.push(...p.notes)
      continue
    }

    // Someone here already holds this phone or email?
    const holderOf = (field: 'phone' | 'email') => (p[field] === null ? undefined : holders[field].get(p[field]!))
    const hp = holderOf('phone')
    const he = holderOf('email')
    if (hp !== undefined && he !== undefined && hp !== he) {
      skip(u.legacyId, 'contact_conflict')
      continue
    }
    const holder = hp ?? he
    if (holder !== undefined) {
      const field = hp !== undefined ? 'phone' : 'email'
      const existing = typeof holder === 'number' ? byId.get(holder) : undefined
      if (!existing || sameSystem.has(existing.id)) {
        // Another account of this same system with the same phone or email: two people, one keeps it.
        drop(p, field, `${field}_duplicate`)
        p[field] = null
        if (field === 'phone' && he !== undefined) {
          drop(p, 'email', 'email_duplicate')
          p.email = null
        }
      } else {
        const provedHere = field === 'phone' ? existing.phoneVerifiedAt !== null : existing.emailVerifiedAt !== null
        const provedThere = field === 'phone' ? u.phoneVerified : u.emailVerified
        if (!provedHere || !provedThere) {
          skip(u.legacyId, `${field}_conflict_unproved`, existing.id)
          continue
        }
        // The same person: one user, and this system's id maps to it.
        const data = fillIn(p, existing)
        if (Object.keys(data).length) updates.push({ id: existing.id, data })
        const missing = wantedRoles(p).filter((r) => !existingRoles.get(existing.id)?.has(r))
        if (missing.length) roleGrants.push({ user: existing.id, roleIds: missing })
        newMaps.push({ legacyId: u.legacyId, userId: existing.id, merged: true })
        sameSystem.add(existing.id)
        sessionsFor.push({ user: existing.id, p })
        out.counts.merged++
        out.report.push(...p.notes, { system, legacyId: u.legacyId, outcome: 'merged', reason: `same_proved_${field}`, userId: existing.id })
        continue
      }
    }

    // A new user.
    if (!free(holders.nameKey, p.key, null)) {
      skip(u.legacyId, 'name_taken')
      continue
    }
    const c: Create = {
      p,
      uuid: u.uuid && free(holders.uuid, u.uuid, null) ? u.uuid : newUuid(),
      skeleton: free(holders.skeleton, p.skeleton, null) ? p.skeleton : null,
      email: p.email,
      phone: p.phone,
    }
    if (u.uuid && c.uuid !== u.uuid) {
      skip(u.legacyId, 'uuid_taken')
      continue
    }
    if (u.id !== undefined) {
      if (!idTaken.has(u.id)) c.id = u.id
      else p.notes.push({ system, legacyId: u.legacyId, outcome: 'id_changed', reason: 'id_taken' })
    }
    const who = `new:${u.legacyId}`
    claim(holders.nameKey, p.key, who)
    claim(holders.skeleton, c.skeleton, who)
    claim(holders.uuid, c.uuid, who)
    claim(holders.phone, c.phone, who)
    claim(holders.email, c.email, who)
    if (c.id !== undefined) idTaken.add(c.id)
    creates.push(c)
    newMaps.push({ legacyId: u.legacyId, userId: c })
    roleGrants.push({ user: c, roleIds: wantedRoles(p) })
    sessionsFor.push({ user: c, p })
    out.counts.created++
    out.report.push(...p.notes)
  }

  // --- The writes ----------------------------------------------------------------------------------
  const now = new Date()
  const createdIds = new Map<Create, number>()
  const data = (c: Create) => ({
    ...(c.id !== undefined ? { id: c.id } : {}),
    uuid: c.uuid,
    name: c.p.name,
    nameKey: c.p.key,
    nameSkeleton: c.skeleton,
    email: c.email,
    phone: c.phone,
    emailVerifiedAt: c.email && c.p.u.emailVerified ? verifiedAt(c.p) : null,
    phoneVerifiedAt: c.phone && c.p.u.phoneVerified ? verifiedAt(c.p) : null,
    passwordHash: c.p.hash,
    status: c.p.u.disabled ? 'disabled' : 'active',
    createdAt: c.p.u.createdAt ?? now,
    updatedAt: c.p.u.updatedAt ?? c.p.u.createdAt ?? now,
    lastLoginAt: c.p.u.lastLoginAt ?? null,
    lastLoginIp: c.p.u.lastLoginIp ?? null,
  })
  // A user who does not keep an old id gets the next one above every id here and every id the
  // source keeps, so it never takes the id of a row a later batch brings.
  const withoutId = creates.filter((c) => c.id === undefined)
  if (withoutId.length) {
    const max = (await tx.user.aggregate({ _max: { id: true } }))._max.id ?? 0
    let next = Math.max(max, idFloor, ...creates.map((c) => c.id ?? 0)) + 1
    for (const c of withoutId) c.id = next++
  }
  await insertRows(tx, 'User', creates.map(data))
  creates.forEach((c) => createdIds.set(c, c.id!))
  const idOf = (x: number | Create) => (typeof x === 'number' ? x : createdIds.get(x)!)
  for (const up of updates) await tx.user.update({ where: { id: up.id }, data: up.data })
  const grants = roleGrants.flatMap((g) => g.roleIds.map((roleId) => ({ userId: idOf(g.user), roleId })))
  await insertRows(tx, 'UserRole', grants)
  await insertRows(
    tx,
    'LegacyAccount',
    newMaps.map((m) => ({ system, legacyId: m.legacyId, userId: idOf(m.userId), createdAt: now })),
  )
  const merged = newMaps.filter((m) => m.merged).map((m) => m.legacyId)
  for (let i = 0; i < merged.length; i += IN_LIMIT)
    await tx.legacyAccount.updateMany({ where: { system, legacyId: { in: merged.slice(i, i + IN_LIMIT) } }, data: { merged: true } })
  out.sessions = await writeSessions(
    tx,
    system,
    sessionsFor.map((s) => ({ userId: idOf(s.user), u: s.p.u })),
  )
  if (creates.length || updates.length || newMaps.length) {
    await tx.auditEvent.create({
      data: { kind: 'users.imported', detail: JSON.stringify({ system, ...out.counts, sessions: out.sessions }) },
    })
  }
  return out
}

/** The roles a batch names, created when missing (with the permissions the old system granted them). */
async function ensureRoles(tx: Tx, users: ImportedUser[]): Promise<Map<string, number>> {
  const names = new Set<string>([ROLE_USER, ROLE_ADMIN])
  const grants = new Map<string, Set<string>>()
  for (const u of users) {
    u.roles.forEach((r) => names.add(r))
    for (const [role, perms] of Object.entries(u.rolePermissions ?? {})) grants.set(role, new Set([...(grants.get(role) ?? []), ...perms]))
  }
  const known = new Map((await tx.role.findMany({ where: { name: { in: [...names] } }, select: { id: true, name: true } })).map((r) => [r.name, r.id]))
  for (const name of names) {
    if (!known.has(name)) known.set(name, (await tx.role.create({ data: { name, description: 'imported' }, select: { id: true } })).id)
  }
  for (const [role, perms] of grants) {
    const roleId = known.get(role)!
    for (const name of perms) {
      const perm = await tx.permission.upsert({ where: { name }, create: { name, description: 'imported' }, update: {}, select: { id: true } })
      await tx.rolePermission.upsert({
        where: { roleId_permissionId: { roleId, permissionId: perm.id } },
        create: { roleId, permissionId: perm.id },
        update: {},
      })
    }
  }
  return known
}

/**
 * The old system's live sign-ins, as sessions of ours (#22 "nobody is logged out"): a RageFrame
 * token pair becomes a session with its access and refresh rows (hashed, as ours are); a Hyperf
 * row's jwt_token becomes a session that knows the token by its hash (lib/core/legacy-tokens.ts).
 * A token already imported is not imported again.
 */
async function writeSessions(tx: Tx, system: string, list: { userId: number; u: ImportedUser }[]): Promise<number> {
  const opaque = list.flatMap(({ userId, u }) => u.sessions.filter((s) => s.kind === 'opaque').map((s) => ({ userId, s })))
  const jwt = list.flatMap(({ userId, u }) => u.sessions.filter((s) => s.kind === 'jwt').map((s) => ({ userId, s })))
  let n = 0
  const now = Date.now()
  if (opaque.length) {
    const hashes = opaque.map((o) => sha256(o.s.accessToken))
    const have = new Set(
      (await chunked(hashes, (slice) => tx.accessToken.findMany({ where: { tokenHash: { in: slice } }, select: { tokenHash: true } }))).map((t) => t.tokenHash),
    )
    const fresh = opaque.filter((o) => !have.has(sha256(o.s.accessToken)))
    const sessions = fresh.map((o) => ({ id: newId(), o }))
    if (sessions.length) {
      await tx.session.createMany({
        data: sessions.map(({ id, o }) => ({
          id,
          userId: o.userId,
          client: system,
          clientGroup: o.s.group,
          createdAt: o.s.createdAt,
          lastUsedAt: o.s.createdAt,
          authAt: o.s.createdAt,
          expiresAt: o.s.refreshExpiresAt,
        })),
      })
      await tx.accessToken.createMany({
        data: sessions.map(({ id, o }) => ({
          id: newId(),
          sessionId: id,
          tokenHash: sha256(o.s.accessToken),
          createdAt: o.s.createdAt,
          expiresAt: o.s.accessExpiresAt,
        })),
      })
      await tx.refreshToken.createMany({
        data: sessions.map(({ id, o }) => ({
          id: newId(),
          sessionId: id,
          tokenHash: sha256(o.s.refreshToken),
          createdAt: o.s.createdAt,
          expiresAt: o.s.refreshExpiresAt,
        })),
      })
      n += sessions.length
    }
  }
  if (jwt.length) {
    const rows = jwt.flatMap(({ userId, s }) => {
      const r = hyperfLegacySession(s.accessToken, s.refreshToken, now)
      return r ? [{ userId, ...r }] : []
    })
    const have = new Set(
      (
        await chunked(
          rows.map((r) => r.id),
          (ids) => tx.session.findMany({ where: { id: { in: ids } }, select: { id: true } }),
        )
      ).map((s) => s.id),
    )
    const fresh = rows.filter((r) => !have.has(r.id))
    if (fresh.length) {
      await tx.session.createMany({
        data: fresh.map((r) => ({
          id: r.id,
          userId: r.userId,
          client: system,
          createdAt: r.issuedAt,
          lastUsedAt: r.issuedAt,
          authAt: r.issuedAt,
          expiresAt: r.expiresAt,
          currentJti: r.marker,
        })),
      })
      const refresh = fresh.filter((r) => r.refresh)
      if (refresh.length) {
        await tx.refreshToken.createMany({
          data: refresh.map((r) => ({ id: newId(), sessionId: r.id, tokenHash: r.refresh!.hash, createdAt: r.issuedAt, expiresAt: r.refresh!.expiresAt })),
        })
      }
      n += fresh.length
    }
  }
  return n
}
