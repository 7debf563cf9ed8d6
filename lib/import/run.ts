// One import run (#22): reads the old system's users in batches, writes each batch in one
// transaction (write.ts), reports progress, and ends with a summary and a report file listing
// every skipped or merged row and every dropped field, with the reason. A run changes nothing
// that is already there, so an interrupted run is simply started again.
import { createWriteStream, mkdirSync } from 'node:fs'
import path from 'node:path'
import { config } from '../config'
import { openSource } from './source'
import { systemReader } from './systems'
import { jsonlBatches } from './jsonl'
import { addResult, emptyCounts, MAX_BATCH, writeBatch, type BatchResult, type ReportEntry } from './write'
import type { SystemName } from './types'
import { idContext, keepNewIdsAboveMapped, shadowTakenIds } from './ids'
import { clearLegacyIdCache } from '../core/legacy-ids'

export type ImportOptions = {
  /** The system the users come from; with `file`, the name under which their ids are kept (default `file`). */
  system: SystemName | string
  source?: string
  file?: string
  prefix?: string
  rageframeTable?: 'member_info' | 'member'
  batchSize?: number
  dryRun?: boolean
  /** Where the report goes (JSON Lines); default ./data/import-<system>-<time>.report.jsonl. */
  reportFile?: string
  onProgress?: (p: { done: number; total: number | null; counts: BatchResult['counts'] }) => void
}

export type ImportSummary = BatchResult & {
  read: number
  /** Users of ours given a new id in this system because the run mapped their own to someone else (`id_shadowed`). */
  shadowed: number
  reportFile: string
  seconds: number
  dryRun: boolean
}

export async function runImport(o: ImportOptions): Promise<ImportSummary> {
  const started = Date.now()
  const size = Math.min(o.batchSize ?? MAX_BATCH, MAX_BATCH)
  const total: BatchResult = { counts: emptyCounts(), skipped: {}, sessions: 0, report: [] }
  const reportFile =
    o.reportFile ??
    path.join(config().DATA_DIR, `import-${o.system}-${new Date().toISOString().replace(/[:.]/g, '-')}${o.dryRun ? '.dry-run' : ''}.report.jsonl`)
  mkdirSync(path.dirname(reportFile), { recursive: true })
  const report = createWriteStream(reportFile)
  const flush = (entries: ReportEntry[]) => entries.forEach((e) => report.write(JSON.stringify(e) + '\n'))
  let read = 0
  let shadowed = 0
  let idFloor = 0
  const step = (r: BatchResult, n: number, all: number | null) => {
    read += n
    flush(r.report)
    addResult(total, { ...r, report: [] })
    o.onProgress?.({ done: read, total: all, counts: total.counts })
  }
  try {
    if (o.file) {
      let sourceMax = 0
      for await (const lines of jsonlBatches(o.file, size)) for (const l of lines) if ('user' in l && l.user.id) sourceMax = Math.max(sourceMax, l.user.id)
      const ids = await idContext(o.system, sourceMax)
      idFloor = ids.idFloor
      for await (const lines of jsonlBatches(o.file, size)) {
        const bad: ReportEntry[] = []
        const users = []
        for (const l of lines) {
          if ('error' in l) bad.push({ system: o.system, legacyId: `line ${l.line}`, outcome: 'skipped', reason: l.error })
          else users.push(l.user)
        }
        const r = await writeBatch(o.system, users, { dryRun: !!o.dryRun, ...ids })
        for (const b of bad) {
          r.counts.skipped++
          const reason = b.reason.split(':')[0]
          r.skipped[reason] = (r.skipped[reason] ?? 0) + 1
          r.report.push(b)
        }
        step(r, lines.length, null)
      }
    } else {
      if (!o.source) throw new Error('a --source database URL (or --file) is needed')
      const src = await openSource(o.source)
      try {
        const reader = await systemReader(o.system as SystemName, src, {
          prefix: o.prefix ?? (o.system === 'rageframe' ? 'rf_' : ''),
          rageframeTable: o.rageframeTable,
          rageframeAccessTtl: config().RAGEFRAME_ACCESS_TTL_SECONDS,
          rageframeRefreshTtl: config().RAGEFRAME_REFRESH_TTL_SECONDS,
        })
        const all = await reader.count()
        const ids = await idContext(o.system, await reader.maxId())
        idFloor = ids.idFloor
        let after: string | number | null = null
        for (;;) {
          const { users, last } = await reader.batch(after, size)
          if (users.length === 0) break
          step(await writeBatch(o.system, users, { dryRun: !!o.dryRun, ...ids }), users.length, all)
          after = last
          if (users.length < size) break
        }
      } finally {
        await src.close()
      }
    }
    // After every batch: a user shadowed early may still have been merged with a later row.
    const shadows = await shadowTakenIds(o.system, idFloor, !!o.dryRun)
    shadowed = shadows.length
    flush(shadows)
    if (!o.dryRun) await keepNewIdsAboveMapped()
  } finally {
    await new Promise<void>((resolve) => report.end(resolve))
    // This process's dialects (tests, a script) read the map anew.
    clearLegacyIdCache()
  }
  return { ...total, read, shadowed, reportFile, seconds: (Date.now() - started) / 1000, dryRun: !!o.dryRun }
}
