// Fixed-window counters kept in the database, so every instance sees the same count. Each hit is
// one conditional write: no read-modify-write race, no per-process Map.
import { db, type Tx } from '../db'
import { LIMIT_WINDOW_MAX_SECONDS } from './rules'
import { countLimitHit, insertLimitCounter, limitCounter, limitWindowStart, restartLimitWindow } from './store'

export type LimitResult = { ok: true } | { ok: false; retryAfter: number }

export async function hitLimit(key: string, limit: number, windowSeconds: number): Promise<LimitResult> {
  // Clean-up (cleanup.ts) deletes counters whose window ended by this bound: a longer window would be cut short.
  if (windowSeconds > LIMIT_WINDOW_MAX_SECONDS) throw new Error(`limit window ${windowSeconds}s is longer than LIMIT_WINDOW_MAX_SECONDS (lib/core/rules.ts)`)
  // Plain SQL (store.ts): every sign-in and code request hits one or two limits.
  const now = new Date()
  const windowFloor = new Date(now.getTime() - windowSeconds * 1000)
  for (let attempt = 0; attempt < 3; attempt++) {
    // 1. inside the window and under the limit: count this hit
    if (await countLimitHit(key, windowFloor, limit)) return { ok: true }
    // 2. the window is over: start a new one with this hit
    if (await restartLimitWindow(key, now, windowFloor)) return { ok: true }
    // 3. no row yet: create it
    const start = await limitWindowStart(key)
    if (start) return { ok: false, retryAfter: Math.max(1, Math.ceil((start.getTime() + windowSeconds * 1000 - now.getTime()) / 1000)) }
    // another request may create it first: then go round again
    if (await insertLimitCounter(key, now)) return { ok: true }
  }
  return { ok: false, retryAfter: 1 }
}

/** Whether `key` has reached `limit` in its current window, without counting a hit (counted later, on failure). */
export async function peekLimit(key: string, limit: number, windowSeconds: number): Promise<LimitResult> {
  const counter = await limitCounter(key)
  if (!counter) return { ok: true }
  const left = counter.windowStart.getTime() + windowSeconds * 1000 - Date.now()
  if (left <= 0 || counter.count < limit) return { ok: true }
  return { ok: false, retryAfter: Math.max(1, Math.ceil(left / 1000)) }
}

/** Gives back one hit (for example when the work it paid for failed through no fault of the user). */
export async function refundLimit(key: string, client: Tx = db()): Promise<void> {
  await client.rateLimit.updateMany({ where: { key, count: { gt: 0 } }, data: { count: { decrement: 1 } } })
}
