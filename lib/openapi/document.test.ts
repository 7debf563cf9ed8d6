// Each generated document is kept in lib/openapi/__snapshots__/<name>.json and reviewed in the
// diff: a changed handler schema or error table without the document changing fails here
// (update with `npx vitest run lib/openapi -u` and read the diff).
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
