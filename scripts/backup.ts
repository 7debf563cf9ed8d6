// `npm run backup [-- --out <file>]`: a consistent copy of the SQLite database named by
// DATABASE_URL, taken while the service runs. SQLite's online backup API (better-sqlite3's
// .backup()) copies page by page and restarts the pass when another connection writes meanwhile, so
// the copy is one committed state of the database, never a torn file (which `cp` of a WAL database
// can give). The copy is checked (PRAGMA integrity_check) before the command says it is done.
//
// PostgreSQL is backed up with its own tools (pg_dump; docs/deploy.md "Backups"): this command says
// so and exits non-zero rather than pretend.
import Database from 'better-sqlite3'
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import { config, ConfigError } from '../lib/config'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i === -1 ? undefined : process.argv[i + 1]
}

function stamp(d = new Date()): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
}

async function main() {
  const c = config()
  if (c.database.provider !== 'sqlite') {
    console.error('DATABASE_URL is PostgreSQL: back it up with pg_dump (docs/deploy.md, "Backups").')
    process.exit(2)
  }
  const source = c.database.file
  if (source === ':memory:' || !existsSync(source)) {
    console.error(`no database file at ${source}`)
    process.exit(1)
  }
  const out = path.resolve(arg('--out') ?? path.join(c.DATA_DIR, 'backups', `identity-${stamp()}.db`))
  if (existsSync(out)) {
    console.error(`${out} exists; not overwriting it`)
    process.exit(1)
  }
  mkdirSync(path.dirname(out), { recursive: true })
  // Written under a temporary name and renamed when complete and checked, so a file with the final
  // name is always a whole backup.
  const partial = `${out}.partial`
  rmSync(partial, { force: true })
  const db = new Database(source, { fileMustExist: true, timeout: 10_000 })
  try {
    const started = Date.now()
    await db.backup(partial)
    // Closed before the rename: closing the last connection folds a WAL file into the copy, so
    // the backup is one self-contained file.
    const copy = new Database(partial)
    let users: number
    try {
      const check = copy.pragma('integrity_check', { simple: true })
      if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`)
      users = (copy.prepare('SELECT count(*) AS n FROM "User"').get() as { n: number }).n
    } finally {
      copy.close()
    }
    renameSync(partial, out)
    console.log(`backup written: ${out} (${users} users, ${Date.now() - started} ms)`)
  } catch (e) {
    rmSync(partial, { force: true })
    throw e
  } finally {
    db.close()
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e)
  process.exit(1)
})
