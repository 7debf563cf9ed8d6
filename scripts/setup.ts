// Set-up of the database named by DATABASE_URL (default: a SQLite file in ./data): applies the
// committed migrations and creates the base roles and permissions. Safe to run on every start.
import { config, ConfigError } from '../lib/config'
import { migrate } from '../lib/migrate'

async function main() {
  const c = config()
  const applied = await migrate(c.database)
  const { ensureBaseRoles } = await import('../lib/core/roles')
  await ensureBaseRoles()
  const { db } = await import('../lib/db')
  await db().$disconnect()
  const where = c.database.provider === 'sqlite' ? c.database.file : 'PostgreSQL'
  console.log(`database ready (${where})${applied.length ? `; applied ${applied.join(', ')}` : ''}`)
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e)
  process.exit(1)
})
