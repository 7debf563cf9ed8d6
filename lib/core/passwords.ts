// Password hashing: argon2id with OWASP's parameters. @node-rs/argon2 hashes on libuv's thread
// pool, so a login never blocks the event loop. A hash made with other parameters verifies and is
// rehashed on the next successful sign-in (see users.ts).
import { hash, verify, parseOptions, type Algorithm } from '@node-rs/argon2'

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

export function hashPassword(password: string): Promise<string> {
  return hash(password, { ...params, algorithm: ARGON2_PARAMS.algorithm })
}

export async function verifyPassword(stored: string, password: string): Promise<{ ok: boolean; needsRehash: boolean }> {
  let ok = false
  try {
    ok = await verify(stored, password)
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
  await verify(await dummy, password).catch(() => false)
}
