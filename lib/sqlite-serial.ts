// SQLite through better-sqlite3 is one synchronous connection per process. Prisma's adapter opens
// interactive transactions on that same connection, so a query from another request that runs
// while a transaction is open would silently join it (and vanish if it rolls back). This wrapper
// makes every statement outside a transaction wait until the open transaction ends, and lets one
// transaction run at a time.
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'
import type BetterSqlite3 from 'better-sqlite3'

/**
 * The connection under Prisma, for lib/sql.ts's prepared statements: `exclusive` runs a synchronous
 * piece of work under the same lock as Prisma's statements and transactions.
 */
export type SqliteConnection = { database: BetterSqlite3.Database; exclusive: <T>(fn: () => T) => Promise<T> }

export type ConnectionHooks = { connected(c: SqliteConnection): void; disposed(c: SqliteConnection): void }

class Lock {
  private tail: Promise<void> = Promise.resolve()
  acquire(): Promise<() => void> {
    let release!: () => void
    const next = new Promise<void>((r) => (release = r))
    const ready = this.tail.then(() => release)
    this.tail = this.tail.then(() => next)
    return ready
  }
}

function serialAdapter(inner: SqlDriverAdapter, hooks?: ConnectionHooks): SqlDriverAdapter {
  const lock = new Lock()
  const locked = async <T>(fn: () => Promise<T>): Promise<T> => {
    const release = await lock.acquire()
    try {
      return await fn()
    } finally {
      release()
    }
  }
  // @prisma/adapter-better-sqlite3 keeps its better-sqlite3 Database in `client`.
  const database = (inner as unknown as { client?: BetterSqlite3.Database }).client
  const connection: SqliteConnection | null = database ? { database, exclusive: (fn) => locked(async () => fn()) } : null
  if (connection) hooks?.connected(connection)
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (q) => locked(() => inner.queryRaw(q)),
    executeRaw: (q) => locked(() => inner.executeRaw(q)),
    executeScript: (s) => locked(() => inner.executeScript(s)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => {
      if (connection) hooks?.disposed(connection)
      return inner.dispose()
    },
    async startTransaction(isolationLevel) {
      const release = await lock.acquire()
      let tx: Transaction
      try {
        tx = await inner.startTransaction(isolationLevel)
      } catch (e) {
        release()
        throw e
      }
      let done = false
      const end = () => {
        if (!done) {
          done = true
          release()
        }
      }
      return {
        provider: tx.provider,
        adapterName: tx.adapterName,
        options: tx.options,
        queryRaw: (q) => tx.queryRaw(q),
        executeRaw: (q) => tx.executeRaw(q),
        commit: () => tx.commit().finally(end),
        rollback: () => tx.rollback().finally(end),
      }
    },
  }
}

/**
 * Per-connection settings. WAL (set at migration) with synchronous=NORMAL is SQLite's recommended
 * pairing: no corruption on a crash, and a commit no longer waits for an fsync (a power loss may
 * drop the last commits). foreign_keys makes the schema's ON DELETE CASCADE hold.
 */
async function withPragmas(adapter: SqlDriverAdapter): Promise<SqlDriverAdapter> {
  await adapter.executeScript('PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;')
  return adapter
}

export function serialFactory(inner: SqlMigrationAwareDriverAdapterFactory, hooks?: ConnectionHooks): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => serialAdapter(await withPragmas(await inner.connect()), hooks),
    connectToShadowDb: async () => serialAdapter(await inner.connectToShadowDb()),
  }
}
