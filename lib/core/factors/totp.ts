// TOTP second factor (#26) on `otpauth`: RFC 6238 as authenticator apps read it (rules.ts TOTP_*).
// A code counts once: the step it was made for is stored (lastStep) in one conditional write, so
// the same code, or an older one, is refused even inside its window, and of two concurrent uses of
// one code exactly one succeeds. Clock skew: TOTP_WINDOW_STEPS either way.
import { Secret, TOTP } from 'otpauth'
import { db } from '../../db'
import { config } from '../../config'
import { AuthError } from '../errors'
import { audit } from '../audit'
import { newId } from '../ids'
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS, TOTP_WINDOW_STEPS } from '../rules'
import { replaceRecoveryCodes } from './recovery-codes'
import { seal, unseal } from './seal'
import type { FactorContext } from './types'

const totpFor = (secret: string, label: string) =>
  new TOTP({ issuer: config().MFA_ISSUER, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) })

/**
 * The step `code` is right for (within the skew), or null. `now` in ms.
 * @internal exported for the unit tests
 */
export function matchingStep(secret: string, code: string, now: number = Date.now()): number | null {
  const totp = totpFor(secret, 'x')
  const delta = totp.validate({ token: code, timestamp: now, window: TOTP_WINDOW_STEPS })
  return delta === null ? null : totp.counter({ timestamp: now }) + delta
}

export type TotpEnrolment = { factorId: string; secret: string; uri: string }

/**
 * Starts a TOTP enrolment: a new secret, stored sealed and unconfirmed (never asked for) until a
 * first code proves the app has it. An earlier unconfirmed one is dropped. One confirmed TOTP factor
 * per account: a second enrolment needs the first removed.
 */
export async function beginTotpEnrolment(user: { id: number; name: string }): Promise<TotpEnrolment> {
  const existing = await db().userFactor.findFirst({ where: { userId: user.id, kind: 'totp', confirmedAt: { not: null } }, select: { id: true } })
  if (existing) throw new AuthError('invalid_input', { field: 'totp', reason: 'already enrolled' })
  const secret = new Secret({ size: 20 }).base32
  await db().userFactor.deleteMany({ where: { userId: user.id, kind: 'totp', confirmedAt: null } })
  const factorId = newId()
  await db().userFactor.create({ data: { id: factorId, userId: user.id, kind: 'totp', name: 'Authenticator app', secret: seal(secret) } })
  return { factorId, secret, uri: totpFor(secret, user.name).toString() }
}

/**
 * Confirms an enrolment with a first code from the app. Returns the new recovery codes (shown once).
 * A wrong code: code_invalid, the enrolment stays open for another try (tries limited by the caller).
 */
export async function confirmTotpEnrolment(userId: number, factorId: string, code: string, ctx: FactorContext = {}): Promise<string[]> {
  const row = await db().userFactor.findFirst({ where: { id: factorId, userId, kind: 'totp', confirmedAt: null } })
  const secret = row?.secret ? unseal(row.secret) : null
  if (!row || !secret) throw new AuthError('code_invalid')
  const step = matchingStep(secret, code)
  if (step === null) throw new AuthError('code_invalid')
  return db().$transaction(async (tx) => {
    const { count } = await tx.userFactor.updateMany({ where: { id: factorId, confirmedAt: null }, data: { confirmedAt: new Date(), lastStep: step } })
    if (count !== 1) throw new AuthError('code_invalid')
    const codes = await replaceRecoveryCodes(userId, tx)
    await audit({ kind: 'factor.enrolled', userId, client: ctx.client, ip: ctx.ip, detail: { factor: 'totp', factorId } }, tx)
    await audit({ kind: 'recovery.generated', userId, client: ctx.client, ip: ctx.ip, detail: { count: codes.length } }, tx)
    return codes
  })
}

/**
 * Whether `code` is a fresh code of the user's confirmed TOTP factor: right within the skew, and
 * for a later step than any code accepted before (else it is a replay). Spends the step.
 */
export async function spendTotpCode(userId: number, code: string): Promise<boolean> {
  const row = await db().userFactor.findFirst({ where: { userId, kind: 'totp', confirmedAt: { not: null } } })
  const secret = row?.secret ? unseal(row.secret) : null
  if (!row || !secret) return false
  const step = matchingStep(secret, code)
  if (step === null) return false
  const { count } = await db().userFactor.updateMany({
    where: { id: row.id, OR: [{ lastStep: null }, { lastStep: { lt: step } }] },
    data: { lastStep: step, lastUsedAt: new Date() },
  })
  return count === 1
}
