// The hot statements (decision 0006), one function each, with the Prisma path for the same
// operation beside it. Given a transaction client (`tx`) a function runs through Prisma inside that
// transaction — plain SQL would not be part of it (and on SQLite would wait for it, lib/sql.ts);
// without one it runs the prepared statement on Prisma's own connection or pool, which costs tens
// of microseconds where Prisma's query compiler costs milliseconds. The use cases (sessions.ts,
// roles.ts, audit.ts, limits.ts, users.ts) call these and never write SQL themselves.
//
// Why here, in lib/core, and not under lib/: every caller is a core use case, the rows it returns
// are the core's types, and the import rules that keep lib/core free of Next, dialects and
// providers then guard these statements too. lib/sql.ts stays the executor (what differs between
// SQLite and PostgreSQL), lib/db.ts the client.
//
// Table and column names come from the generated client (Prisma.ModelName, Prisma.*ScalarFieldEnum),
// and every table read here lists each of its columns with the kind of value it holds: a renamed,
// removed or added column fails the compile here, not a query at run time. (The schema maps no
// model or field to another name with @map/@@map; one that did would need its database name here.)
import { sql, type Tx } from '../db'
import { Prisma, type AccessToken, type RefreshToken, type Session, type User } from '../generated/sqlite/client'
import { fromSqlDate, sqlDate, type SqlValue } from '../sql'
import { AuthError } from './errors'
import { ACTIVE_STATUS } from './rules'

// ---------------------------------------------------------------------------------------------
// Identifiers from the generated client

const FIELDS = {
  User: Prisma.UserScalarFieldEnum,
  Role: Prisma.RoleScalarFieldEnum,
  UserRole: Prisma.UserRoleScalarFieldEnum,
  Session: Prisma.SessionScalarFieldEnum,
  RateLimit: Prisma.RateLimitScalarFieldEnum,
  AuditEvent: Prisma.AuditEventScalarFieldEnum,
  AccessToken: Prisma.AccessTokenScalarFieldEnum,
  RefreshToken: Prisma.RefreshTokenScalarFieldEnum,
} as const satisfies { [M in Prisma.ModelName]?: Record<string, string> }

type Model = keyof typeof FIELDS
type Field<M extends Model> = keyof (typeof FIELDS)[M] & string

/**
 * A model's quoted table name and column names, e.g. `S.table` = `"Session"`, `S.c.userId` =
 * `"userId"`: a field the generated client does not list is a compile error.
 */
function identifiers<M extends Model>(model: M) {
  const fields = FIELDS[model] as Record<Field<M>, string>
  const table = `"${Prisma.ModelName[model]}"`
  const c = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, `"${v}"`])) as { readonly [K in Field<M>]: string }
  return {
    table,
    c,
    /** `"Table"."column"`, for joins. */
    q: (f: Field<M>) => `${table}.${c[f]}`,
    list: (fs: readonly Field<M>[]) => fs.map((f) => c[f]).join(', '),
  }
}

const U = identifiers('User')
const R = identifiers('Role')
const UR = identifiers('UserRole')
const S = identifiers('Session')
const L = identifiers('RateLimit')
const A = identifiers('AuditEvent')
const AT = identifiers('AccessToken')
const RT = identifiers('RefreshToken')

// How each column of a table read here comes back from the executor. `satisfies Record<…>` makes
// the list exhaustive: a column added to the schema must be named here before this compiles.
type Kind = 'text' | 'int' | 'date' | 'bool'
const SESSION_COLUMNS = {
  id: 'text',
  userId: 'int',
  client: 'text',
  clientGroup: 'text',
  createdAt: 'date',
  lastUsedAt: 'date',
  expiresAt: 'date',
  authAt: 'date',
  ip: 'text',
  userAgent: 'text',
  currentJti: 'text',
  revokedAt: 'date',
  revokeReason: 'text',
} as const satisfies Record<Field<'Session'>, Kind>

const USER_COLUMNS = {
  id: 'int',
  uuid: 'text',
  name: 'text',
  nameKey: 'text',
  nameSkeleton: 'text',
  email: 'text',
  phone: 'text',
  emailVerifiedAt: 'date',
  phoneVerifiedAt: 'date',
  passwordHash: 'text',
  status: 'text',
  wechatOpenid: 'text',
  wechatUnionid: 'text',
  visitCount: 'int',
  createdAt: 'date',
  updatedAt: 'date',
  lastLoginAt: 'date',
  lastLoginIp: 'text',
  passwordMustChange: 'bool',
  consentedAt: 'date',
} as const satisfies Record<Field<'User'>, Kind>

const ACCESS_TOKEN_COLUMNS = {
  id: 'text',
  sessionId: 'text',
  tokenHash: 'text',
  createdAt: 'date',
  expiresAt: 'date',
  revokedAt: 'date',
} as const satisfies Record<Field<'AccessToken'>, Kind>

const REFRESH_TOKEN_COLUMNS = {
  id: 'text',
  sessionId: 'text',
  tokenHash: 'text',
  createdAt: 'date',
  expiresAt: 'date',
  spentAt: 'date',
  replacedBy: 'text',
} as const satisfies Record<Field<'RefreshToken'>, Kind>

const keysOf = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[]
const dateFields = <T extends Record<string, Kind>>(o: T) => keysOf(o).filter((k) => o[k] === 'date')

/** A row read by the executor → the model's type (dates as Date, null stays null). */
function fromRow<T>(row: Record<string, SqlValue>, dates: readonly string[], bools: readonly string[] = []): T {
  const out: Record<string, unknown> = { ...row }
  for (const f of dates) out[f] = fromSqlDate(row[f])
  // SQLite answers 0/1, PostgreSQL true/false.
  for (const f of bools) out[f] = (row[f] as unknown) === true || Number(row[f]) === 1
  return out as T
}

const SESSION_DATES = dateFields(SESSION_COLUMNS)
const ACCESS_TOKEN_DATES = dateFields(ACCESS_TOKEN_COLUMNS)
const REFRESH_TOKEN_DATES = dateFields(REFRESH_TOKEN_COLUMNS)
const USER_DATES = dateFields(USER_COLUMNS)
const USER_BOOLS = keysOf(USER_COLUMNS).filter((k) => USER_COLUMNS[k] === 'bool')

// ---------------------------------------------------------------------------------------------
// Sessions

const INSERT_SESSION_FIELDS = [
  'id',
  'userId',
  'client',
  'clientGroup',
  'ip',
  'userAgent',
  'createdAt',
  'lastUsedAt',
  'expiresAt',
  'authAt',
] as const satisfies readonly Field<'Session'>[]
// The row is written only while its user is active, in the same statement: a sign-in that checked
// the password just before an admin disabled the account cannot leave a live session behind
// (setUserStatus writes the status, then ends the user's sessions). PostgreSQL: FOR SHARE holds
// the user row until the insert commits, so a concurrent disable waits for it and then ends the
// new session; SQLite runs one write at a time.
const INSERT_SESSION_SELECT =
  `INSERT INTO ${S.table} (${S.list(INSERT_SESSION_FIELDS)}) SELECT ${INSERT_SESSION_FIELDS.map(() => '?').join(', ')} FROM ${U.table} ` +
  `WHERE ${U.c.id} = ? AND ${U.c.status} = '${ACTIVE_STATUS}'`
const INSERT_SESSION = { sqlite: INSERT_SESSION_SELECT, postgresql: `${INSERT_SESSION_SELECT} FOR SHARE` } as const

/**
 * Writes a new session row (currentJti, revokedAt and revokeReason start null) if its user is
 * active at that moment; throws AuthError user_disabled otherwise.
 */
export async function insertSession(session: Session, tx?: Tx): Promise<Session> {
  if (tx) {
    // Inside a transaction (tests; SQLite holds its write lock for it): the same check through Prisma.
    if (!(await tx.user.findFirst({ where: { id: session.userId, status: ACTIVE_STATUS }, select: { id: true } })))
      throw new AuthError('user_disabled', { reason: 'disabled_before_session' })
    return tx.session.create({ data: session })
  }
  const q = await sql()
  const values = INSERT_SESSION_FIELDS.map((f) => {
    const v = session[f]
    return v instanceof Date ? sqlDate(q, v) : v
  })
  if ((await q.run(INSERT_SESSION[q.provider], [...values, session.userId])) !== 1) throw new AuthError('user_disabled', { reason: 'disabled_before_session' })
  return session
}

const SESSION_BY_ID = `SELECT ${S.list(keysOf(SESSION_COLUMNS))} FROM ${S.table} WHERE ${S.c.id} = ?`

/** One session by id, live or not. */
export async function findSession(id: string, tx?: Tx): Promise<Session | null> {
  if (tx) return tx.session.findUnique({ where: { id } })
  const row = await (await sql()).one<Record<string, SqlValue>>(SESSION_BY_ID, [id])
  return row ? fromRow<Session>(row, SESSION_DATES) : null
}

const SWAP_JTI = `UPDATE ${S.table} SET ${S.c.currentJti} = ?, ${S.c.lastUsedAt} = ? WHERE ${S.c.id} = ? AND ${S.c.revokedAt} IS NULL`
const SWAP_JTI_FROM = `${SWAP_JTI} AND ${S.c.currentJti} = ?`

/**
 * Makes `next` the current jti of a session that is not revoked, if its current one is still
 * `previous` (null: whatever it is). One conditional write; true when it changed the row.
 */
export async function swapCurrentJti(sessionId: string, previous: string | null, next: string, lastUsedAt: Date, tx?: Tx): Promise<boolean> {
  if (tx) {
    const { count } = await tx.session.updateMany({
      where: { id: sessionId, revokedAt: null, ...(previous === null ? {} : { currentJti: previous }) },
      data: { currentJti: next, lastUsedAt },
    })
    return count === 1
  }
  const q = await sql()
  const at = sqlDate(q, lastUsedAt)
  const count = previous === null ? await q.run(SWAP_JTI, [next, at, sessionId]) : await q.run(SWAP_JTI_FROM, [next, at, sessionId, previous])
  return count === 1
}

// ---------------------------------------------------------------------------------------------
// Opaque tokens (RageFrame's pairs): stored as their hash only

const ACCESS_BY_HASH = `SELECT ${AT.list(keysOf(ACCESS_TOKEN_COLUMNS))} FROM ${AT.table} WHERE ${AT.c.tokenHash} = ?`
const REFRESH_BY_HASH = `SELECT ${RT.list(keysOf(REFRESH_TOKEN_COLUMNS))} FROM ${RT.table} WHERE ${RT.c.tokenHash} = ?`

/** The access token row with this hash, revoked or not. */
export async function findAccessTokenByHash(tokenHash: string): Promise<AccessToken | null> {
  const row = await (await sql()).one<Record<string, SqlValue>>(ACCESS_BY_HASH, [tokenHash])
  return row ? fromRow<AccessToken>(row, ACCESS_TOKEN_DATES) : null
}

/** The refresh token row with this hash, spent or not. */
export async function findRefreshTokenByHash(tokenHash: string): Promise<RefreshToken | null> {
  const row = await (await sql()).one<Record<string, SqlValue>>(REFRESH_BY_HASH, [tokenHash])
  return row ? fromRow<RefreshToken>(row, REFRESH_TOKEN_DATES) : null
}

const SPEND_REFRESH = `UPDATE ${RT.table} SET ${RT.c.spentAt} = ?, ${RT.c.replacedBy} = ? WHERE ${RT.c.id} = ? AND ${RT.c.spentAt} IS NULL`

/** Marks an unspent refresh token spent at `at` and names its successor; false when another request spent it first. */
export async function spendRefreshToken(id: string, at: Date, replacedBy: string): Promise<boolean> {
  const q = await sql()
  return (await q.run(SPEND_REFRESH, [sqlDate(q, at), replacedBy, id])) === 1
}

const REVOKE_SESSION_ACCESS = `UPDATE ${AT.table} SET ${AT.c.revokedAt} = ? WHERE ${AT.c.sessionId} = ? AND ${AT.c.revokedAt} IS NULL`

/** Revokes every live access token of a session (before its next one is written). */
export async function revokeSessionAccessTokens(sessionId: string, at: Date): Promise<number> {
  const q = await sql()
  return q.run(REVOKE_SESSION_ACCESS, [sqlDate(q, at), sessionId])
}

const TOKEN_INSERT_FIELDS = ['id', 'sessionId', 'tokenHash', 'createdAt', 'expiresAt'] as const
const INSERT_ACCESS = `INSERT INTO ${AT.table} (${AT.list(TOKEN_INSERT_FIELDS)}) VALUES (?, ?, ?, ?, ?)`
const INSERT_REFRESH = `INSERT INTO ${RT.table} (${RT.list(TOKEN_INSERT_FIELDS)}) VALUES (?, ?, ?, ?, ?)`

export type NewTokenRow = { id: string; sessionId: string; tokenHash: string; createdAt: Date; expiresAt: Date }

/**
 * Writes a rotated pair, the refresh row first: a parallel retry of the spent token waits for the
 * access row (tokens.ts), so when it finds that, the refresh row it hands out is there too.
 */
export async function insertRotatedPair(access: NewTokenRow, refresh: NewTokenRow): Promise<void> {
  const q = await sql()
  const values = (r: NewTokenRow) => [r.id, r.sessionId, r.tokenHash, sqlDate(q, r.createdAt), sqlDate(q, r.expiresAt)]
  await q.run(INSERT_REFRESH, values(refresh))
  await q.run(INSERT_ACCESS, values(access))
}

// ---------------------------------------------------------------------------------------------
// Roles

export type RoleRow = { id: number; name: string; description: string }

const ROLES_OF_USER = `SELECT ${R.q('id')}, ${R.q('name')}, ${R.q('description')} FROM ${UR.table} JOIN ${R.table} ON ${R.q('id')} = ${UR.q('roleId')} WHERE ${UR.q('userId')} = ? ORDER BY ${UR.q('roleId')}`

/** The roles of a user, by role id. */
export async function rolesOfUser(userId: number, tx?: Tx): Promise<RoleRow[]> {
  if (tx) {
    const rows = await tx.userRole.findMany({ where: { userId }, include: { role: true }, orderBy: { roleId: 'asc' } })
    return rows.map((r) => ({ id: r.role.id, name: r.role.name, description: r.role.description }))
  }
  return (await sql()).all<RoleRow>(ROLES_OF_USER, [userId])
}

// ---------------------------------------------------------------------------------------------
// Audit

export type AuditRow = {
  kind: string
  userId: number | null
  actorId: number | null
  sessionId: string | null
  client: string | null
  ip: string | null
  detail: string | null
}

const AUDIT_FIELDS = ['kind', 'userId', 'actorId', 'sessionId', 'client', 'ip', 'detail'] as const satisfies readonly (keyof AuditRow & Field<'AuditEvent'>)[]
const INSERT_AUDIT = `INSERT INTO ${A.table} (${A.list([...AUDIT_FIELDS, 'createdAt'])}) VALUES (${[...AUDIT_FIELDS, 'createdAt'].map(() => '?').join(', ')})`

/** Writes one audit row, stamped now. */
export async function insertAudit(row: AuditRow, tx?: Tx): Promise<void> {
  if (tx) {
    await tx.auditEvent.create({ data: row })
    return
  }
  const q = await sql()
  await q.run(INSERT_AUDIT, [...AUDIT_FIELDS.map((f) => row[f]), sqlDate(q, new Date())])
}

// ---------------------------------------------------------------------------------------------
// Limit counters (fixed windows, one conditional write each)

const COUNT_HIT = `UPDATE ${L.table} SET ${L.c.count} = ${L.c.count} + 1 WHERE ${L.c.key} = ? AND ${L.c.windowStart} > ? AND ${L.c.count} < ?`
const RESTART_WINDOW = `UPDATE ${L.table} SET ${L.c.count} = 1, ${L.c.windowStart} = ? WHERE ${L.c.key} = ? AND ${L.c.windowStart} <= ?`
const WINDOW_START = `SELECT ${L.c.windowStart} FROM ${L.table} WHERE ${L.c.key} = ?`
const INSERT_COUNTER = `INSERT INTO ${L.table} (${L.list(['key', 'count', 'windowStart'])}) VALUES (?, 1, ?) ON CONFLICT (${L.c.key}) DO NOTHING`

/** Counts a hit in a window that started after `windowFloor` and is under `limit`; true if it counted. */
export async function countLimitHit(key: string, windowFloor: Date, limit: number, tx?: Tx): Promise<boolean> {
  if (tx)
    return (
      (await tx.rateLimit.updateMany({ where: { key, windowStart: { gt: windowFloor }, count: { lt: limit } }, data: { count: { increment: 1 } } })).count === 1
    )
  const q = await sql()
  return (await q.run(COUNT_HIT, [key, sqlDate(q, windowFloor), limit])) === 1
}

/** Starts a new window at `now` with this hit, if the counter's window started at or before `windowFloor`. */
export async function restartLimitWindow(key: string, now: Date, windowFloor: Date, tx?: Tx): Promise<boolean> {
  if (tx) return (await tx.rateLimit.updateMany({ where: { key, windowStart: { lte: windowFloor } }, data: { count: 1, windowStart: now } })).count === 1
  const q = await sql()
  return (await q.run(RESTART_WINDOW, [sqlDate(q, now), key, sqlDate(q, windowFloor)])) === 1
}

/** When the counter's window started, or null without a counter. */
export async function limitWindowStart(key: string, tx?: Tx): Promise<Date | null> {
  if (tx) return (await tx.rateLimit.findUnique({ where: { key }, select: { windowStart: true } }))?.windowStart ?? null
  const row = await (await sql()).one<{ windowStart: string }>(WINDOW_START, [key])
  return row ? fromSqlDate(row.windowStart) : null
}

const COUNTER = `SELECT ${L.c.count}, ${L.c.windowStart} FROM ${L.table} WHERE ${L.c.key} = ?`

/** A counter as it stands (count and window start), or null without one. */
export async function limitCounter(key: string): Promise<{ count: number; windowStart: Date } | null> {
  const row = await (await sql()).one<{ count: number | string; windowStart: string }>(COUNTER, [key])
  const windowStart = row && fromSqlDate(row.windowStart)
  return row && windowStart ? { count: Number(row.count), windowStart } : null
}

/** Creates the counter with this hit unless another request created it first; true if this one did. */
export async function insertLimitCounter(key: string, now: Date, tx?: Tx): Promise<boolean> {
  if (tx) {
    // Prisma has no "insert or nothing" on SQLite (createMany's skipDuplicates is PostgreSQL's):
    // look first. Inside the caller's transaction no other writer gets between the two on SQLite;
    // on PostgreSQL a concurrent creator makes this insert fail, and the transaction with it.
    if (await tx.rateLimit.findUnique({ where: { key }, select: { key: true } })) return false
    await tx.rateLimit.create({ data: { key, count: 1, windowStart: now } })
    return true
  }
  const q = await sql()
  return (await q.run(INSERT_COUNTER, [key, sqlDate(q, now)])) === 1
}

// ---------------------------------------------------------------------------------------------
// Users

/** The unique columns a user is looked up by. */
export type UserKey = Extract<Field<'User'>, 'id' | 'nameKey' | 'email' | 'phone' | 'uuid'>

const USER_SELECT = `SELECT ${U.list(keysOf(USER_COLUMNS))} FROM ${U.table} WHERE `
const userBy = new Map<UserKey, string>()

/** One user by a unique column. */
export async function findUserBy(column: UserKey, value: string | number, tx?: Tx): Promise<User | null> {
  if (tx) return tx.user.findFirst({ where: { [column]: value } as Prisma.UserWhereInput })
  let text = userBy.get(column)
  if (!text) userBy.set(column, (text = `${USER_SELECT}${U.c[column]} = ?`))
  const row = await (await sql()).one<Record<string, SqlValue>>(text, [value])
  return row ? fromRow<User>(row, USER_DATES, USER_BOOLS) : null
}

// A sign-in is not a change of the profile: `updatedAt` stays (the public views show it as
// `updated_at`, so bumping it would publish each user's last sign-in; #21 item 12).
const RECORD_SIGN_IN = `UPDATE ${U.table} SET ${U.c.lastLoginAt} = ?, ${U.c.lastLoginIp} = ?, ${U.c.visitCount} = ${U.c.visitCount} + 1 WHERE ${U.c.id} = ? RETURNING ${U.c.visitCount}`

/** Records a sign-in on the user row (time, address, one more visit; `updatedAt` untouched); the new visit count, or null without such a user. */
export async function recordUserSignIn(userId: number, at: Date, ip: string | null, tx?: Tx): Promise<number | null> {
  if (tx) {
    // Prisma stamps an @updatedAt column on every update unless the write names a value: keep the row's own.
    const row = await tx.user.findUnique({ where: { id: userId }, select: { updatedAt: true } })
    if (!row) return null
    const { count } = await tx.user.updateMany({
      where: { id: userId },
      data: { lastLoginAt: at, lastLoginIp: ip, visitCount: { increment: 1 }, updatedAt: row.updatedAt },
    })
    if (count === 0) return null
    return (await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { visitCount: true } })).visitCount
  }
  const q = await sql()
  const row = await q.one<{ visitCount: number }>(RECORD_SIGN_IN, [sqlDate(q, at), ip, userId])
  return row ? row.visitCount : null
}
