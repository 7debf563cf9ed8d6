// Password hashing: argon2id with OWASP's parameters. @node-rs/argon2 hashes on libuv's thread
// pool, so a login never blocks the event loop. A hash made with other parameters verifies and is
// rehashed on the next successful sign-in (see users.ts).
//
// Each hash takes ~17 ms of one core and 19 MiB. Left alone, a burst of logins fills every core
// and token checks queue behind it (SPEC §9: p99 of token verify while logins run). So at most
// PASSWORD_HASH_CONCURRENCY hashes run at once (default: cores - 1, at least 1); the rest wait
// their turn without blocking the event loop.
import { hash, verify, parseOptions, type Algorithm } from '@node-rs/argon2'
import { availableParallelism } from 'node:os'
import { config } from '../config'

/** OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1. */
export const ARGON2_PARAMS = {
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

let running = 0
const waiting: (() => void)[] = []

function limit(): number {
  const configured = config().PASSWORD_HASH_CONCURRENCY
  return configured > 0 ? configured : Math.max(1, availableParallelism() - 1)
}

/** Runs one argon2 operation when a slot is free. */
async function slot<T>(work: () => Promise<T>): Promise<T> {
  // A finishing operation hands its slot straight to the next waiter, so no newcomer slips in
  // between and the limit holds exactly.
  if (running >= limit()) await new Promise<void>((resolve) => waiting.push(resolve))
  else running++
  try {
    return await work()
  } finally {
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

/** How many argon2 operations run and wait now, and the limit (for tests and diagnostics). */
export function hashingLoad(): { running: number; waiting: number; limit: number } {
  return { running, waiting: waiting.length, limit: limit() }
}

export function hashPassword(password: string): Promise<string> {
  return slot(() => hash(password, { ...params, algorithm: ARGON2_PARAMS.algorithm }))
}

export async function verifyPassword(stored: string, password: string): Promise<{ ok: boolean; needsRehash: boolean }> {
  let ok = false
  try {
    ok = await slot(() => verify(stored, password))
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
  await slot(() => verify(stored, password)).catch(() => false)
}
