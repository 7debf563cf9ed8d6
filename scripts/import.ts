// Moves an old system's users here (#22; step by step: docs/migration.md).
//   npm run import -- --from thinksns|hyperf|flask|rageframe --source mysql://user:pass@host/db [--prefix rf_]
//                     [--rageframe-table member_info|member] [--batch 2000] [--dry-run] [--report FILE]
//   npm run import -- --file users.jsonl [--system NAME] [--dry-run]
// The target is the service's own database (DATABASE_URL). Run it again at any time: what is
// already here is updated, never duplicated.
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { config, ConfigError } from '../lib/config'
import { migrate } from '../lib/migrate'
import { SYSTEMS } from '../lib/import/types'

const args = z
  .object({
    from: z.enum(SYSTEMS).optional(),
    source: z.string().min(1).optional(),
    file: z.string().min(1).optional(),
    system: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,30}$/, 'lower-case letters, digits, - and _')
      .optional(),
    prefix: z.string().max(30).optional(),
    'rageframe-table': z.enum(['member_info', 'member']).optional(),
    batch: z.coerce.number().int().min(1).max(2000).default(2000),
    'dry-run': z.boolean().default(false),
    report: z.string().optional(),
  })
  .refine((a) => (a.file ? !a.from && !a.source : a.from && a.source), { message: 'give --from and --source, or --file' })

async function main() {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      source: { type: 'string' },
      file: { type: 'string' },
      system: { type: 'string' },
      prefix: { type: 'string' },
      'rageframe-table': { type: 'string' },
      batch: { type: 'string' },
      'dry-run': { type: 'boolean' },
      report: { type: 'string' },
    },
  })
  const parsed = args.safeParse(values)
  if (!parsed.success) {
    console.error(`import: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ')}`)
    console.error(
      'usage: npm run import -- --from thinksns|hyperf|flask|rageframe --source <url> [--prefix P] [--dry-run] | --file users.jsonl [--system NAME]',
    )
    process.exit(2)
  }
  const a = parsed.data
  await migrate(config().database)
  const { ensureBaseRoles } = await import('../lib/core/roles')
  await ensureBaseRoles()
  const { runImport } = await import('../lib/import/run')
  const { db } = await import('../lib/db')
  const tty = process.stderr.isTTY
  let lastLine = 0
  const started = Date.now()
  const summary = await runImport({
    system: a.file ? (a.system ?? 'file') : a.from!,
    source: a.source,
    file: a.file,
    prefix: a.prefix,
    rageframeTable: a['rageframe-table'],
    batchSize: a.batch,
    dryRun: a['dry-run'],
    reportFile: a.report,
    onProgress: ({ done, total, counts }) => {
      const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000))
      const tail = `${done.toLocaleString('en')}${total !== null ? `/${total.toLocaleString('en')}` : ''} users, ${rate.toLocaleString('en')}/s · created ${counts.created} updated ${counts.updated} merged ${counts.merged} unchanged ${counts.unchanged} skipped ${counts.skipped}`
      if (tty) {
        const width = 30
        const filled = total ? Math.round((Math.min(done, total) / Math.max(total, 1)) * width) : 0
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${tail}\x1b[K`)
      } else if (Date.now() - lastLine > 2000 || (total !== null && done >= total)) {
        lastLine = Date.now()
        process.stderr.write(`${tail}\n`)
      }
    },
  })
  if (tty) process.stderr.write('\n')
  const c = summary.counts
  console.log(
    `${summary.dryRun ? 'dry run (nothing written): ' : ''}read ${summary.read}, created ${c.created}, updated ${c.updated}, merged ${c.merged}, unchanged ${c.unchanged}, skipped ${c.skipped}; sessions ${summary.sessions}; ${summary.seconds.toFixed(1)} s`,
  )
  for (const [reason, n] of Object.entries(summary.skipped).sort((x, y) => y[1] - x[1])) console.log(`  skipped ${n}: ${reason}`)
  if (summary.shadowed)
    console.log(`  id_shadowed ${summary.shadowed}: users of ours who show a new id in this system (their own is now an imported account's)`)
  console.log(`report: ${summary.reportFile}`)
  await db().$disconnect()
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e)
  process.exit(1)
})
