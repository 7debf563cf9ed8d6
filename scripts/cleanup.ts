// `npm run cleanup`: deletes once what is past its retention (lib/core/cleanup.ts: expired codes,
// tokens and limit windows, ended sessions, old outbox and audit rows) and prints how many of each
// went. For a cron when CLEANUP_INTERVAL_MINUTES=0, or by hand; safe while the service runs, also on
// several hosts at once.
import { config, ConfigError } from '../lib/config'
import { cleanup } from '../lib/core/cleanup'
import { db } from '../lib/db'

async function main() {
  try {
    config()
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : e)
    process.exit(1)
  }
  const started = Date.now()
  const removed = await cleanup()
  console.log(JSON.stringify({ removed, ms: Date.now() - started }))
  await db().$disconnect()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
