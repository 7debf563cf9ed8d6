// The PostgreSQL pool's guard against a transaction left open on a connection (TEST_DATABASE=postgres):
// Prisma can hand a connection back to the pool after BEGIN when it gave up on a transaction under
// load; without the guard the next statements on that connection run inside the abandoned
// transaction and are never committed.
import { describe, expect, it } from 'vitest'
import pg from 'pg'
import { config } from './config'
import { createDb } from './db'

const target = config().database

describe.runIf(target.provider === 'postgresql')('a transaction left open on a pool connection', () => {
  it('is ended by the server after the query timeout, so later writes on that pool are committed', async () => {
    const client = createDb(target, 1, { queryTimeoutMs: 500 })
    const name = `leak_${Date.now()}`
    try {
      await client.$executeRawUnsafe(`CREATE TABLE "${name}" (v int)`)
      // A bare BEGIN through the pool: the one connection goes back with a transaction open on it.
      await client.$executeRawUnsafe('BEGIN')
      await new Promise((r) => setTimeout(r, 1200))
      await client.$executeRawUnsafe(`INSERT INTO "${name}" (v) VALUES (1)`)
      const other = new pg.Client({ connectionString: target.url })
      await other.connect()
      try {
        const { rows } = await other.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`)
        expect(Number(rows[0].n)).toBe(1)
      } finally {
        await other.query(`DROP TABLE "${name}"`)
        await other.end()
      }
    } finally {
      await client.$disconnect()
    }
  })
})
