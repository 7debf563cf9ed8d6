// The bound of docs/decisions/0003-session-cache.md: a revocation made on this instance is seen at
// once; one made elsewhere (here: a direct write, as another instance's would be) within
// SESSION_CACHE_MS, never later.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { config, setConfigForTests } from '../config'
import { db, sql } from '../db'
import type { SqlValue } from '../sql'
import { makeUser } from '../../test/factories'
import { clearSessionCache, createSession, getLiveSession, revokeSession } from './sessions'

const BOUND_MS = 1000

beforeAll(() => {
  setConfigForTests({ ...config(), SESSION_CACHE_MS: BOUND_MS })
})
afterAll(() => {
  vi.useRealTimers()
  setConfigForTests(undefined)
  clearSessionCache()
})

describe('live-session cache', () => {
  it('sees a revocation on the same instance at once', async () => {
    const { user } = await makeUser()
    const s = await createSession({ userId: user.id, client: 'hyperf', ttlSeconds: 3600 })
    expect(await getLiveSession(s.id)).not.toBeNull()
    expect(await revokeSession(s.id, 'logout')).toBe(true)
    expect(await getLiveSession(s.id)).toBeNull()
  })

  it('sees a revocation written by another instance within SESSION_CACHE_MS', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const { user } = await makeUser()
      const s = await createSession({ userId: user.id, client: 'flask', ttlSeconds: 3600 })
      expect(await getLiveSession(s.id)).not.toBeNull()
      // Another instance revokes: only the database changes.
      await db().session.update({ where: { id: s.id }, data: { revokedAt: new Date(), revokeReason: 'admin' } })
      vi.setSystemTime(Date.now() + BOUND_MS - 1)
      // Still inside the bound: the cached answer may be used (this is what the bound permits).
      expect(await getLiveSession(s.id)).not.toBeNull()
      vi.setSystemTime(Date.now() + 2)
      expect(await getLiveSession(s.id)).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })

  it('does not cache a live answer read while a revocation on this instance was under way', async () => {
    const { user } = await makeUser()
    const s = await createSession({ userId: user.id, client: 'thinksns', ttlSeconds: 3600 })
    // The lookup reads "live", but its answer arrives only after the revocation has finished (as
    // on a pool of connections): it must not land in the cache.
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const q = await sql()
    const original = q.one.bind(q)
    let calls = 0
    const spy = vi.spyOn(q, 'one').mockImplementation((async (text: string, params?: SqlValue[]) => {
      const first = calls++ === 0
      const row = await original(text, params)
      if (first) await gate
      return row
    }) as typeof q.one)
    try {
      const lookup = getLiveSession(s.id)
      expect(await revokeSession(s.id, 'logout')).toBe(true)
      release()
      expect(await lookup).not.toBeNull() // read before the revocation: that answer is fine once
    } finally {
      spy.mockRestore()
    }
    expect(await getLiveSession(s.id)).toBeNull()
  })

  it('never answers live for an expired session', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const { user } = await makeUser()
      const s = await createSession({ userId: user.id, client: 'browser', ttlSeconds: 1 })
      expect(await getLiveSession(s.id)).not.toBeNull()
      vi.setSystemTime(Date.now() + 1001)
      expect(await getLiveSession(s.id)).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })
})
