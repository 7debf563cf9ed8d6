// Measures the dashboard's users search (lib/admin/users.ts searchUsers, the query the /admin/users
// page runs) with 100 000 users, on SQLite and on PostgreSQL. SPEC §6 / issues 7 and 25: each search
// (by any part of a name, email or phone, the phone's last digits included) must answer in under
// 300 ms. Measured here, never in a timed test.
//   npm run bench:admin                 SQLite: seeds bench/results/admin-search.db once (kept for re-runs)
//   npm run bench:admin -- --pg postgres://identity:identity@127.0.0.1:5432/postgres
//                                       PostgreSQL: seeds the database admin_search_bench on that server once
//   npm run bench:admin -- --users 200000 --runs 20 --fresh
// Exit code 1 when any query's p95 is 300 ms or more.
import { parseArgs } from 'node:util'
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

const LIMIT_MS = 300

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '15' },
    fresh: { type: 'boolean', default: false },
    db: { type: 'string', default: 'bench/results/admin-search.db' },
    pg: { type: 'string' },
  },
})
const users = Number(values.users)
const runs = Number(values.runs)
const file = path.resolve(values.db!)
mkdirSync(path.dirname(file), { recursive: true })
const PG_DATABASE = 'admin_search_bench'

/** The bench's own database on the PostgreSQL server `url` names (created once, dropped by --fresh). */
async function pgDatabase(url: string): Promise<string> {
  const { default: pg } = await import('pg')
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    if (values.fresh) await admin.query(`DROP DATABASE IF EXISTS ${PG_DATABASE}`)
    const have = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_DATABASE])
    if (have.rowCount === 0) await admin.query(`CREATE DATABASE ${PG_DATABASE}`)
  } finally {
    await admin.end()
  }
  const u = new URL(url)
  u.pathname = `/${PG_DATABASE}`
  return u.toString()
}

if (values.fresh && !values.pg) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
process.env.DATA_DIR ??= path.dirname(file)
process.env.LOG_LEVEL ??= 'warn'

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] }
}

async function main() {
  // Set before lib/config is first imported: the bench owns its database.
  process.env.DATABASE_URL = values.pg ? await pgDatabase(values.pg) : `file:${file}`
  const where = values.pg ? `PostgreSQL (${PG_DATABASE})` : `SQLite (${file})`
  const { config } = await import('../lib/config')
  const { migrate } = await import('../lib/migrate')
  await migrate(config().database)
  const { ensureBaseRoles } = await import('../lib/core/roles')
  await ensureBaseRoles()
  const { db } = await import('../lib/db')
  const { seedUsers } = await import('../lib/admin/seed')
  const { searchUsers } = await import('../lib/admin/users')

  const have = await db().user.count()
  if (have < users) {
    const t = performance.now()
    console.log(`seeding ${users - have} users into ${where} ...`)
    await seedUsers({ count: users - have })
    console.log(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
  const total = await db().user.count()
  const some = await db().user.findFirstOrThrow({ where: { phone: { not: null } }, orderBy: { id: 'asc' }, skip: Math.floor(total / 2) })

  // Broad and narrow parts of each kind (start, middle, end), the empty list, a deep page, and a miss.
  const cases: { label: string; q: string; page?: number }[] = [
    { label: 'first page, no search', q: '' },
    { label: 'last page, no search', q: '', page: Math.ceil(total / 20) },
    { label: 'name prefix, broad ("z")', q: 'z' },
    { label: 'name prefix ("zhang")', q: 'zhang' },
    { label: 'name prefix, narrow', q: some.name.slice(0, some.name.length - 1) },
    { label: 'email prefix', q: `${some.name.slice(0, 8)}` },
    { label: 'full email', q: `${some.name}@example.com` },
    { label: 'phone prefix, broad ("19")', q: '19' },
    { label: 'phone prefix, every user ("1")', q: '1' },
    { label: 'phone prefix, 7 digits', q: some.phone!.slice(0, 7) },
    { label: 'full phone with +86', q: `+86 ${some.phone}` },
    { label: 'phone tail, 4 digits (手机尾号)', q: some.phone!.slice(-4) },
    { label: 'phone tail, 6 digits', q: some.phone!.slice(-6) },
    { label: 'phone tail, 8 digits', q: some.phone!.slice(-8) },
    { label: 'email domain', q: '@example.com' },
    { label: 'middle of a name', q: some.name.slice(3, 9) },
    { label: 'middle of a name, rare', q: some.name.slice(-7) },
    { label: 'id', q: `#${some.id}` },
    { label: 'no match', q: 'qqqqqq' },
    { label: 'broad search, page 50', q: 'zh', page: 50 },
  ]

  console.log(`users search, ${total} users, ${where}, ${runs} runs each after 2 warm-up runs`)
  console.log(`${'case'.padEnd(34)} ${'matches'.padStart(8)} ${'median'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}`)
  let worst = 0
  for (const c of cases) {
    const ms: number[] = []
    let matches = 0
    for (let i = 0; i < runs + 2; i++) {
      const t = performance.now()
      const r = await searchUsers({ q: c.q, page: c.page })
      const d = performance.now() - t
      matches = r.total
      if (i >= 2) ms.push(d)
    }
    const s = stats(ms)
    worst = Math.max(worst, s.p95)
    console.log(
      `${c.label.padEnd(34)} ${String(matches).padStart(8)} ${s.median.toFixed(1).padStart(7)}ms ${s.p95.toFixed(1).padStart(7)}ms ${s.max.toFixed(1).padStart(7)}ms`,
    )
  }
  const ok = worst < LIMIT_MS
  console.log(`${ok ? 'PASS' : 'FAIL'}: slowest p95 ${worst.toFixed(1)} ms (limit ${LIMIT_MS} ms)`)
  await db().$disconnect()
  process.exit(ok ? 0 : 1)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
