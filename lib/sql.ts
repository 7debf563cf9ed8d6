// The executor of plain SQL for the few statements on the hot paths (issue 9, SPEC §9, decision
// 0006). The statements themselves, each beside its Prisma path, are in lib/core/store.ts; this
// file holds only what differs between the providers (placeholders, statement caching, dates).
//
// Why not Prisma there: with driver adapters Prisma 6.19 compiles every query in its WASM query
// compiler (engineType "client") and better-sqlite3 re-prepares it; measured on a refresh, that
// was ~60 % of the CPU and 1.5–3 ms per call, against tens of microseconds for a prepared
// statement. Everything else stays on Prisma. These statements run on the SAME connection (SQLite)
// or pool (PostgreSQL) as Prisma, so they see its commits, and on SQLite they wait behind an open
// Prisma transaction exactly as Prisma's own statements do (lib/sqlite-serial.ts).
//
// Statements are written once with `?` placeholders and quoted identifiers ("Session"."userId",
// taken from the generated client in store.ts), which both providers read the same way; dates go
// through `sqlDate`/`fromSqlDate` so they are stored exactly as Prisma stores them (SQLite: ISO
// text with +00:00; PostgreSQL: UTC timestamp(3)).
import type BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'

export type SqlValue = string | number | null

export interface Sql {
  readonly provider: 'sqlite' | 'postgresql'
  /** The rows of a query. */
  all<T>(text: string, params?: SqlValue[]): Promise<T[]>
  /** The first row, or undefined. */
  one<T>(text: string, params?: SqlValue[]): Promise<T | undefined>
  /** Runs a write; the number of rows it changed. */
  run(text: string, params?: SqlValue[]): Promise<number>
}

/** A date as Prisma writes it for this provider. */
export function sqlDate(sql: Sql, d: Date): string {
  const iso = d.toISOString()
  // SQLite: what @prisma/adapter-better-sqlite3 writes (timestampFormat iso8601), so text
  // comparisons with Prisma-written values hold. PostgreSQL: a zone-less UTC literal for a
  // `timestamp(3)` column, as @prisma/adapter-pg writes it (a Date through pg would use local time).
  return sql.provider === 'sqlite' ? iso.replace('Z', '+00:00') : iso.replace('T', ' ').replace('Z', '')
}

/** A date column as read by `all`/`one` (SQLite text, PostgreSQL text of a timestamp) → Date. */
export function fromSqlDate(v: string | number | null): Date | null {
  if (v === null) return null
  if (typeof v === 'number') return new Date(v)
  // "2026-11-23T09:06:12.898+00:00" (SQLite, from Prisma), "2026-11-23 09:06:12.898" (PostgreSQL
  // timestamp without zone, always UTC here) or SQLite's CURRENT_TIMESTAMP "2026-11-23 09:06:12".
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(v)
  return new Date(zoned ? v : v.replace(' ', 'T') + 'Z')
}

// ---------------------------------------------------------------------------------------------

type Exclusive = <T>(fn: () => T) => Promise<T>

/**
 * SQLite: prepared statements on Prisma's own better-sqlite3 connection, each run under the
 * connection's lock (`exclusive`), so none slips into another request's open transaction.
 */
export function sqliteSql(database: BetterSqlite3.Database, exclusive: Exclusive): Sql {
  const statements = new Map<string, BetterSqlite3.Statement>()
  const prepared = (text: string) => {
    let s = statements.get(text)
    if (!s) {
      // Prisma's adapter turns on safe integers for the whole connection; ours are small counts
      // and ids, read as plain numbers.
      s = database.prepare(text).safeIntegers(false)
      statements.set(text, s)
    }
    return s
  }
  return {
    provider: 'sqlite',
    all: <T>(text: string, params: SqlValue[] = []) => exclusive(() => prepared(text).all(...params) as T[]),
    one: <T>(text: string, params: SqlValue[] = []) => exclusive(() => prepared(text).get(...params) as T | undefined),
    run: (text: string, params: SqlValue[] = []) => exclusive(() => prepared(text).run(...params).changes),
  }
}

// pg's parsers for these types would turn a zone-less timestamp into local time; keep the text and
// let fromSqlDate read it as UTC. int8 (counts) as numbers.
const TIMESTAMP = 1114
const TIMESTAMPTZ = 1184
const INT8 = 20

/** `?` placeholders → `$1, $2, …` (our statements hold no `?` inside literals). */
export function numbered(text: string): string {
  let n = 0
  return text.replace(/\?/g, () => `$${++n}`)
}

/** PostgreSQL: the pool Prisma's adapter uses, with named (server-side prepared) statements. */
export function pgSql(pool: pg.Pool): Sql {
  const names = new Map<string, { name: string; text: string }>()
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === TIMESTAMP || oid === TIMESTAMPTZ) return (v: string) => v
      if (oid === INT8) return (v: string) => Number(v)
      return pg.types.getTypeParser(oid, format ?? 'text')
    }) as pg.CustomTypesConfig['getTypeParser'],
  }
  const query = async <T>(text: string, params: SqlValue[]) => {
    let q = names.get(text)
    if (!q) {
      q = { name: `identity_${names.size + 1}`, text: numbered(text) }
      names.set(text, q)
    }
    return pool.query<T & pg.QueryResultRow>({ name: q.name, text: q.text, values: params, types })
  }
  return {
    provider: 'postgresql',
    all: async <T>(text: string, params: SqlValue[] = []) => (await query<T>(text, params)).rows as T[],
    one: async <T>(text: string, params: SqlValue[] = []) => (await query<T>(text, params)).rows[0] as T | undefined,
    run: async (text: string, params: SqlValue[] = []) => (await query(text, params)).rowCount ?? 0,
  }
}
