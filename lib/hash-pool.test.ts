// lib/hash-pool.ts: argon2id on worker threads of lower CPU priority than the event loop.
import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { HashPool } from './hash-pool'

const FAST = { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 }

/** Nice value of every thread of this process, by thread id (Linux /proc). */
function threadNices(): Map<number, number> {
  const out = new Map<number, number>()
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')
      out.set(Number(tid), Number(fields[16]))
    } catch {
      // the thread ended meanwhile
    }
  }
  return out
}

const pools: HashPool[] = []
afterAll(() => pools.forEach((p) => p.close()))

describe('HashPool', () => {
  it('hashes and verifies; a wrong password is false and a malformed hash an error', async () => {
    const pool = new HashPool(2, 10)
    pools.push(pool)
    const h = await pool.hash('correct horse', FAST)
    expect(h).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/)
    expect(await pool.verify(h, 'correct horse')).toBe(true)
    expect(await pool.verify(h, 'wrong horse')).toBe(false)
    await expect(pool.verify('not a hash', 'x')).rejects.toThrow()
    // The pool still works after a job failed.
    expect(await pool.verify(h, 'correct horse')).toBe(true)
  })

  it('runs its threads at the configured nice value and leaves the event loop alone', async () => {
    const before = threadNices()
    const pool = new HashPool(2, 7)
    pools.push(pool)
    await Promise.all([pool.hash('a', FAST), pool.hash('b', FAST)])
    const after = threadNices()
    const added = [...after].filter(([tid]) => !before.has(tid))
    expect(added.filter(([, nice]) => nice === 7).length).toBe(2)
    // This thread (the process's main thread has the process id as its thread id) keeps its priority.
    expect(after.get(process.pid)).toBe(before.get(process.pid))
  })

  it('never runs more jobs than threads, and runs every job', async () => {
    const pool = new HashPool(1, 0)
    pools.push(pool)
    let peak = 0
    const jobs = Array.from({ length: 5 }, (_, i) => pool.hash(`p${i}`, FAST))
    const probe = setInterval(() => (peak = Math.max(peak, pool.load().running)), 0)
    expect(pool.load().waiting).toBe(4)
    const hashes = await Promise.all(jobs)
    clearInterval(probe)
    expect(new Set(hashes).size).toBe(5)
    expect(peak).toBe(1)
    expect(pool.load()).toEqual({ running: 0, waiting: 0, limit: 1 })
  })
})
