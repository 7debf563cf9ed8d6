// Each generated document is kept in lib/openapi/__snapshots__/<name>.json and reviewed in the
// diff: a changed handler schema or error table without the document changing fails here
// (update with `npx vitest run lib/openapi -u` and read the diff).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { config, loadConfig, setConfigForTests } from '../config'
import { DOCUMENT_NAMES, generateDocument } from '.'

// The descriptions show the settings in force: the snapshot is taken with the defaults, whatever
// the shell running the tests exports.
const running = config()
beforeAll(() => {
  setConfigForTests(loadConfig({ NODE_ENV: 'test', DATA_DIR: running.DATA_DIR, DATABASE_URL: running.DATABASE_URL, AUTH_SECRET: running.authSecret }))
})
afterAll(() => setConfigForTests(running))

describe.each(DOCUMENT_NAMES)('%s document', (name) => {
  it('matches its reviewed snapshot', async () => {
    const doc = await generateDocument(name)
    await expect(JSON.stringify(doc, null, 2) + '\n').toMatchFileSnapshot(`./__snapshots__/${name}.json`)
  })

  it('is OpenAPI 3.1 with an operation id, summary and responses on every operation', async () => {
    const doc = await generateDocument(name)
    expect(doc.openapi).toBe('3.1.0')
    const ids = new Set<string>()
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        expect(ids.has(op.operationId), op.operationId).toBe(false)
        ids.add(op.operationId)
        expect(op.summary).not.toBe('')
        expect(Object.keys(op.responses).length).toBeGreaterThan(0)
        // No body of any answer is a stack trace.
        expect(JSON.stringify(op.responses)).not.toMatch(/\bat .+\.(ts|js):\d+/)
      }
    }
  })
})

// The examples marked as the seeds' are copied from them: every string in them appears in a seed
// (shared/seeds beside the repository; skipped where it is absent).
const seedsDir = path.resolve(__dirname, '../../../shared/seeds')
describe.skipIf(!existsSync(seedsDir))('seed examples', () => {
  const seeds = existsSync(seedsDir)
    ? readdirSync(seedsDir)
        .map((f) => readFileSync(path.join(seedsDir, f), 'utf8'))
        .join('\n')
    : ''
  const strings = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []

  it.each(DOCUMENT_NAMES)('%s: every string of a seed example is in the seeds', async (name) => {
    const doc = await generateDocument(name)
    let checked = 0
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        for (const r of Object.values(op.responses)) {
          for (const ex of Object.values(r.content?.['application/json']?.examples ?? {})) {
            if (!/^seed \d{3}/.test(ex.summary)) continue
            for (const s of strings(ex.value)) {
              expect(seeds.includes(s), `${op.operationId}: "${s}" is not in the seeds`).toBe(true)
              checked++
            }
          }
        }
      }
    }
    if (name !== 'standards') expect(checked).toBeGreaterThan(0)
  })
})
