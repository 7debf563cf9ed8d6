// Measures `npm run import` (#22) of 100 000 users into the embedded default (SQLite): a ThinkSNS+
// `users` table (bcrypt `$2y$10$` hashes, stored as they are, never hashed at import) in a SQLite
// source file, imported in batches; then the second run, which must change nothing. Measured
// here, never in a timed test. Exit code 1 when the first run takes 60 s or more.
//   npm run bench:import [-- --users 100000 --batch 2000]
import { parseArgs } from 'node:util'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

const LIMIT_SECONDS = 60

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '2000' },
    dir: { type: 'string', default: 'bench/results/import' },
  },
})
const users = Number(values.users)
const dir = path.resolve(values.dir!)
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const target = path.join(dir, 'target.db')
const sourceFile = path.join(dir, 'thinksns.db')

// Set before lib/config is first imported: the bench owns its databases.
process.env.DATABASE_URL = `file:${target}`
process.env.DATA_DIR = dir
process.env.LOG_LEVEL ??= 'warn'

async function makeSource(): Promise<void> {
  const { default: Database } = await import('better-sqlite3')
  const { default: bcrypt } = await import('bcryptjs')
  const hashes = Array.from({ length: 8 }, (_, i) => bcrypt.hashSync(`password-${i}`, 10).replace(/^\$2b\$/, '$2y$'))
  const src = new Database(sourceFile)
  src.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT UNIQUE, email TEXT UNIQUE, phone TEXT UNIQUE, password TEXT,
    email_verified_at TEXT, phone_verified_at TEXT, remember_token TEXT, register_ip TEXT, last_login_ip TEXT,
    created_at TEXT, updated_at TEXT, deleted_at TEXT)`)
  const insert = src.prepare(
    'INSERT INTO users (id, name, email, phone, password, last_login_ip, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  src.transaction(() => {
    for (let i = 1; i <= users; i++) {
      const at = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString().replace('T', ' ').slice(0, 19)
      insert.run(
        i,
        `member_${i}`,
        `member${i}@example.com`,
        `13${String(100_000_000 + i).padStart(9, '0')}`,
        hashes[i % hashes.length],
        '10.0.0.1',
        at,
        at,
        i % 97 === 0 ? at : null,
      )
    }
  })()
  src.close()
}

async function main() {
  await makeSource()
  const { config } = await import('../lib/config')
  const { migrate } = await import('../lib/migrate')
  await migrate(config().database)
  const { ensureBaseRoles } = await import('../lib/core/roles')
  await ensureBaseRoles()
  const { runImport } = await import('../lib/import/run')
  const batchSize = Number(values.batch)
  const t0 = performance.now()
  const first = await runImport({ system: 'thinksns', source: sourceFile, batchSize, reportFile: path.join(dir, 'first.report.jsonl') })
  const firstSeconds = (performance.now() - t0) / 1000
  const t1 = performance.now()
  const second = await runImport({ system: 'thinksns', source: sourceFile, batchSize, reportFile: path.join(dir, 'second.report.jsonl') })
  const secondSeconds = (performance.now() - t1) / 1000
  const { db } = await import('../lib/db')
  const inTarget = await db().user.count()
  await db().$disconnect()
  const lines = [
    `# Import of ${users.toLocaleString('en')} users (ThinkSNS+ table, SQLite source → SQLite target, batches of ${batchSize})`,
    '',
    `${new Date().toISOString()} · Node ${process.version}`,
    '',
    '| run | seconds | users/s | created | updated | unchanged | skipped |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| first | ${firstSeconds.toFixed(1)} | ${Math.round(users / firstSeconds).toLocaleString('en')} | ${first.counts.created} | ${first.counts.updated} | ${first.counts.unchanged} | ${first.counts.skipped} |`,
    `| second (nothing to change) | ${secondSeconds.toFixed(1)} | ${Math.round(users / secondSeconds).toLocaleString('en')} | ${second.counts.created} | ${second.counts.updated} | ${second.counts.unchanged} | ${second.counts.skipped} |`,
    '',
    `Users in the target: ${inTarget.toLocaleString('en')}. Limit: the first run under ${LIMIT_SECONDS} s.`,
    '',
  ]
  const out = path.resolve('bench/results/import.md')
  writeFileSync(out, lines.join('\n'))
  console.log(lines.join('\n'))
  if (first.counts.created !== users || second.counts.unchanged !== users) {
    console.error('import bench: the counts are not what was imported')
    process.exit(1)
  }
  if (firstSeconds >= LIMIT_SECONDS) process.exit(1)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
