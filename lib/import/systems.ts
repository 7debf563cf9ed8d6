// The four old systems' user tables, read as their own code writes them (facts and sources:
// docs/migration.md, ../shared/reference/migration.md). Each reader pages through its table by
// primary key (keyset: an interrupted run starts again anywhere) and turns a row into an
// ImportedUser; it judges nothing, the writer (write.ts) does.
import { quoter, type Row, type Source } from './source'
import type { ImportedJwtSession, ImportedOpaqueSession, ImportedUser, SystemName } from './types'

export type ReadOptions = {
  /** Table prefix (`rf_` for RageFrame; Laravel's DB_PREFIX for ThinkSNS+). */
  prefix: string
  /** RageFrame: 'member_info' (2.1, `mobile_phone`) or 'member' (2.3+, `mobile`); detected when absent. */
  rageframeTable?: 'member_info' | 'member'
  /** RageFrame token lifetimes (seconds): the old system's, to date the imported tokens. */
  rageframeAccessTtl: number
  rageframeRefreshTtl: number
}

export interface SystemReader {
  count(): Promise<number>
  /** The largest integer id the source holds (0: none), so no new id given here takes one a later row keeps. */
  maxId(): Promise<number>
  /** Up to `limit` users whose key sorts after `after` (null: from the start), in key order. */
  batch(after: string | number | null, limit: number): Promise<{ users: ImportedUser[]; last: string | number | null }>
}

const str = (v: unknown): string | null => {
  if (v === null || v === undefined) return null
  const s = String(v).trim()
  return s === '' ? null : s
}

/** A date from a DATETIME/TIMESTAMP (a Date or text) or a unix time in seconds (RageFrame); 0 and invalid are none. */
function date(v: unknown): Date | null {
  if (v === null || v === undefined || v === '' || v === 0 || v === '0') return null
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v
  if (typeof v === 'number' || /^\d+$/.test(String(v))) {
    const n = Number(v)
    return n > 0 ? new Date(n * 1000) : null
  }
  const d = new Date(String(v).includes('T') || /[zZ+]/.test(String(v)) ? String(v) : String(v).replace(' ', 'T') + 'Z')
  return Number.isNaN(d.getTime()) ? null : d
}

const int = (v: unknown): number | undefined => {
  const n = Number(v)
  return Number.isSafeInteger(n) && n > 0 ? n : undefined
}

/** A paged reader over one table keyed by `key`. */
function pager(src: Source, table: string, key: string, map: (rows: Row[]) => Promise<ImportedUser[]>, integerKey = true): SystemReader {
  const q = quoter(src.kind)
  return {
    async maxId() {
      if (!integerKey) return 0
      const [r] = await src.all(`SELECT MAX(${q(key)}) AS n FROM ${q(table)}`)
      return Number(r.n ?? 0) || 0
    },
    async count() {
      const [r] = await src.all(`SELECT COUNT(*) AS n FROM ${q(table)}`)
      return Number(r.n)
    },
    async batch(after, limit) {
      const rows =
        after === null
          ? await src.all(`SELECT * FROM ${q(table)} ORDER BY ${q(key)} LIMIT ${Number(limit)}`)
          : await src.all(`SELECT * FROM ${q(table)} WHERE ${q(key)} > ? ORDER BY ${q(key)} LIMIT ${Number(limit)}`, [after])
      const last = rows.length ? (rows[rows.length - 1][key] as string | number) : null
      return { users: await map(rows), last: typeof last === 'bigint' ? Number(last) : last }
    },
  }
}

/** `SELECT … WHERE col IN (?, ?, …)` for a page's keys (no statement for an empty list). */
async function whereIn(src: Source, sql: string, values: unknown[]): Promise<Row[]> {
  if (values.length === 0) return []
  return src.all(sql.replace('(?)', `(${values.map(() => '?').join(', ')})`), values)
}

// --- ThinkSNS+ (slimkit/plus): users, roles/role_user; `founder` is the administrator ----------

async function thinksns(src: Source, o: ReadOptions): Promise<SystemReader> {
  const q = quoter(src.kind)
  const t = (n: string) => q(o.prefix + n)
  const withRoles = (await src.hasTable(o.prefix + 'roles')) && (await src.hasTable(o.prefix + 'role_user'))
  return pager(src, o.prefix + 'users', 'id', async (rows) => {
    const roles = new Map<string, string[]>()
    if (withRoles) {
      const ids = rows.map((r) => r.id)
      const sql = `SELECT ru.${q('user_id')} AS uid, r.${q('name')} AS name FROM ${t('role_user')} ru JOIN ${t('roles')} r ON r.${q('id')} = ru.${q('role_id')} WHERE ru.${q('user_id')} IN (?)`
      for (const r of await whereIn(src, sql, ids)) roles.set(String(r.uid), [...(roles.get(String(r.uid)) ?? []), String(r.name)])
    }
    return rows.map((r) => {
      const names = roles.get(String(r.id)) ?? []
      return {
        legacyId: String(r.id),
        id: int(r.id),
        name: str(r.name),
        email: str(r.email),
        phone: str(r.phone),
        // ThinkSNS+ registers by a code sent to the phone or email (seed 000): what it holds is proved.
        emailVerified: true,
        phoneVerified: true,
        disabled: r.deleted_at !== null && r.deleted_at !== undefined,
        createdAt: date(r.created_at),
        updatedAt: date(r.updated_at),
        lastLoginIp: str(r.last_login_ip),
        roles: names.filter((n) => n !== 'founder').map((n) => `thinksns:${n}`),
        admin: names.includes('founder'),
        passwordHash: str(r.password),
        sessions: [],
      }
    })
  })
}

// --- Hyperf (JerryTZF/hyperf-v3): users with role_id "1,3,4", roles with super_admin ----------

async function hyperf(src: Source, o: ReadOptions): Promise<SystemReader> {
  const q = quoter(src.kind)
  const roleNames = new Map<string, { name: string; admin: boolean }>()
  if (await src.hasTable(o.prefix + 'roles')) {
    for (const r of await src.all(`SELECT ${q('id')}, ${q('role_name')}, ${q('super_admin')} FROM ${q(o.prefix + 'roles')}`)) {
      roleNames.set(String(r.id), { name: str(r.role_name) ?? String(r.id), admin: r.super_admin === 'yes' })
    }
  }
  return pager(src, o.prefix + 'users', 'id', async (rows) =>
    rows.map((r) => {
      const ids = (str(r.role_id) ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      const sessions: ImportedJwtSession[] = str(r.jwt_token) ? [{ kind: 'jwt', accessToken: str(r.jwt_token)!, refreshToken: str(r.refresh_jwt_token) }] : []
      return {
        legacyId: String(r.id),
        id: int(r.id),
        name: str(r.account),
        email: null,
        phone: str(r.phone),
        emailVerified: false,
        // The project signs up and in by phone (seed 002): the phone is the account's.
        phoneVerified: true,
        disabled: r.status === 'ban',
        createdAt: date(r.create_time),
        updatedAt: date(r.update_time),
        // The role ids stay as names `hyperf:<id>`, so the `rid` in tokens can be given back.
        roles: ids.map((id) => `hyperf:${id}`),
        rolePermissions: undefined,
        admin: ids.some((id) => roleNames.get(id)?.admin),
        passwordHash: str(r.password),
        sessions,
      }
    }),
  )
}

// --- The Flask project (seed 003): users, roles, permissions, user_roles, role_permissions ------

async function flask(src: Source, o: ReadOptions): Promise<SystemReader> {
  const q = quoter(src.kind)
  const t = (n: string) => q(o.prefix + n)
  const has = async (...names: string[]) => (await Promise.all(names.map((n) => src.hasTable(o.prefix + n)))).every(Boolean)
  const withRoles = await has('roles', 'user_roles')
  const grants = new Map<string, string[]>()
  if (withRoles && (await has('permissions', 'role_permissions'))) {
    const sql = `SELECT r.${q('role_name')} AS role, p.${q('permission_name')} AS perm FROM ${t('role_permissions')} rp JOIN ${t('roles')} r ON r.${q('role_id')} = rp.${q('role_id')} JOIN ${t('permissions')} p ON p.${q('permission_id')} = rp.${q('permission_id')}`
    for (const r of await src.all(sql)) grants.set(String(r.role), [...(grants.get(String(r.role)) ?? []), String(r.perm)])
  }
  return pager(
    src,
    o.prefix + 'users',
    'user_id',
    async (rows) => {
      const roles = new Map<string, string[]>()
      if (withRoles) {
        const sql = `SELECT ur.${q('user_id')} AS uid, r.${q('role_name')} AS name FROM ${t('user_roles')} ur JOIN ${t('roles')} r ON r.${q('role_id')} = ur.${q('role_id')} WHERE ur.${q('user_id')} IN (?)`
        for (const r of await whereIn(
          src,
          sql,
          rows.map((x) => x.user_id),
        ))
          roles.set(String(r.uid), [...(roles.get(String(r.uid)) ?? []), String(r.name)])
      }
      return rows.map((r) => {
        const names = roles.get(String(r.user_id)) ?? []
        const mine = Object.fromEntries(names.filter((n) => grants.has(n)).map((n) => [n, grants.get(n)!]))
        return {
          legacyId: String(r.user_id),
          uuid: String(r.user_id),
          name: str(r.username),
          email: str(r.email),
          phone: str(r.phone),
          // Its register stores the email without a code (#21 item 7): nothing it holds is proved.
          emailVerified: false,
          phoneVerified: false,
          disabled: r.status === false || r.status === 0 || r.status === '0',
          createdAt: date(r.created_at),
          updatedAt: date(r.updated_at),
          lastLoginAt: date(r.last_login),
          // Its role names are ours already (USER, ADMIN in the seed's payload).
          roles: names,
          rolePermissions: mine,
          admin: names.includes('ADMIN'),
          passwordHash: str(r.password),
          sessions: [],
        }
      })
    },
    false,
  )
}

// --- RageFrame2: rf_member_info (2.1) or rf_member (2.3+), rf_api_access_token -----------------

async function rageframe(src: Source, o: ReadOptions): Promise<SystemReader> {
  const q = quoter(src.kind)
  const generation = o.rageframeTable ?? ((await src.hasTable(o.prefix + 'member')) ? 'member' : 'member_info')
  const phoneColumn = generation === 'member' ? 'mobile' : 'mobile_phone'
  const tokens = (await src.hasTable(o.prefix + 'api_access_token')) ? o.prefix + 'api_access_token' : null
  const now = Date.now()
  return pager(src, o.prefix + generation, 'id', async (rows) => {
    const sessions = new Map<string, ImportedOpaqueSession[]>()
    if (tokens) {
      const sql = `SELECT * FROM ${q(tokens)} WHERE ${q('member_id')} IN (?) AND ${q('status')} = 1`
      for (const t of await whereIn(
        src,
        sql,
        rows.map((r) => r.id),
      )) {
        const access = str(t.access_token)
        const refresh = str(t.refresh_token)
        if (!access || !refresh) continue
        // A token's age is its `_<unix time>` suffix (there is no expiry column).
        const issued = (s: string) => date(s.split('_').pop()) ?? date(t.updated_at) ?? date(t.created_at) ?? new Date(now)
        const refreshExpiresAt = new Date(issued(refresh).getTime() + o.rageframeRefreshTtl * 1000)
        if (refreshExpiresAt.getTime() <= now) continue
        const list = sessions.get(String(t.member_id)) ?? []
        list.push({
          kind: 'opaque',
          accessToken: access,
          refreshToken: refresh,
          group: str(t.group),
          createdAt: date(t.created_at) ?? issued(access),
          accessExpiresAt: new Date(issued(access).getTime() + o.rageframeAccessTtl * 1000),
          refreshExpiresAt,
        })
        sessions.set(String(t.member_id), list)
      }
    }
    return rows.map((r) => ({
      legacyId: String(r.id),
      id: int(r.id),
      name: str(r.username),
      email: str(r.email),
      phone: str(r[phoneColumn]),
      emailVerified: false,
      // RageFrame registers by an SMS code to the mobile (seed 004).
      phoneVerified: true,
      disabled: Number(r.status) !== 1,
      createdAt: date(r.created_at),
      updatedAt: date(r.updated_at),
      lastLoginAt: date(r.last_time),
      lastLoginIp: str(r.last_ip),
      roles: [],
      // type 10 is 管理员 (m200529_152445_member.php).
      admin: Number(r.type) === 10,
      passwordHash: str(r.password_hash),
      sessions: sessions.get(String(r.id)) ?? [],
    }))
  })
}

export async function systemReader(system: SystemName, src: Source, o: ReadOptions): Promise<SystemReader> {
  switch (system) {
    case 'thinksns':
      return thinksns(src, o)
    case 'hyperf':
      return hyperf(src, o)
    case 'flask':
      return flask(src, o)
    case 'rageframe':
      return rageframe(src, o)
  }
}
