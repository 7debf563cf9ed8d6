// The old system's own database, read-only: MySQL/MariaDB (mysql2), PostgreSQL (pg) or a SQLite
// file (better-sqlite3). Every reader writes its statements once with `?` placeholders and names
// tables and columns through `q()`, which quotes them the way the source needs.
import path from 'node:path'

export type Row = Record<string, unknown>

export interface Source {
  readonly kind: 'mysql' | 'postgres' | 'sqlite'
  all(sql: string, params?: unknown[]): Promise<Row[]>
  /** Whether a table exists (optional tables: roles, permissions, tokens). */
  hasTable(name: string): Promise<boolean>
  close(): Promise<void>
}

/** Quotes an identifier for the source's SQL (MySQL backticks, else double quotes). */
export function quoter(kind: Source['kind']): (id: string) => string {
  return kind === 'mysql' ? (id) => '`' + id.replace(/`/g, '``') + '`' : (id) => '"' + id.replace(/"/g, '""') + '"'
}

export async function openSource(url: string): Promise<Source> {
  if (/^(mysql|mariadb):\/\//.test(url)) {
    const mysql = await import('mysql2/promise')
    const conn = await mysql.createConnection({ uri: url.replace(/^mariadb:/, 'mysql:'), dateStrings: false, supportBigNumbers: true, bigNumberStrings: false })
    return {
      kind: 'mysql',
      async all(sql, params = []) {
        const [rows] = await conn.query(sql, params)
        return rows as Row[]
      },
      async hasTable(name) {
        const [rows] = await conn.query('SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [name])
        return (rows as Row[]).length > 0
      },
      close: () => conn.end(),
    }
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { default: pg } = await import('pg')
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const numbered = (sql: string) => {
      let i = 0
      return sql.replace(/\?/g, () => `$${++i}`)
    }
    return {
      kind: 'postgres',
      async all(sql, params = []) {
        return (await client.query(numbered(sql), params)).rows as Row[]
      },
      async hasTable(name) {
        return (await client.query('SELECT 1 FROM information_schema.tables WHERE table_name = $1', [name])).rows.length > 0
      },
      close: () => client.end(),
    }
  }
  const file = url.startsWith('file:') ? url.slice(5) : url.startsWith('sqlite:') ? url.replace(/^sqlite:(\/\/)?/, '') : url
  const { default: Database } = await import('better-sqlite3')
  const sqlite = new Database(path.resolve(file), { readonly: true, fileMustExist: true })
  return {
    kind: 'sqlite',
    async all(sql, params = []) {
      return sqlite.prepare(sql).all(...(params as never[])) as Row[]
    },
    async hasTable(name) {
      return sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
    },
    async close() {
      sqlite.close()
    },
  }
}
