// Fixed-window counters kept in the database, so every instance sees the same count. Each hit is
// one conditional write: no read-modify-write race, no per-process Map.
import { db, isUniqueViolation, type Tx } from '../db'

export type LimitResult = { ok: true } | { ok: false; retryAfter: number }

export async function hitLimit(key: string, limit: number, windowSeconds: number, client: Tx = db()): Promise<LimitResult> {
  const now = new Date()
  const windowFloor = new Date(now.getTime() - windowSeconds * 1000)
  for (let attempt = 0; attempt < 3; attempt++) {
    // 1. inside the window and under the limit: count this hit
    const inc = await client.rateLimit.updateMany({
      where: { key, windowStart: { gt: windowFloor }, count: { lt: limit } },
      data: { count: { increment: 1 } },
    })
    if (inc.count === 1) return { ok: true }
    // 2. the window is over: start a new one with this hit
    const reset = await client.rateLimit.updateMany({
      where: { key, windowStart: { lte: windowFloor } },
      data: { count: 1, windowStart: now },
    })
    if (reset.count === 1) return { ok: true }
    // 3. no row yet: create it
    const row = await client.rateLimit.findUnique({ where: { key } })
    if (row) {
      const retryAfter = Math.max(1, Math.ceil((row.windowStart.getTime() + windowSeconds * 1000 - now.getTime()) / 1000))
      return { ok: false, retryAfter }
    }
    try {
      await client.rateLimit.create({ data: { key, count: 1, windowStart: now } })
      return { ok: true }
    } catch (e) {
      if (!isUniqueViolation(e)) throw e
      // another request created it first: go round again
    }
  }
  return { ok: false, retryAfter: 1 }
}

/** Gives back one hit (for example when the work it paid for failed through no fault of the user). */
export async function refundLimit(key: string, client: Tx = db()): Promise<void> {
  await client.rateLimit.updateMany({ where: { key, count: { gt: 0 } }, data: { count: { decrement: 1 } } })
}

export async function clearLimit(key: string, client: Tx = db()): Promise<void> {
  await client.rateLimit.deleteMany({ where: { key } })
}
