// The Prisma client, chosen by DATABASE_URL: better-sqlite3 for file:, pg for postgres:// (SPEC §1).
// Both generated clients come from one schema, so the SQLite client's type describes both.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PrismaClient as SqliteClient, Prisma } from './generated/sqlite/client'
import { PrismaClient as PostgresClient } from './generated/postgres/client'
import { config } from './config'
import { serialFactory } from './sqlite-serial'
import type { DatabaseTarget } from './db-url'

export type Db = SqliteClient
export type Tx = Prisma.TransactionClient
export { Prisma }

export function createDb(target: DatabaseTarget, poolSize = 10): Db {
  if (target.provider === 'postgresql') {
    const adapter = new PrismaPg({ connectionString: target.url, max: poolSize })
    return new PostgresClient({ adapter }) as unknown as Db
  }
  if (target.file !== ':memory:') mkdirSync(path.dirname(target.file), { recursive: true })
  const adapter = new PrismaBetterSQLite3({ url: target.file, timeout: 10_000 })
  return new SqliteClient({ adapter: serialFactory(adapter) })
}

const globalForDb = globalThis as unknown as { identityDb?: Db }

/** The process's database client (one per process, shared by Next's route modules and server.ts). */
export function db(): Db {
  globalForDb.identityDb ??= createDb(config().database, config().DATABASE_POOL_SIZE)
  return globalForDb.identityDb
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
