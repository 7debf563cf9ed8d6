// The Prisma client, chosen by DATABASE_URL: better-sqlite3 for file:, pg for postgres:// (SPEC §1).
// Both generated clients come from one schema, so the SQLite client's type describes both.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { PrismaClient as SqliteClient, Prisma } from './generated/sqlite/client'
import { PrismaClient as PostgresClient } from './generated/postgres/client'
import { config } from './config'
import { AuthError, isAuthError } from './core/errors'
import { log, errorFields } from './log'
import { serialFactory, type SqliteConnection } from './sqlite-serial'
import { pgSql, sqliteSql, type Sql, type SqlValue } from './sql'
import type { DatabaseTarget } from './db-url'

export type Db = SqliteClient
export type Tx = Prisma.TransactionClient
export { Prisma }

// Each client's plain-SQL executor (lib/sql.ts), on the same connection or pool. Kept on the client
// under a registered symbol, not in a module-level map: under server.ts this module is loaded twice
// (the fast path and Next's bundle) and both copies share one client through globalThis.
const SQL_EXECUTOR = Symbol.for('identity.sqlExecutor')
// The PostgreSQL pool under a client, for poolStats() (metrics: connections in use, idle, waiting).
const POOL = Symbol.for('identity.pgPool')
const sqlOf = {
  set(client: object, get: () => Promise<Sql>) {
    Object.defineProperty(client, SQL_EXECUTOR, { value: get })
  },
  get(client: object): (() => Promise<Sql>) | undefined {
    return (client as { [SQL_EXECUTOR]?: () => Promise<Sql> })[SQL_EXECUTOR]
  },
}

export type PoolOptions = { connectTimeoutMs?: number; queryTimeoutMs?: number }

export function createDb(target: DatabaseTarget, poolSize = 10, opts: PoolOptions = {}): Db {
  if (target.provider === 'postgresql') {
    // One pool for Prisma and lib/sql.ts; Prisma's $disconnect ends it. Without the timeouts a
    // request waits forever for a database that went away (pg's defaults are "no limit").
    const pool = new pg.Pool({
      connectionString: target.url,
      max: poolSize,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
      query_timeout: opts.queryTimeoutMs ?? 15_000,
      // A transaction left open on its connection (Prisma gave up on it under load: maxWait or its
      // timeout passed while BEGIN or a statement was still on the wire) would hold its locks and its
      // connection for ever; the server ends it after as long as a statement may take.
      idle_in_transaction_session_timeout: opts.queryTimeoutMs ?? 15_000,
      idleTimeoutMillis: 30_000,
    })
    // An idle connection the server closed (a restart, an outage) is reported here; unhandled,
    // it would end the process. The pool drops it and opens a new one when asked.
    pool.on('error', (e) => log.warn('database connection lost', errorFields(e)))
    const client = guarded(new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as unknown as Db)
    Object.defineProperty(client, POOL, { value: pool })
    const executor = guardedSql(pgSql(pool))
    sqlOf.set(client, async () => executor)
    return client
  }
  if (target.file !== ':memory:') mkdirSync(path.dirname(target.file), { recursive: true })
  const adapter = new PrismaBetterSQLite3({ url: target.file, timeout: 10_000 })
  // Prisma opens the connection on first use (and again after a $disconnect): the executor follows it.
  let current: { connection: SqliteConnection; sql: Sql } | null = null
  const client = guarded(
    new SqliteClient({
      adapter: serialFactory(adapter, {
        connected: (connection) => (current = { connection, sql: guardedSql(sqliteSql(connection.database, connection.exclusive)) }),
        disposed: (connection) => {
          if (current?.connection === connection) current = null
        },
      }),
    }),
  )
  sqlOf.set(client, async () => {
    if (!current) await client.$connect()
    if (!current) throw new Error('the SQLite connection did not open')
    return current.sql
  })
  return client
}

const globalForDb = globalThis as unknown as { identityDb?: Db }

/** The process's database client (one per process, shared by Next's route modules and server.ts). */
export function db(): Db {
  const c = config()
  globalForDb.identityDb ??= createDb(c.database, c.DATABASE_POOL_SIZE, {
    connectTimeoutMs: c.DATABASE_CONNECT_TIMEOUT_MS,
    queryTimeoutMs: c.DATABASE_QUERY_TIMEOUT_MS,
  })
  return globalForDb.identityDb
}

/** The plain-SQL executor of the process's database (lib/sql.ts: hot-path statements only). */
export function sql(): Promise<Sql> {
  const client = db()
  const get = sqlOf.get(client)
  if (!get) throw new Error('this database client has no SQL executor (not made by createDb)')
  return get()
}

/** Tests only: use this client as the process's database. */
export function setDbForTests(client: Db | undefined): void {
  globalForDb.identityDb = client
}

/** True when the error is a unique-constraint violation (P2002), whatever the provider. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === 'P2002'
}

/** The unique fields a P2002 names, lower-cased, so callers can tell "phone taken" from "email taken". */
export function uniqueViolationFields(e: unknown): string[] {
  const meta = (e as { meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } })?.meta
  const target = meta?.target
  if (Array.isArray(target)) return target.map(String)
  if (typeof target === 'string') return [target]
  const fields = meta?.driverAdapterError?.cause?.constraint?.fields
  return Array.isArray(fields) ? fields.map((f) => f.replace(/"/g, '')) : []
}

// --- The database is unreachable: AuthError('unavailable') -----------------------------------------
//
// A request that needs the database while it is down (stopped, restarting, out of connections, a
// network cut) must get its dialect's 503 at once, not a 500 and not a hang (issue 20). The errors
// come in three shapes: pg's own (socket codes, server shutdown codes, the pool's connect timeout),
// the Prisma adapter's DriverAdapterError kinds wrapping them, and Prisma's P10xx codes. Both
// clients and the plain-SQL executor turn them into one AuthError kind here, so the core and the
// dialects never look at driver errors.

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, the 08 class
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  // Prisma: can't reach / timed out / server closed the connection / pool timeout
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  // SQLite: still locked after the busy timeout (another process holds the write lock)
  'SQLITE_BUSY',
])
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError'])
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Connection ended unexpectedly|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|the database system is (shutting down|starting up)|terminating connection due to administrator command|Can't reach database server/i

/** True when `e` says the database cannot be reached now (not that a statement was wrong). */
function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (depth > 5 || typeof e !== 'object' || e === null) return false
  if (isAuthError(e)) return e.kind === 'unavailable'
  const o = e as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } }
  if (typeof o.code === 'string' && UNAVAILABLE_CODES.has(o.code)) return true
  if (typeof o.kind === 'string' && UNAVAILABLE_KINDS.has(o.kind)) return true
  if (typeof o.message === 'string' && UNAVAILABLE_MESSAGES.test(o.message)) return true
  return isDatabaseUnavailable(o.cause, depth + 1) || isDatabaseUnavailable(o.meta?.driverAdapterError, depth + 1)
}

function unavailable(e: unknown): unknown {
  if (isAuthError(e) || !isDatabaseUnavailable(e)) return e
  noteUnavailable(e)
  return new AuthError('unavailable', { reason: 'database' })
}

// One log line per outage rather than one per request.
let lastLogged = 0
function noteUnavailable(e: unknown) {
  const now = Date.now()
  if (now - lastLogged < 5000) return
  lastLogged = now
  log.warn('database unavailable', errorFields(e))
}

function guardedSql(inner: Sql): Sql {
  return {
    ...inner,
    provider: inner.provider,
    all: <T>(text: string, params?: SqlValue[]) => inner.all<T>(text, params).catch((e: unknown) => Promise.reject(unavailable(e))),
    one: <T>(text: string, params?: SqlValue[]) => inner.one<T>(text, params).catch((e: unknown) => Promise.reject(unavailable(e))),
    run: (text: string, params?: SqlValue[]) => inner.run(text, params).catch((e: unknown) => Promise.reject(unavailable(e))),
  }
}

/**
 * The client with every operation's connection errors turned into AuthError('unavailable'): model
 * and raw operations through a query extension (which keeps Prisma's lazy promises, so batch
 * transactions still work), and $transaction / $connect, which fail before any operation runs.
 */
function guarded(client: Db): Db {
  const extended = client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args)
        } catch (e) {
          throw unavailable(e)
        }
      },
    },
  }) as unknown as Db
  const wrap = <F extends (...a: never[]) => Promise<unknown>>(f: F): F =>
    ((...a: Parameters<F>) => f(...a).catch((e: unknown) => Promise.reject(unavailable(e)))) as F
  const tx = wrap(extended.$transaction.bind(extended) as (...a: never[]) => Promise<unknown>)
  const connect = wrap(extended.$connect.bind(extended))
  return new Proxy(extended, {
    get(target, prop, receiver) {
      if (prop === '$transaction') return tx
      if (prop === '$connect') return connect
      return Reflect.get(target, prop, receiver)
    },
  })
}

/** Connections of the process's PostgreSQL pool (null on SQLite or before the database is first used). */
export function poolStats(): { total: number; idle: number; waiting: number; max: number } | null {
  const client = globalForDb.identityDb as unknown as { [POOL]?: pg.Pool } | undefined
  const pool = client?.[POOL]
  if (!pool) return null
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 }
}
