// One-time recovery codes (#26): RECOVERY_CODE_COUNT made at a TOTP enrolment, shown once, stored
// only as a hash. Each is about 50 random bits, so a plain SHA-256 (with the user id, so equal codes
// of two users never collide) is enough: nobody can try 2^50 guesses against the try limit.
import { randomInt } from 'node:crypto'
import { db, type Tx } from '../../db'
import { newId, sha256 } from '../ids'
import { RECOVERY_CODE_COUNT } from '../rules'

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

function newRecoveryCode(): string {
  let s = ''
  for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)]
  return `${s.slice(0, 5)}-${s.slice(5)}`
}

/** What a person typed, in the form the hash was made of: upper case, no dash or spaces. */
const canonical = (code: string) => code.toUpperCase().replace(/[\s-]/g, '')
const hashOf = (userId: number, code: string) => sha256(`recovery:${userId}:${canonical(code)}`)

/** Replaces the user's recovery codes with RECOVERY_CODE_COUNT new ones; returns them, the only time they are seen. */
export async function replaceRecoveryCodes(userId: number, tx: Tx = db()): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await tx.recoveryCode.deleteMany({ where: { userId } })
  await tx.recoveryCode.createMany({ data: codes.map((c) => ({ id: newId(), userId, codeHash: hashOf(userId, c) })) })
  return codes
}

/** Spends one recovery code: true once, false for a wrong or already used one (one conditional write). */
export async function spendRecoveryCode(userId: number, code: string): Promise<boolean> {
  const { count } = await db().recoveryCode.updateMany({ where: { userId, codeHash: hashOf(userId, code), usedAt: null }, data: { usedAt: new Date() } })
  return count === 1
}

export async function recoveryCodesLeft(userId: number): Promise<number> {
  return db().recoveryCode.count({ where: { userId, usedAt: null } })
}

export async function deleteRecoveryCodes(userId: number, tx: Tx = db()): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: { userId } })
}
