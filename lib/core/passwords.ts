// Password hashing: argon2id with OWASP's parameters. A hash made with other parameters verifies
// and is rehashed on the next successful sign-in (see users.ts).
//
// Each hash takes ~17 ms of one core and 19 MiB. They run on lib/hash-pool.ts's threads, never on
// the event loop, at a lower CPU priority than it: a burst of logins uses the idle cores and token
// checks keep their latency (SPEC §9: p99 of token verify while logins run). At most
// PASSWORD_HASH_CONCURRENCY hashes run at once (default: one per core); the rest wait their turn.
import { parseOptions, type Algorithm } from '@node-rs/argon2'
import { availableParallelism } from 'node:os'
import { config } from '../config'
import { HashPool } from '../hash-pool'
import { isFastFormat, passwordFormat } from './legacy-passwords'

/** OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1. */
const ARGON2_PARAMS = {
  algorithm: 2 as Algorithm, // Argon2id (a const enum in the typings)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const

let params: { memoryCost: number; timeCost: number; parallelism: number } = ARGON2_PARAMS

/** Tests only: hash with other parameters (to exercise rehash-on-login). */
export function setPasswordParamsForTests(next: typeof params | undefined): void {
  params = next ?? ARGON2_PARAMS
}

// One pool per process: under server.ts this module is loaded twice (the fast path and Next's
// bundle), and both must share the limit.
const g = globalThis as unknown as { identityHashPool?: HashPool }

function pool(): HashPool {
  if (!g.identityHashPool) {
    const configured = config().PASSWORD_HASH_CONCURRENCY
    g.identityHashPool = new HashPool(configured > 0 ? configured : Math.max(1, availableParallelism()), config().PASSWORD_HASH_NICE)
  }
  return g.identityHashPool
}

/** How many argon2 operations run and wait now, and the limit (for tests and diagnostics). */
export function hashingLoad(): { running: number; waiting: number; limit: number } {
  return pool().load()
}

export function hashPassword(password: string): Promise<string> {
  return pool().hash(password, { ...params, algorithm: ARGON2_PARAMS.algorithm })
}

/**
 * Checks a password against the stored hash: ours (argon2id), or a legacy one imported from an old
 * system (legacy-passwords.ts), which always needs a rehash. A hash in no known format never matches.
 */
export async function verifyPassword(stored: string, password: string): Promise<{ ok: boolean; needsRehash: boolean }> {
  const format = passwordFormat(stored)
  if (format === null) {
    await burnPasswordTime(password)
    return { ok: false, needsRehash: false }
  }
  if (format !== 'argon2') {
    const ok = await pool()
      .verifyLegacy(stored, password)
      .catch(() => false)
    // md5 is microseconds: a wrong guess takes an argon2 check's time, as an unknown user does.
    if (!ok && isFastFormat(format)) await burnPasswordTime(password)
    return { ok, needsRehash: ok }
  }
  let ok = false
  try {
    ok = await pool().verify(stored, password)
  } catch {
    return { ok: false, needsRehash: false }
  }
  if (!ok) return { ok, needsRehash: false }
  const o = parseOptions(stored)
  const needsRehash =
    (o.algorithm as number) !== (ARGON2_PARAMS.algorithm as number) ||
    o.memoryCost !== params.memoryCost ||
    o.timeCost !== params.timeCost ||
    o.parallelism !== params.parallelism
  return { ok, needsRehash }
}

let dummy: Promise<string> | undefined

/** Spends the time of one verification when there is no user, so timing does not reveal accounts. */
export async function burnPasswordTime(password: string): Promise<void> {
  dummy ??= hashPassword('identity-service-dummy-password')
  const stored = await dummy
  await pool()
    .verify(stored, password)
    .catch(() => false)
}
