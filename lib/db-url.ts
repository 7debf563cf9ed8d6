// Parsing of DATABASE_URL, shared by the Prisma CLI config, the migration script and lib/db.ts.
import path from 'node:path'

export const DEFAULT_DATABASE_URL = 'file:./data/identity.db'

export type DatabaseTarget = { provider: 'sqlite'; url: string; file: string } | { provider: 'postgresql'; url: string }

export function databaseTarget(raw: string | undefined): DatabaseTarget {
  const url = raw && raw.trim() !== '' ? raw.trim() : DEFAULT_DATABASE_URL
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: 'postgresql', url }
  if (url.startsWith('file:')) {
    const file = url.slice('file:'.length).split('?')[0]
    return { provider: 'sqlite', url, file: file === ':memory:' ? file : path.resolve(file) }
  }
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${url.split(':')[0]}:..."`)
}
