// SQLite through better-sqlite3 is one synchronous connection per process. Prisma's adapter opens
// interactive transactions on that same connection, so a query from another request that runs
// while a transaction is open would silently join it (and vanish if it rolls back). This wrapper
// makes every statement outside a transaction wait until the open transaction ends, and lets one
// transaction run at a time.
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'

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

function serialAdapter(inner: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Lock()
  const locked = async <T>(fn: () => Promise<T>): Promise<T> => {
    const release = await lock.acquire()
    try {
      return await fn()
    } finally {
      release()
    }
  }
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (q) => locked(() => inner.queryRaw(q)),
    executeRaw: (q) => locked(() => inner.executeRaw(q)),
    executeScript: (s) => locked(() => inner.executeScript(s)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
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

export function serialFactory(inner: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => serialAdapter(await withPragmas(await inner.connect())),
    connectToShadowDb: async () => serialAdapter(await inner.connectToShadowDb()),
  }
}
