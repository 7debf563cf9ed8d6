import { describe, expect, it } from 'vitest'
import { hitLimit } from './limits'
import { db } from '../db'

describe('database rate limits', () => {
  it('allows up to the limit in a window, then tells how long to wait', async () => {
    for (let i = 0; i < 3; i++) expect((await hitLimit('k1', 3, 60)).ok).toBe(true)
    const r = await hitLimit('k1', 3, 60)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.retryAfter).toBeGreaterThan(55)
  })

  it('starts a new window when the old one is over', async () => {
    for (let i = 0; i < 2; i++) await hitLimit('k2', 2, 60)
    expect((await hitLimit('k2', 2, 60)).ok).toBe(false)
    await db().rateLimit.update({ where: { key: 'k2' }, data: { windowStart: new Date(Date.now() - 61_000) } })
    expect((await hitLimit('k2', 2, 60)).ok).toBe(true)
  })

  it('counts exactly under concurrency: 30 parallel hits on a limit of 10 let 10 through', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => hitLimit('k3', 10, 60)))
    expect(results.filter((r) => r.ok)).toHaveLength(10)
  })
})
