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
import { serialFactory, type SqliteConnection } from './sqlite-serial'
import { pgSql, sqliteSql, type Sql } from './sql'
import type { DatabaseTarget } from './db-url'

export type Db = SqliteClient
export type Tx = Prisma.TransactionClient
export { Prisma }

// Each client's plain-SQL executor (lib/sql.ts), on the same connection or pool. Kept on the client
// under a registered symbol, not in a module-level map: under server.ts this module is loaded twice
// (the fast path and Next's bundle) and both copies share one client through globalThis.
const SQL_EXECUTOR = Symbol.for('identity.sqlExecutor')
const sqlOf = {
  set(client: object, get: () => Promise<Sql>) {
    Object.defineProperty(client, SQL_EXECUTOR, { value: get })
  },
  get(client: object): (() => Promise<Sql>) | undefined {
    return (client as { [SQL_EXECUTOR]?: () => Promise<Sql> })[SQL_EXECUTOR]
  },
}

export function createDb(target: DatabaseTarget, poolSize = 10): Db {
  if (target.provider === 'postgresql') {
    // One pool for Prisma and lib/sql.ts; Prisma's $disconnect ends it.
    const pool = new pg.Pool({ connectionString: target.url, max: poolSize })
    const client = new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as unknown as Db
    const executor = pgSql(pool)
    sqlOf.set(client, async () => executor)
    return client
  }
  if (target.file !== ':memory:') mkdirSync(path.dirname(target.file), { recursive: true })
  const adapter = new PrismaBetterSQLite3({ url: target.file, timeout: 10_000 })
  // Prisma opens the connection on first use (and again after a $disconnect): the executor follows it.
  let current: { connection: SqliteConnection; sql: Sql } | null = null
  const client = new SqliteClient({
    adapter: serialFactory(adapter, {
      connected: (connection) => (current = { connection, sql: sqliteSql(connection.database, connection.exclusive) }),
      disposed: (connection) => {
        if (current?.connection === connection) current = null
      },
    }),
  })
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
  globalForDb.identityDb ??= createDb(config().database, config().DATABASE_POOL_SIZE)
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
