// Each generated document is kept in lib/openapi/__snapshots__/<name>.json and reviewed in the
// diff: a changed handler schema or error table without the document changing fails here
// (update with `npx vitest run lib/openapi -u` and read the diff).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { config, loadConfig, setConfigForTests } from '../config'
import { signInLimitPerAddress } from '../core/rules'
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

// The documents are public: the live rate limits must not be in them, or they tell an attacker how
// fast to go (#21 item 12). Every numeric setting that is a limit (its name has LIMIT or _PER_; the
// body size a client must know is published on purpose) gets an odd value: no document may change,
// and none of the values (nor the per-address sign-in limit made from one) may appear.
describe('published limits', () => {
  const base = () => ({ NODE_ENV: 'test', DATA_DIR: running.DATA_DIR, DATABASE_URL: running.DATABASE_URL, AUTH_SECRET: running.authSecret })
  const limitSettings = Object.entries(loadConfig(base()))
    .filter(([k, v]) => typeof v === 'number' && /LIMIT|_PER_/.test(k) && k !== 'BODY_LIMIT_BYTES')
    .map(([k]) => k)

  /** Each limit setting at an odd value its schema accepts (largest first), distinct from the others. */
  function oddLimits(): Record<string, string> {
    const env: Record<string, string> = {}
    limitSettings.forEach((k, i) => {
      const value = [48611, 7919, 991, 97, 13]
        .map((v) => String(v + 2 * i))
        .find((v) => {
          try {
            loadConfig({ ...base(), ...env, [k]: v })
            return true
          } catch {
            return false
          }
        })
      if (value === undefined) throw new Error(`no odd value accepted for ${k}`)
      env[k] = value
    })
    return env
  }

  it('knows the limit settings', () => {
    expect(limitSettings).toEqual(expect.arrayContaining(['LOGIN_LIMIT_PER_MINUTE', 'CODE_DAILY_LIMIT_PER_TARGET', 'CODE_DAILY_LIMIT_PER_IP']))
  })

  it.each(DOCUMENT_NAMES)('%s: no limit setting changes the document, and no limit value appears in it', async (name) => {
    const plain = JSON.stringify(await generateDocument(name))
    const odd = oddLimits()
    setConfigForTests(loadConfig({ ...base(), ...odd }))
    let text: string
    try {
      text = JSON.stringify(await generateDocument(name))
    } finally {
      setConfigForTests(loadConfig(base()))
    }
    for (const [k, v] of Object.entries(odd)) {
      // (A value a setting's bounds keep small is too common a number to look for: the equality below covers it.)
      for (const n of [Number(v), signInLimitPerAddress(Number(v))].filter((n) => n >= 97))
        expect(text, `${k} (${n})`).not.toMatch(new RegExp(`(?<![\\d.])${n}(?![\\d.])`))
      expect(text, k).not.toContain(k)
    }
    expect(text).toBe(plain)
    // Nor the fixed limits of the code (lib/core/rules.ts, a dialect's profile.ts): "60 per minute", "within 60 seconds".
    expect(text).not.toMatch(/\d+ (?:[a-z-]+ )?per (?:second|minute|hour|day)|within \d+ s|less than \d+ s/i)
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
