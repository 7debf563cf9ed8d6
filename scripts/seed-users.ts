// Creates many users quickly, for trying the dashboard at scale (SPEC §6: "fast with 100 000 users").
//   npm run seed:users                       100 000 users on DATABASE_URL (default: the embedded SQLite file)
//   npm run seed:users -- --count 5000 --password 'seeded_password_1'
// Every seeded user has role USER and the same password (one argon2id hash, computed once), a
// phone 19xxxxxxxxx and mostly an email; running it again adds more after the existing ones.
import { parseArgs } from 'node:util'
import { config, ConfigError } from '../lib/config'
import { migrate } from '../lib/migrate'

async function main() {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '100000' }, password: { type: 'string', default: 'seeded_password_1' } } })
  const count = Number(values.count)
  if (!Number.isInteger(count) || count < 1 || count > 5_000_000) throw new Error('--count must be a whole number from 1 to 5000000')
  await migrate(config().database)
  const { ensureBaseRoles } = await import('../lib/core/roles')
  await ensureBaseRoles()
  const { seedUsers } = await import('../lib/admin/seed')
  const { db } = await import('../lib/db')
  const started = Date.now()
  const step = Math.max(10_000, Math.floor(count / 10))
  let next = step
  const r = await seedUsers({
    count,
    password: values.password,
    onProgress: (done) => {
      if (done >= next || done === count) {
        console.log(`  ${done} / ${count}`)
        next += step
      }
    },
  })
  console.log(`created ${r.created} users (ids from ${r.firstSeq}) in ${((Date.now() - started) / 1000).toFixed(1)} s; password: ${values.password}`)
  await db().$disconnect()
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e instanceof Error ? e.message : e)
  process.exit(1)
})
